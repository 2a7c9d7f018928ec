package org.trio4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A task ended; the event spans the task's life, so JDK Mission Control draws it as a bar. Off by
 * default, as the JDK's {@code jdk.VirtualThreadEnd} is (see {@link Jfr}'s notes).
 */
@Name("org.trio4j.TaskExit")
@Label("Task Exit")
@Category("trio4j")
@Enabled(false)
@Description("A trio4j task ended; the duration is its lifetime")
final class TaskExitEvent extends jdk.jfr.Event {
  @Label("Run")
  long run;

  @Label("Task")
  String task;

  @Label("Task Id")
  long taskId;

  @Label("Outcome")
  @Description("returned, cancelled (a Cancelled left its body) or failed")
  String outcome;

  @Label("Failure")
  @Description("What the body threw, if anything")
  String failure;
}
