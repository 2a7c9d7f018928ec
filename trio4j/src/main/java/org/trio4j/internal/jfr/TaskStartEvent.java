package org.trio4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A task began to run, on its own virtual thread (the event's thread). Off by default, as the JDK's
 * {@code jdk.VirtualThreadStart} is: one event (with a stack trace) per task would make an
 * always-on recording cost a spawn several times its price (see {@link Jfr}'s notes).
 */
@Name("org.trio4j.TaskStart")
@Label("Task Start")
@Category("trio4j")
@Enabled(false)
@Description("A trio4j task began to run; the event thread is the task's virtual thread")
final class TaskStartEvent extends jdk.jfr.Event {
  @Label("Run")
  long run;

  @Label("Task")
  String task;

  @Label("Task Id")
  long taskId;

  @Label("Parent Task")
  @Description("The task that opened the nursery this task was started in")
  String parentTask;
}
