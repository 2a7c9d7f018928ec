package org.trio4j.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.Supplier;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.trio4j.Clock;

/**
 * Marks a JUnit 5 test that runs as the main task of a run, as {@link TrioTest} does, once per seed
 * of the cooperative scheduler: schedule fuzzing. Each run explores another interleaving of the
 * test's tasks; a test that passes only for lucky interleavings fails for some seed.
 *
 * {@snippet :
 * @TrioFuzz(seeds = 200)
 * void handOffLosesNothing() throws Exception {
 *   // ... several tasks that share state and checkpoint in between
 * }
 * }
 *
 * <p>Every invocation runs in cooperative scheduling mode, whatever {@code trio4j.scheduling} says,
 * and is named after its seed ({@code "[17] seed -4311806585931446282"}). A failing invocation
 * carries a suppressed {@code AssertionError} naming its seed. To replay it, pin that seed, either
 * in the code (replace {@code @TrioFuzz} by {@code @TrioTest(seed = -4311806585931446282L)}) or on
 * the command line ({@code -Dtrio4j.seed=-4311806585931446282}, which makes every {@code @TrioFuzz}
 * test run that one seed only); with a {@link MockClock} the same seed replays the same
 * interleaving exactly. The seeds are drawn at random for each build, so that repeated builds keep
 * exploring; {@code -Dtrio4j.fuzzSeeds=N} runs every {@code @TrioFuzz} test under {@code N} seeds
 * instead of {@link #seeds()} (a nightly build can run thousands). See {@code docs/testing.md}.
 *
 * <p>The clock options are those of {@link TrioTest}; a test may take the run's {@link MockClock}
 * or {@link Clock} as a parameter.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(TrioExtension.class)
public @interface TrioFuzz {
  /**
   * How many seeds to run the test under, each drawn at random.
   *
   * @return the number of invocations; at least 1
   */
  int seeds() default 100;

  /**
   * Which clock each run uses; ignored if {@link #clockFactory()} is given.
   *
   * @return the kind of clock
   */
  TrioTest.ClockKind clock() default TrioTest.ClockKind.AUTOJUMP;

  /**
   * A class with a public no-argument constructor that supplies each run's clock.
   *
   * @return the factory class
   */
  Class<? extends Supplier<? extends Clock>> clockFactory() default
      TrioTest.DefaultClockFactory.class;
}
