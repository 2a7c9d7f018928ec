package org.trio4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.trio4j.internal.SystemClock;
import org.trio4j.lowlevel.Instrument;

/**
 * How a run is set up: its clock, its instruments, and its scheduling mode.
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
 */
public record RunOptions(
    Supplier<? extends Clock> clockFactory,
    List<Instrument> instruments,
    Scheduling scheduling,
    long seed) {

  /** The default options: the system clock, no instruments, parallel scheduling. */
  public static final RunOptions DEFAULT = builder().build();

  /**
   * Validates and copies the components.
   *
   * @param clockFactory gives the run's clock
   * @param instruments instruments installed before the root task starts
   * @param scheduling how tasks are scheduled
   * @param seed the seed of the cooperative scheduler's choices
   */
  public RunOptions {
    Objects.requireNonNull(clockFactory, "clockFactory");
    instruments = List.copyOf(instruments);
    Objects.requireNonNull(scheduling, "scheduling");
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
     * Builds the options.
     *
     * @return the options
     */
    public RunOptions build() {
      long s = seed != null ? seed : java.util.concurrent.ThreadLocalRandom.current().nextLong();
      return new RunOptions(clockFactory, instruments, scheduling, s);
    }
  }
}
