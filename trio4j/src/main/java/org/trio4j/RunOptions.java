package org.trio4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.trio4j.internal.SystemClock;
import org.trio4j.lowlevel.Instrument;

/**
 * How a run is set up: its clock, its instruments, its scheduling mode, and the slow-task warning
 * threshold of the cooperative mode.
 *
 * {@snippet :
 * RunOptions options = RunOptions.builder().clock(new MockClock()).build();
 * Trio.run(options, () -> work());
 * }
 *
 * @param clockFactory gives the run's clock; called once per run
 * @param instruments instruments installed before the root task starts
 * @param scheduling how tasks are scheduled
 * @param seed the seed of the cooperative scheduler's choices; ignored in parallel mode
 * @param slowTaskThreshold in cooperative mode, how long (in real time) one task may hold the run
 *     without a checkpoint before it is reported and expired deadlines are fired anyway; ignored in
 *     parallel mode
 */
public record RunOptions(
    Supplier<? extends Clock> clockFactory,
    List<Instrument> instruments,
    Scheduling scheduling,
    long seed,
    Duration slowTaskThreshold) {

  /** The default {@link #slowTaskThreshold()}: 100 ms, asyncio's slow-callback threshold. */
  public static final Duration DEFAULT_SLOW_TASK_THRESHOLD = Duration.ofMillis(100);

  /** The default options: the system clock, no instruments, parallel scheduling. */
  public static final RunOptions DEFAULT = builder().build();

  /**
   * Validates and copies the components.
   *
   * @param clockFactory gives the run's clock
   * @param instruments instruments installed before the root task starts
   * @param scheduling how tasks are scheduled
   * @param seed the seed of the cooperative scheduler's choices
   * @param slowTaskThreshold how long one task may hold a cooperative run without a checkpoint
   * @throws IllegalArgumentException if {@code slowTaskThreshold} is not positive
   */
  public RunOptions {
    Objects.requireNonNull(clockFactory, "clockFactory");
    instruments = List.copyOf(instruments);
    Objects.requireNonNull(scheduling, "scheduling");
    checkThreshold(slowTaskThreshold);
  }

  private static Duration checkThreshold(Duration threshold) {
    Objects.requireNonNull(threshold, "slowTaskThreshold");
    if (threshold.isNegative() || threshold.isZero()) {
      throw new IllegalArgumentException(
          "slowTaskThreshold must be positive, not " + threshold + "; the default is 100 ms");
    }
    return threshold;
  }

  /**
   * Starts a builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * How the tasks of a run are scheduled. The engine treats the mode as a policy: the same code
   * runs unchanged in every mode.
   */
  public enum Scheduling {
    /**
     * Tasks run on the JDK's virtual-thread scheduler, on every core; shared state needs the usual
     * Java care. Code between two checkpoints is not atomic in this mode.
     */
    PARALLEL,
    /**
     * Exactly one task of the run executes at a time, and switches happen only at checkpoints, so
     * code between two checkpoints is atomic, as in Trio. The next task is chosen by a random
     * source seeded with {@link RunOptions#seed()}: the same seed with a {@code MockClock} replays
     * the same interleaving, and many seeds explore many interleavings.
     */
    COOPERATIVE
  }

  /** Builds {@link RunOptions}. */
  public static final class Builder {
    private Supplier<? extends Clock> clockFactory = SystemClock::new;
    private final List<Instrument> instruments = new ArrayList<>();
    private Scheduling scheduling = Scheduling.PARALLEL;
    private Long seed;
    private Duration slowTaskThreshold = DEFAULT_SLOW_TASK_THRESHOLD;

    private Builder() {}

    /**
     * Uses {@code clock} for the run.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      this.clockFactory = () -> clock;
      return this;
    }

    /**
     * Installs an instrument from the start of the run.
     *
     * @param instrument the instrument
     * @return this builder
     */
    public Builder instrument(Instrument instrument) {
      instruments.add(Objects.requireNonNull(instrument, "instrument"));
      return this;
    }

    /**
     * Chooses the scheduling mode.
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder scheduling(Scheduling mode) {
      this.scheduling = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Sets the seed of the cooperative scheduler; a random one is drawn if none is given.
     *
     * @param newSeed the seed
     * @return this builder
     */
    public Builder seed(long newSeed) {
      this.seed = newSeed;
      return this;
    }

    /**
     * Sets the slow-task threshold of the cooperative mode (default 100 ms of real time). A task
     * that holds a cooperative run for longer than this without reaching a checkpoint (it is
     * blocked in foreign code such as {@code Thread.sleep} or JDBC, or computes without
     * checkpoints) is reported once through {@link System.Logger} (logger {@code org.trio4j}, level
     * WARNING, with the task's stack trace), like asyncio's slow-callback warning; from then on,
     * deadlines that expire while it still holds the run are fired anyway, which interrupts it. The
     * threshold is therefore also how late, at most, a deadline reaches such a task. Ignored in
     * parallel mode, where other tasks keep running and deadlines fire on time.
     *
     * {@snippet :
     * RunOptions options = RunOptions.builder()
     *     .scheduling(RunOptions.Scheduling.COOPERATIVE)
     *     .slowTaskThreshold(Duration.ofMillis(20))
     *     .build();
     * }
     *
     * @param threshold real time; must be positive
     * @return this builder
     * @throws IllegalArgumentException if {@code threshold} is zero or negative
     */
    public Builder slowTaskThreshold(Duration threshold) {
      this.slowTaskThreshold = checkThreshold(threshold);
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public RunOptions build() {
      long s = seed != null ? seed : java.util.concurrent.ThreadLocalRandom.current().nextLong();
      return new RunOptions(clockFactory, instruments, scheduling, s, slowTaskThreshold);
    }
  }
}
