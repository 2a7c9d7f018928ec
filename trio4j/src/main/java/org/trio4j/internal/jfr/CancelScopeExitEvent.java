package org.trio4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A task left a cancel scope (a nursery's included); says whether the scope caught Cancelled. Off
 * by default: every nursery and every timeout block exits a scope (see {@link Jfr}'s notes).
 */
@Name("org.trio4j.CancelScopeExit")
@Label("Cancel Scope Exit")
@Category("trio4j")
@Enabled(false)
@Description("A task left a cancel scope; cancelledCaught tells whether the scope ended its block")
final class CancelScopeExitEvent extends jdk.jfr.Event {
  @Label("Task")
  String task;

  @Label("Nursery")
  @Description("Whether the scope is a nursery's")
  boolean nursery;

  @Label("Cancelled Caught")
  boolean cancelledCaught;

  @Label("Cancel Called")
  boolean cancelCalled;

  @Label("Reason")
  @Description("Why the scope was cancelled, if it was")
  String reason;

  @Label("Deadline")
  @Description("Nanoseconds on the run's clock; Long.MAX_VALUE if none")
  long deadline;

  @Label("Shield")
  boolean shield;
}
