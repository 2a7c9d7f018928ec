package org.trio4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A cancel scope was cancelled, explicitly or by its deadline; on the cancelling thread. */
@Name("org.trio4j.Cancel")
@Label("Cancel")
@Category("trio4j")
@Description(
    "A cancel scope was cancelled (cancel() or its deadline); the event thread is the canceller")
final class CancelEvent extends jdk.jfr.Event {
  @Label("Scope Owner")
  @Description("The task that entered the scope, if it has been entered")
  String task;

  @Label("Nursery")
  @Description("Whether the scope is a nursery's")
  boolean nursery;

  @Label("Reason")
  String reason;

  @Label("Deadline")
  @Description("Nanoseconds on the run's clock; Long.MAX_VALUE if none")
  long deadline;

  @Label("Shield")
  boolean shield;
}
