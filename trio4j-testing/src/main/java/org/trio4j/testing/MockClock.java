package org.trio4j.testing;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.trio4j.Clock;

/**
 * A clock for tests: virtual time that runs at any rate (by default not at all), can be {@linkplain
 * #jump jumped} forward, and can {@linkplain #setAutojumpThreshold autojump}: when every task of
 * the run has been blocked for the threshold of real time, it jumps straight to the next deadline.
 *
 * <p>With autojump, a test that sleeps for an hour finishes at once, and time-dependent behaviour
 * can be asserted exactly:
 *
 * {@snippet :
 * MockClock clock = MockClock.autojumping();
 * Trio.run(RunOptions.builder().clock(clock).build(), () -> {
 *   Trio.sleep(Duration.ofMinutes(5));
 *   assertEquals(Duration.ofMinutes(5).toNanos(), Trio.currentTime());
 *   return null;
 * });
 * }
 *
 * <p>Time starts at 0. A clock may be reused for several runs one after another; its time carries
 * on. Thread-safe.
 */
public final class MockClock implements Clock {
  /*
   * Implementation notes. The time is virtualBase + (System.nanoTime() - realBase) * rate;
   * every change of rate re-bases both, so that time never goes backwards. Jumps add to
   * virtualBase. Listeners (the runs using the clock) are told of every change, so a run whose
   * timer loop sleeps until "something happens" re-examines its deadlines.
   */

  private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
  // Guarded by `this`.
  private long virtualBase;
  private long realBase = System.nanoTime();
  private double rate;
  private long autojumpThreshold = Long.MAX_VALUE;

  /** Creates a clock at time 0 that does not move by itself and does not autojump. */
  public MockClock() {}

  /**
   * Creates a clock at time 0 that does not move by itself and autojumps as soon as every task is
   * blocked (threshold 0): the usual clock for tests.
   *
   * @return the clock
   */
  public static MockClock autojumping() {
    MockClock c = new MockClock();
    c.setAutojumpThreshold(Duration.ZERO);
    return c;
  }

  @Override
  public void start(Listener listener) {
    listeners.add(listener);
  }

  @Override
  public void stop(Listener listener) {
    listeners.remove(listener);
  }

  @Override
  public synchronized long currentTime() {
    if (rate == 0) {
      return virtualBase;
    }
    return virtualBase + (long) ((System.nanoTime() - realBase) * rate);
  }

  @Override
  public synchronized long deadlineToSleepTime(long deadline) {
    long now = currentTime();
    if (deadline <= now) {
      return 0;
    }
    if (rate == 0 || deadline == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    double real = Math.ceil((deadline - now) / rate);
    return real >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) real;
  }

  /**
   * Returns the rate: virtual seconds per real second.
   *
   * @return the rate, 0 by default
   */
  public synchronized double rate() {
    return rate;
  }

  /**
   * Sets the rate at which virtual time passes, in virtual seconds per real second.
   *
   * @param newRate 0 for a clock that moves only by jumps, 1 for real time; not negative
   * @throws IllegalArgumentException if negative, NaN or infinite
   */
  public void setRate(double newRate) {
    if (!(newRate >= 0) || Double.isInfinite(newRate)) {
      throw new IllegalArgumentException(
          "rate must be a finite number >= 0 (virtual seconds per real second), but was "
              + newRate);
    }
    synchronized (this) {
      virtualBase = currentTime();
      realBase = System.nanoTime();
      rate = newRate;
    }
    changed();
  }

  /**
   * Returns the autojump threshold.
   *
   * @return the real time every task must be blocked before the clock jumps, or null if autojump is
   *     off
   */
  public synchronized Duration autojumpThreshold() {
    return autojumpThreshold == Long.MAX_VALUE ? null : Duration.ofNanos(autojumpThreshold);
  }

  @Override
  public synchronized long autojumpThresholdNanos() {
    return autojumpThreshold;
  }

  /**
   * Turns autojump on: when every task of the run has been blocked for {@code threshold} of real
   * time, the clock jumps to the run's next deadline. {@code Duration.ZERO} jumps as soon as
   * everything is blocked.
   *
   * @param threshold real time; not negative
   */
  public void setAutojumpThreshold(Duration threshold) {
    if (threshold.isNegative()) {
      throw new IllegalArgumentException("threshold must not be negative, but was " + threshold);
    }
    long nanos;
    try {
      nanos = threshold.toNanos();
    } catch (ArithmeticException tooLong) {
      nanos = Long.MAX_VALUE;
    }
    synchronized (this) {
      autojumpThreshold = nanos;
    }
    changed();
  }

  /** Turns autojump off. */
  public void disableAutojump() {
    synchronized (this) {
      autojumpThreshold = Long.MAX_VALUE;
    }
    changed();
  }

  /**
   * Moves the clock forward by {@code duration}; deadlines that it passes expire.
   *
   * @param duration how far; not negative (time never goes backwards)
   * @throws IllegalArgumentException if negative
   */
  public void jump(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "a MockClock cannot go backwards; jump must not be negative, but was " + duration);
    }
    long nanos;
    try {
      nanos = duration.toNanos();
    } catch (ArithmeticException tooLong) {
      throw new IllegalArgumentException("jump too large: " + duration, tooLong);
    }
    jumpNanos(nanos);
  }

  @Override
  public void autojump(long nanos) {
    jumpNanos(nanos);
  }

  private void jumpNanos(long nanos) {
    synchronized (this) {
      long t = virtualBase + nanos;
      virtualBase = t < virtualBase ? Long.MAX_VALUE - 1 : t;
    }
    changed();
  }

  private void changed() {
    for (Listener l : listeners) {
      l.clockChanged();
    }
  }

  @Override
  public synchronized String toString() {
    return "MockClock[time="
        + Duration.ofNanos(currentTime())
        + ", rate="
        + rate
        + (autojumpThreshold == Long.MAX_VALUE
            ? ""
            : ", autojump after " + Duration.ofNanos(autojumpThreshold))
        + "]";
  }
}
