package org.trio4j.internal;

import java.util.concurrent.ThreadLocalRandom;
import org.trio4j.Clock;

/**
 * The default clock: {@link System#nanoTime()} plus a random offset of between 10,000 and 200,000
 * seconds, as Trio's, so that code which mixes run time with {@code System.nanoTime()} fails early.
 */
public final class SystemClock implements Clock {
  private final long offset;

  /** Creates a clock with a fresh random offset. */
  public SystemClock() {
    long startNanos =
        ThreadLocalRandom.current().nextLong(10_000_000_000_000L, 200_000_000_000_000L);
    this.offset = startNanos - System.nanoTime();
  }

  @Override
  public long currentTime() {
    return System.nanoTime() + offset;
  }

  @Override
  public long deadlineToSleepTime(long deadline) {
    if (deadline == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, deadline - currentTime());
  }

  @Override
  public String toString() {
    return "SystemClock[offset=" + offset + "ns]";
  }
}
