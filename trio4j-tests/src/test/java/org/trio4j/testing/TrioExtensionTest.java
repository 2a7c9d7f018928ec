package org.trio4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.AssertionFailedError;
import org.trio4j.Clock;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;

/**
 * {@link TrioTest} and {@link TrioExtension}: which clock a test's run gets, how clock parameters
 * are resolved, and how failures inside the run fail the test (pytest-trio's counterpart; rule K,
 * DESIGN rule 23).
 */
class TrioExtensionTest {
  private static final long ONE_HOUR = Duration.ofHours(1).toNanos();

  /** Set while {@link #runFixtures()} runs the {@link Fixtures}, which are skipped otherwise. */
  private static volatile boolean fixturesEnabled;

  static boolean fixturesEnabled() {
    return fixturesEnabled;
  }

  /** By default the run's clock is an autojumping MockClock at 0, passed as the parameter. */
  @TrioTest
  void defaultClockIsAnAutojumpingMockClockAtZero(MockClock clock) {
    assertEquals(0, Trio.currentTime());
    assertSame(clock, Lowlevel.currentClock());
    assertEquals(Duration.ZERO, clock.autojumpThreshold());
    Trio.sleep(Duration.ofHours(1));
    assertEquals(ONE_HOUR, Trio.currentTime());
    assertEquals(ONE_HOUR, clock.currentTime());
  }

  /**
   * clock = MOCK gives a MockClock at 0 that does not autojump: a sleep ends only when a sibling
   * task jumps the clock.
   */
  @TrioTest(clock = TrioTest.ClockKind.MOCK)
  void mockClockDoesNotAutojump(MockClock clock) throws Exception {
    assertSame(clock, Lowlevel.currentClock());
    assertEquals(0, Trio.currentTime());
    assertNull(clock.autojumpThreshold());
    assertEquals(Long.MAX_VALUE, Lowlevel.currentClock().autojumpThresholdNanos());
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                Trio.sleep(Duration.ofSeconds(1));
                log.add("woke@" + Trio.currentTime());
              });
          n.startSoon(
              () -> {
                Lowlevel.waitAllTasksBlocked(Duration.ofMillis(20));
                log.add("jump@" + Trio.currentTime());
                clock.jump(Duration.ofSeconds(1));
              });
        });
    assertEquals(List.of("jump@0", "woke@" + Duration.ofSeconds(1).toNanos()), log);
  }

  /** clock = REAL uses real time: a 20 ms sleep takes at least 20 ms of real time. */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void realClockUsesRealTime(Clock clock) {
    assertFalse(clock instanceof MockClock);
    assertSame(clock, Lowlevel.currentClock());
    long realStart = System.nanoTime();
    long start = Trio.currentTime();
    Trio.sleep(Duration.ofMillis(20));
    long twenty = Duration.ofMillis(20).toNanos();
    assertTrue(System.nanoTime() - realStart >= twenty);
    assertTrue(Trio.currentTime() - start >= twenty);
  }

  /** clockFactory supplies the run's clock, which the parameters receive. */
  @TrioTest(clockFactory = StartsAtOneHour.class)
  void clockFactorySuppliesTheClock(MockClock clock, Clock sameClock) {
    assertSame(clock, sameClock);
    assertSame(clock, Lowlevel.currentClock());
    assertEquals(ONE_HOUR, Trio.currentTime());
    assertEquals(Duration.ofMillis(1), clock.autojumpThreshold());
    Trio.sleep(Duration.ofHours(1));
    assertEquals(2 * ONE_HOUR, Trio.currentTime());
  }

  /** MockClock and Clock parameters of one test are the same object: the run's clock. */
  @TrioTest
  void clockParametersAreTheRunsClock(Clock clock, MockClock mockClock) {
    assertSame(mockClock, clock);
    assertSame(clock, Lowlevel.currentClock());
  }

  /** The test body runs as a task of a run: it can use nurseries and low-level calls. */
  @TrioTest
  void bodyRunsAsATask() throws Exception {
    assertNotNull(Lowlevel.currentTask());
    assertNotNull(Lowlevel.currentRootTask());
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(n -> n.startSoon(() -> log.add("child")));
    assertEquals(List.of("child"), log);
  }

  /**
   * A MockClock parameter on a test with the real clock fails with ParameterResolutionException
   * saying to ask for a Clock instead; an assertion failure or a child's exception inside the run
   * fails the test with that very exception.
   */
  @Test
  void failuresOfFixtureTests() {
    Map<String, TestExecutionResult> results = runFixtures();
    assertEquals(
        TestExecutionResult.Status.SUCCESSFUL, results.get("realClockAsClock").getStatus());

    TestExecutionResult wrongType = results.get("realClockAsMockClock");
    assertEquals(TestExecutionResult.Status.FAILED, wrongType.getStatus());
    Throwable e = wrongType.getThrowable().orElseThrow();
    assertInstanceOf(ParameterResolutionException.class, e);
    assertTrue(e.getMessage().contains("Clock parameter"), e.getMessage());

    Throwable assertion = results.get("failingAssertion").getThrowable().orElseThrow();
    assertInstanceOf(AssertionFailedError.class, assertion);
    assertTrue(assertion.getMessage().contains("fixture assertion"), assertion.getMessage());

    Throwable child = results.get("failingChild").getThrowable().orElseThrow();
    assertInstanceOf(IOException.class, child);
    assertEquals("child failed", child.getMessage());
  }

  private static Map<String, TestExecutionResult> runFixtures() {
    Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectClass(Fixtures.class))
            .build();
    Launcher launcher = LauncherFactory.create();
    fixturesEnabled = true;
    try {
      launcher.execute(
          request,
          new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
              if (id.isTest() && id.getSource().orElse(null) instanceof MethodSource m) {
                results.put(m.getMethodName(), result);
              }
            }
          });
    } finally {
      fixturesEnabled = false;
    }
    assertEquals(4, results.size(), "fixture results: " + results);
    return results;
  }

  /** A clock factory for {@link #clockFactorySuppliesTheClock}. */
  public static final class StartsAtOneHour implements Supplier<Clock> {
    /** Creates the factory; the extension does this. */
    public StartsAtOneHour() {}

    @Override
    public Clock get() {
      MockClock clock = new MockClock();
      clock.jump(Duration.ofHours(1));
      clock.setAutojumpThreshold(Duration.ofMillis(1));
      return clock;
    }
  }

  /** Tests run only by {@link #failuresOfFixtureTests()}, through the JUnit launcher. */
  @EnabledIf("org.trio4j.testing.TrioExtensionTest#fixturesEnabled")
  static class Fixtures {
    /** Fixture: a Clock parameter with the real clock resolves. */
    @TrioTest(clock = TrioTest.ClockKind.REAL)
    void realClockAsClock(Clock clock) {
      assertSame(clock, Lowlevel.currentClock());
    }

    /** Fixture: a MockClock parameter with the real clock cannot be resolved. */
    @TrioTest(clock = TrioTest.ClockKind.REAL)
    void realClockAsMockClock(MockClock clock) {
      throw new AssertionError("must not run with " + clock);
    }

    /** Fixture: an assertion that fails inside the run. */
    @TrioTest
    void failingAssertion() {
      assertEquals(1, 2, "fixture assertion");
    }

    /** Fixture: a child task that fails inside the run. */
    @TrioTest
    void failingChild() throws Exception {
      Nursery.open(
          n ->
              n.startSoon(
                  () -> {
                    Trio.sleep(Duration.ofSeconds(1));
                    throw new IOException("child failed");
                  }));
    }
  }
}
