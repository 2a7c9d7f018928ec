package org.trio4j.testing;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.trio4j.Clock;
import org.trio4j.RunOptions;
import org.trio4j.Trio;

/**
 * The JUnit 5 extension behind {@link TrioTest}: runs the test method as the main task of a run,
 * and resolves {@link MockClock} and {@link Clock} parameters to the run's clock.
 *
 * <p>The run ends before the test does, so a test cannot leave tasks behind; a failure of any task
 * fails the test, with every other failure attached as suppressed.
 */
public final class TrioExtension implements InvocationInterceptor, ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(TrioExtension.class);

  /** Creates the extension; JUnit does this. */
  public TrioExtension() {}

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    RunOptions.Scheduling mode = schedulingMode();
    TrioTest config = extensionContext.getRequiredTestMethod().getAnnotation(TrioTest.class);
    if (config != null
        && config.scheduling().length > 0
        && !Arrays.asList(config.scheduling()).contains(mode)) {
      invocation.skip();
      Assumptions.abort("this test does not run in " + mode + " scheduling mode");
    }
    Clock clock = clockFor(extensionContext);
    long seed = seed();
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
                "ran in cooperative scheduling mode with seed "
                    + seed
                    + "; replay with -Dtrio4j.scheduling=cooperative -Dtrio4j.seed="
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
    String p = System.getProperty("trio4j.seed");
    return p == null || p.isBlank() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(p);
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
    TrioTest config =
        e.getRequiredTestMethod().getAnnotation(TrioTest.class) != null
            ? e.getRequiredTestMethod().getAnnotation(TrioTest.class)
            : null;
    if (config == null) {
      return MockClock.autojumping();
    }
    if (config.clockFactory() != TrioTest.DefaultClockFactory.class) {
      try {
        Supplier<? extends Clock> f = config.clockFactory().getDeclaredConstructor().newInstance();
        return f.get();
      } catch (ReflectiveOperationException ex) {
        throw new IllegalStateException(
            "cannot create clock factory "
                + config.clockFactory().getName()
                + "; it needs a public no-argument constructor",
            ex);
      }
    }
    return switch (config.clock()) {
      case AUTOJUMP -> MockClock.autojumping();
      case MOCK -> new MockClock();
      case REAL -> RunOptions.DEFAULT.clockFactory().get();
    };
  }
}
