package org.trio4j.testing;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.trio4j.Clock;
import org.trio4j.RunOptions;
import org.trio4j.Trio;

/**
 * The JUnit 5 extension behind {@link TrioTest} and {@link TrioFuzz}: runs the test method as the
 * main task of a run, resolves {@link MockClock} and {@link Clock} parameters to the run's clock,
 * and for {@code @TrioFuzz} provides one invocation per seed of the cooperative scheduler.
 *
 * <p>The run ends before the test does, so a test cannot leave tasks behind; a failure of any task
 * fails the test, with every other failure attached as suppressed. A failure in cooperative mode
 * also carries a suppressed {@link AssertionError} that names the seed and says how to replay it.
 *
 * <p>System properties: {@code trio4j.scheduling} ({@code parallel} or {@code cooperative}) chooses
 * the mode of {@code @TrioTest} tests; {@code trio4j.seed} pins the seed of every cooperative run
 * (a {@code @TrioFuzz} test then runs that seed only); {@code trio4j.fuzzSeeds} overrides {@link
 * TrioFuzz#seeds()}.
 */
public final class TrioExtension
    implements InvocationInterceptor, ParameterResolver, TestTemplateInvocationContextProvider {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(TrioExtension.class);

  /** The first words of the suppressed AssertionError that names a failed run's seed. */
  public static final String SEED_REPORT_PREFIX = "ran in cooperative scheduling mode with seed ";

  /** Creates the extension; JUnit does this. */
  public TrioExtension() {}

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    TrioTest config = extensionContext.getRequiredTestMethod().getAnnotation(TrioTest.class);
    long[] pinned = config == null ? new long[0] : config.seed();
    RunOptions.Scheduling mode;
    long seed;
    if (pinned.length > 0) {
      if (pinned.length > 1) {
        throw new IllegalArgumentException(
            "@TrioTest(seed = ...) pins one seed, not "
                + pinned.length
                + "; to run a test under several seeds use @TrioFuzz");
      }
      if (config.scheduling().length > 0
          && !Arrays.asList(config.scheduling()).contains(RunOptions.Scheduling.COOPERATIVE)) {
        throw new IllegalArgumentException(
            "@TrioTest(seed = ...) runs the test in cooperative mode, but its scheduling = "
                + Arrays.toString(config.scheduling())
                + " excludes that mode; remove one of the two");
      }
      mode = RunOptions.Scheduling.COOPERATIVE;
      seed = pinned[0];
    } else {
      mode = schedulingMode();
      if (config != null
          && config.scheduling().length > 0
          && !Arrays.asList(config.scheduling()).contains(mode)) {
        invocation.skip();
        Assumptions.abort("this test does not run in " + mode + " scheduling mode");
      }
      seed = seed();
    }
    runTest(invocation, extensionContext, mode, seed);
  }

  /**
   * Runs one invocation of a test method as the main task of a run.
   *
   * @param invocation the test method's invocation
   * @param extensionContext its context, where the run's clock is kept
   * @param mode the scheduling mode
   * @param seed the cooperative scheduler's seed
   * @throws Throwable what the test threw
   */
  static void runTest(
      Invocation<Void> invocation,
      ExtensionContext extensionContext,
      RunOptions.Scheduling mode,
      long seed)
      throws Throwable {
    Clock clock = clockFor(extensionContext);
    RunOptions options = RunOptions.builder().clock(clock).scheduling(mode).seed(seed).build();
    Throwable[] failure = new Throwable[1];
    try {
      Trio.run(
          options,
          () -> {
            try {
              invocation.proceed();
            } catch (Throwable t) {
              failure[0] = t;
            }
            return null;
          });
    } catch (Throwable t) {
      failure[0] = failure[0] == null ? t : failure[0];
    }
    if (failure[0] != null) {
      if (mode == RunOptions.Scheduling.COOPERATIVE) {
        failure[0].addSuppressed(
            new AssertionError(
                SEED_REPORT_PREFIX
                    + seed
                    + "; replay it with @TrioTest(seed = "
                    + seed
                    + "L) on this test, or with -Dtrio4j.scheduling=cooperative -Dtrio4j.seed="
                    + seed));
      }
      throw failure[0];
    }
  }

  /**
   * Returns the scheduling mode the suite runs in, from the system property {@code
   * trio4j.scheduling}.
   *
   * @return the mode
   */
  public static RunOptions.Scheduling schedulingMode() {
    String p = System.getProperty("trio4j.scheduling", "parallel").trim();
    try {
      return RunOptions.Scheduling.valueOf(p.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "system property trio4j.scheduling must be parallel or cooperative, not " + p, e);
    }
  }

  private static long seed() {
    Long pinned = pinnedSeed();
    return pinned != null ? pinned : ThreadLocalRandom.current().nextLong();
  }

  private static Long pinnedSeed() {
    String p = System.getProperty("trio4j.seed");
    if (p == null || p.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(p.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "system property trio4j.seed must be a long (as a failure reported it), not " + p, e);
    }
  }

  // ---- @TrioFuzz ----

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context.getTestMethod().map(m -> m.isAnnotationPresent(TrioFuzz.class)).orElse(false);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    TrioFuzz config = context.getRequiredTestMethod().getAnnotation(TrioFuzz.class);
    Long pinned = pinnedSeed();
    long[] seeds;
    if (pinned != null) {
      seeds = new long[] {pinned};
    } else {
      int count = fuzzSeeds(config.seeds());
      seeds =
          LongStream.generate(() -> ThreadLocalRandom.current().nextLong()).limit(count).toArray();
    }
    return IntStream.range(0, seeds.length)
        .mapToObj(i -> new FuzzInvocation(i + 1, seeds.length, seeds[i]));
  }

  private static int fuzzSeeds(int declared) {
    String p = System.getProperty("trio4j.fuzzSeeds");
    int n = declared;
    if (p != null && !p.isBlank()) {
      try {
        n = Integer.parseInt(p.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "system property trio4j.fuzzSeeds must be a positive int, not " + p, e);
      }
    }
    if (n < 1) {
      throw new IllegalArgumentException(
          "a @TrioFuzz test needs at least one seed, not "
              + n
              + " (@TrioFuzz(seeds) or"
              + " -Dtrio4j.fuzzSeeds)");
    }
    return n;
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    Class<?> type = p.getParameter().getType();
    return type == MockClock.class || type == Clock.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    Clock clock = clockFor(e);
    if (p.getParameter().getType() == MockClock.class && !(clock instanceof MockClock)) {
      throw new ParameterResolutionException(
          "this test's run uses " + clock + ", not a MockClock; ask for a Clock parameter instead");
    }
    return clock;
  }

  private static Clock clockFor(ExtensionContext e) {
    return e.getStore(NS).getOrComputeIfAbsent("clock", k -> newClock(e), Clock.class);
  }

  private static Clock newClock(ExtensionContext e) {
    Method m = e.getRequiredTestMethod();
    TrioTest test = m.getAnnotation(TrioTest.class);
    TrioFuzz fuzz = m.getAnnotation(TrioFuzz.class);
    if (test == null && fuzz == null) {
      return MockClock.autojumping();
    }
    Class<? extends Supplier<? extends Clock>> factory =
        test != null ? test.clockFactory() : fuzz.clockFactory();
    TrioTest.ClockKind kind = test != null ? test.clock() : fuzz.clock();
    if (factory != TrioTest.DefaultClockFactory.class) {
      try {
        Supplier<? extends Clock> f = factory.getDeclaredConstructor().newInstance();
        return f.get();
      } catch (ReflectiveOperationException ex) {
        throw new IllegalStateException(
            "cannot create clock factory "
                + factory.getName()
                + "; it needs a public no-argument constructor",
            ex);
      }
    }
    return switch (kind) {
      case AUTOJUMP -> MockClock.autojumping();
      case MOCK -> new MockClock();
      case REAL -> RunOptions.DEFAULT.clockFactory().get();
    };
  }
}
