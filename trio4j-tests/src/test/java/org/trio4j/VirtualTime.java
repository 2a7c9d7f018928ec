package org.trio4j;

import java.time.Duration;

/** Virtual times for assertions: tests compare {@link Trio#currentTime()} with these. */
public final class VirtualTime {
  private VirtualTime() {}

  /**
   * Returns {@code s} seconds in clock nanoseconds.
   *
   * @param s seconds
   * @return nanoseconds
   */
  public static long seconds(long s) {
    return Duration.ofSeconds(s).toNanos();
  }
}
