package org.trio4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Threshold;

/**
 * A task was parked in a trio4j wait (a sleep, a lock, a channel, an I/O readiness wait, the end of
 * a nursery...) for longer than the threshold, 20 ms by default, as {@code jdk.ThreadPark}.
 */
@Name("org.trio4j.Park")
@Label("Task Park")
@Category("trio4j")
@Description("A trio4j task was parked; blockedOn says what it waited for")
@Threshold("20 ms")
final class ParkEvent extends jdk.jfr.Event {
  @Label("Task")
  String task;

  @Label("Blocked On")
  String blockedOn;

  @Label("Outcome")
  @Description("woken, or cancelled (the park was aborted)")
  String outcome;
}
