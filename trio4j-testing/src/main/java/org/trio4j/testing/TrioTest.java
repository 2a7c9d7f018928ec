package org.trio4j.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.trio4j.Clock;
import org.trio4j.RunOptions;

/**
 * Marks a JUnit 5 test whose body runs inside {@code Trio.run}, as its main task: pytest-trio's
 * counterpart. Use it instead of {@code @Test}.
 *
 * <p>By default the run uses an {@linkplain MockClock#autojumping() autojumping} {@link MockClock}:
 * sleeps and timeouts take no real time, and virtual times can be asserted exactly. A test can ask
 * for the real clock, for a mock clock that does not autojump, or for a clock of its own; it can
 * also take the run's {@link MockClock} (or {@link Clock}) as a parameter to drive it.
 *
 * <p>The scheduling mode comes from the system property {@code trio4j.scheduling} ({@code
 * parallel}, the default, or {@code cooperative}), so a whole suite can run in both modes. In
 * cooperative mode the seed comes from {@code trio4j.seed} or is drawn at random; a failing test
 * reports the seed (as a suppressed exception) so that the interleaving can be replayed: pin it
 * with {@link #seed()}, or with {@code -Dtrio4j.seed}. A test that only makes sense in some modes
 * lists them in {@link #scheduling()}; in the others it is skipped. To run a test under many seeds,
 * use {@link TrioFuzz} instead.
 *
 * {@snippet :
 * @TrioTest
 * void timeoutFiresAtTheDeadline(MockClock clock) {
 *   assertFalse(Trio.moveOnAfter(Duration.ofSeconds(3), Trio::sleepForever));
 *   assertEquals(Duration.ofSeconds(3).toNanos(), Trio.currentTime());
 * }
 * }
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(TrioExtension.class)
public @interface TrioTest {
  /**
   * Which clock the run uses; ignored if {@link #clockFactory()} is given.
   *
   * @return the kind of clock
   */
  ClockKind clock() default ClockKind.AUTOJUMP;

  /**
   * A class with a public no-argument constructor that supplies the run's clock, for tests that
   * need a clock of their own.
   *
   * @return the factory class
   */
  Class<? extends Supplier<? extends Clock>> clockFactory() default DefaultClockFactory.class;

  /**
   * The scheduling modes this test runs in; empty (the default) means every mode.
   *
   * @return the modes
   */
  RunOptions.Scheduling[] scheduling() default {};

  /**
   * Pins the seed of the cooperative scheduler, to replay an interleaving that a failure reported:
   * {@code @TrioTest(seed = -4311806585931446282L)}. A test with a pinned seed always runs in
   * cooperative mode, with that seed, whatever {@code trio4j.scheduling} and {@code trio4j.seed}
   * say. Empty (the default) means not pinned; at most one seed may be given.
   *
   * @return the seed, or none
   */
  long[] seed() default {};

  /** The clocks a test can ask for by name. */
  enum ClockKind {
    /** A {@link MockClock} at time 0 that jumps to the next deadline when all tasks are blocked. */
    AUTOJUMP,
    /** A {@link MockClock} at time 0 that moves only when the test jumps it. */
    MOCK,
    /** The run's default clock: real time. */
    REAL
  }

  /** The marker for "no clock factory": {@link #clock()} decides. */
  final class DefaultClockFactory implements Supplier<Clock> {
    /** Not used: the marker is never instantiated. */
    public DefaultClockFactory() {}

    @Override
    public Clock get() {
      throw new UnsupportedOperationException("marker class");
    }
  }
}
