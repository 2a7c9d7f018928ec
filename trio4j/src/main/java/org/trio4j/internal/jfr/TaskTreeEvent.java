package org.trio4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * The task-tree dump of every executing run, emitted at the end of every chunk, so that {@code jcmd
 * <pid> JFR.dump} (which ends one) captures it, next to the thread stacks of {@code jcmd <pid>
 * Thread.dump_to_file}.
 */
@Name("org.trio4j.TaskTree")
@Label("Task Tree")
@Category("trio4j")
@Description("The task-tree dump (nurseries, cancel scopes, tasks and what they wait for) of runs")
@Period("endChunk")
@StackTrace(false)
final class TaskTreeEvent extends jdk.jfr.Event {
  @Label("Runs")
  int runs;

  @Label("Dump")
  String dump;
}
