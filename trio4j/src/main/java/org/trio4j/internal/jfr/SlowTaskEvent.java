package org.trio4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** In cooperative mode, a task held the run past the slow-task threshold without a checkpoint. */
@Name("org.trio4j.SlowTask")
@Label("Slow Task")
@Category("trio4j")
@Description(
    "A task held a cooperative run longer than RunOptions.slowTaskThreshold without a checkpoint")
final class SlowTaskEvent extends jdk.jfr.Event {
  @Label("Task")
  String task;

  @Label("Held For")
  @Timespan(Timespan.NANOSECONDS)
  long heldFor;
}
