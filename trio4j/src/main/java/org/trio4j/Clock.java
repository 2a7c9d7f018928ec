package org.trio4j;

/**
 * The source of time for a run: {@link Trio#currentTime()}, deadlines and sleeps all read it.
 *
 * <p>Times are {@code long} nanoseconds on the clock's own time line, with no relation to wall time
 * or to other runs' clocks; only differences are meaningful. {@link Long#MAX_VALUE} stands for
 * "never". The default clock is the JDK's monotonic {@link System#nanoTime()} shifted by a large
 * random offset, so that code which mixes it up with {@code System.nanoTime()} fails early. Tests
 * use {@code org.trio4j.testing.MockClock}, which can run at any rate and jump.
 *
 * <p>Implementations must be thread-safe: the run reads the clock from every task and from its
 * timer loop.
 *
 * {@snippet :
 * Trio.run(RunOptions.builder().clock(new MockClock()).build(), () -> {
 *   Trio.sleep(Duration.ofHours(1)); // returns at once on an autojumping mock clock
 *   return null;
 * });
 * }
 */
public interface Clock {
  /**
   * Called when a run starts using this clock, before any task runs.
   *
   * @param listener call its {@link Listener#clockChanged()} whenever the clock's time or its rate
   *     changes other than by the passing of real time, or its autojump threshold changes, so that
   *     the run re-examines its deadlines
   */
  default void start(Listener listener) {}

  /**
   * Called when a run that used this clock has ended.
   *
   * @param listener the listener given to {@link #start(Listener)}
   */
  default void stop(Listener listener) {}

  /**
   * Returns the current time.
   *
   * @return nanoseconds on this clock's time line
   */
  long currentTime();

  /**
   * Returns how long, in real nanoseconds, the run should wait before {@code deadline} can have
   * been reached; 0 if it has been, {@link Long#MAX_VALUE} to wait until something else happens.
   *
   * @param deadline a time on this clock
   * @return real nanoseconds to wait, never negative
   */
  long deadlineToSleepTime(long deadline);

  /**
   * Returns the autojump threshold: when every task of the run has been blocked for this many real
   * nanoseconds, the run calls {@link #autojump(long)}. {@link Long#MAX_VALUE} (the default) turns
   * autojumping off.
   *
   * @return real nanoseconds, or {@link Long#MAX_VALUE}
   */
  default long autojumpThresholdNanos() {
    return Long.MAX_VALUE;
  }

  /**
   * Called when the run has been idle for the autojump threshold: advance the clock by {@code
   * nanos}, which brings it to the run's next deadline.
   *
   * @param nanos how far to jump, positive
   */
  default void autojump(long nanos) {
    throw new UnsupportedOperationException(getClass().getName() + " does not autojump");
  }

  /** Told by a clock that it changed; implemented by the run. */
  @FunctionalInterface
  interface Listener {
    /** The clock's time, rate or autojump threshold changed. */
    void clockChanged();
  }
}
