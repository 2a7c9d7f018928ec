package org.trio4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.trio4j.Nursery;
import org.trio4j.RunOptions;
import org.trio4j.Trio;

/**
 * Schedule fuzzing with {@link TrioFuzz} and replaying a seed ({@code @TrioTest(seed = ...)},
 * {@code -Dtrio4j.seed}): fixture tests run through the JUnit launcher, and their interleavings
 * compared with runs made directly with the seeds the invocations report.
 */
class TrioFuzzTest {
  private static final Pattern SEED_NAME = Pattern.compile("\\[(\\d+)/(\\d+)\\] seed (-?\\d+)");

  /** Set while {@link #launch} runs the {@link Fixtures}, which are skipped otherwise. */
  private static volatile boolean fixturesEnabled;

  static boolean fixturesEnabled() {
    return fixturesEnabled;
  }

  /** What the launcher reported for one test or container. */
  record Outcome(String displayName, boolean isTest, TestExecutionResult result) {
    Throwable failure() {
      return result.getThrowable().orElseThrow();
    }
  }

  /**
   * Three tasks of five checkpoints each, logging as they go: the interleaving the cooperative
   * scheduler chose (Trio's test_scheduler_determinism).
   */
  static List<String> interleaving() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          for (int i = 0; i < 3; i++) {
            int id = i;
            n.startSoon(
                () -> {
                  for (int k = 0; k < 5; k++) {
                    log.add(id + ":" + k);
                    Trio.checkpoint();
                  }
                });
          }
        });
    return log;
  }

  /** The interleaving a cooperative run with {@code seed} gives, run directly. */
  private static List<String> replay(long seed) throws Exception {
    return Trio.run(
        RunOptions.builder()
            .clock(MockClock.autojumping())
            .scheduling(RunOptions.Scheduling.COOPERATIVE)
            .seed(seed)
            .build(),
        TrioFuzzTest::interleaving);
  }

  private static long seedOf(String displayName) {
    Matcher m = SEED_NAME.matcher(displayName);
    assertTrue(m.matches(), displayName);
    return Long.parseLong(m.group(3));
  }

  /**
   * Each of the N seeds is one invocation named "[i/N] seed S", the seeds differ, and each
   * invocation ran in cooperative mode with its seed: its interleaving is the one a direct
   * cooperative run with S gives (whatever trio4j.scheduling the suite runs with).
   */
  @Test
  void eachSeedIsAnInvocationNamedAfterItThatRunsWithIt() throws Exception {
    Fixtures.TRACES.clear();
    List<Outcome> tests = tests(launch("traced", Map.of()));
    assertEquals(8, tests.size(), tests.toString());
    Set<Long> seeds = new HashSet<>();
    for (Outcome o : tests) {
      assertEquals(TestExecutionResult.Status.SUCCESSFUL, o.result().getStatus(), o.toString());
      Matcher m = SEED_NAME.matcher(o.displayName());
      assertTrue(m.matches(), o.displayName());
      assertEquals("8", m.group(2));
      long seed = seedOf(o.displayName());
      seeds.add(seed);
      assertEquals(replay(seed), Fixtures.TRACES.get(o.displayName()), o.displayName());
    }
    assertEquals(8, seeds.size(), "seeds repeat: " + tests);
  }

  /**
   * A test that passes only for lucky interleavings fails for some of 40 seeds and passes for
   * others; each failure carries a suppressed AssertionError naming its seed and how to pin it;
   * with -Dtrio4j.seed set to a failing seed the test runs once, with that seed, and fails again,
   * and with a passing seed it passes.
   */
  @Test
  void aFailingSeedIsReportedAndReplays() throws Exception {
    List<Outcome> tests = tests(launch("racy", Map.of()));
    assertEquals(40, tests.size());
    Long failing = null;
    Long passing = null;
    for (Outcome o : tests) {
      long seed = seedOf(o.displayName());
      if (o.result().getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
        passing = seed;
        continue;
      }
      failing = seed;
      Throwable f = o.failure();
      assertInstanceOf(AssertionError.class, f);
      assertEquals(1, f.getSuppressed().length, o.toString());
      String report = f.getSuppressed()[0].getMessage();
      assertTrue(report.startsWith(TrioExtension.SEED_REPORT_PREFIX + seed + ";"), report);
      assertTrue(report.contains("@TrioTest(seed = " + seed + "L)"), report);
      assertTrue(report.contains("-Dtrio4j.seed=" + seed), report);
    }
    assertTrue(failing != null && passing != null, "40 seeds, one outcome only: " + tests);

    List<Outcome> again = tests(launch("racy", Map.of("trio4j.seed", failing.toString())));
    assertEquals(1, again.size());
    assertEquals("[1/1] seed " + failing, again.get(0).displayName());
    assertEquals(TestExecutionResult.Status.FAILED, again.get(0).result().getStatus());
    List<Outcome> fine = tests(launch("racy", Map.of("trio4j.seed", passing.toString())));
    assertEquals(TestExecutionResult.Status.SUCCESSFUL, fine.get(0).result().getStatus());
  }

  /**
   * {@code @TrioTest(seed = 42L)} runs the test in cooperative mode with seed 42, whatever the
   * suite's trio4j.scheduling: its interleaving is that of a direct run with seed 42.
   */
  @Test
  void aPinnedSeedRunsCooperativelyWithThatSeed() throws Exception {
    Fixtures.TRACES.clear();
    List<Outcome> tests = tests(launch("pinned", Map.of("trio4j.scheduling", "parallel")));
    assertEquals(1, tests.size());
    assertEquals(TestExecutionResult.Status.SUCCESSFUL, tests.get(0).result().getStatus());
    assertEquals(replay(42), Fixtures.TRACES.get("pinned"));
    assertFalse(replay(42).equals(replay(43)), "seeds 42 and 43 must differ for this to show");
  }

  /** -Dtrio4j.fuzzSeeds overrides the number of seeds of every @TrioFuzz test. */
  @Test
  void fuzzSeedsPropertyOverridesTheCount() throws Exception {
    List<Outcome> tests = tests(launch("traced", Map.of("trio4j.fuzzSeeds", "3")));
    assertEquals(3, tests.size());
    for (Outcome o : tests) {
      assertTrue(
          o.displayName().startsWith("[" + (tests.indexOf(o) + 1) + "/3] seed "), o.toString());
    }
  }

  /**
   * Misuse fails with a message saying what to do: two pinned seeds, a pinned seed on a test
   * limited to parallel mode, and a @TrioFuzz with no seeds.
   */
  @Test
  void misuseFailsClearly() throws Exception {
    Throwable two = tests(launch("twoSeeds", Map.of())).get(0).failure();
    assertInstanceOf(IllegalArgumentException.class, two);
    assertTrue(two.getMessage().contains("use @TrioFuzz"), two.getMessage());

    Throwable parallel = tests(launch("pinnedButParallel", Map.of())).get(0).failure();
    assertInstanceOf(IllegalArgumentException.class, parallel);
    assertTrue(parallel.getMessage().contains("excludes that mode"), parallel.getMessage());

    List<Outcome> none = launch("noSeeds", Map.of());
    Outcome container =
        none.stream()
            .filter(o -> !o.isTest() && o.displayName().startsWith("noSeeds"))
            .findFirst()
            .orElseThrow();
    assertInstanceOf(IllegalArgumentException.class, container.failure());
    assertTrue(
        container.failure().getMessage().contains("at least one seed"),
        container.failure().getMessage());
  }

  private static List<Outcome> tests(List<Outcome> all) {
    return all.stream().filter(Outcome::isTest).toList();
  }

  /** Runs one fixture method through the launcher with some system properties set meanwhile. */
  private static List<Outcome> launch(String method, Map<String, String> properties) {
    List<Outcome> out = Collections.synchronizedList(new ArrayList<>());
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectMethod(Fixtures.class, findMethod(method)))
            .build();
    Map<String, String> saved = new HashMap<>();
    for (String key : List.of("trio4j.seed", "trio4j.fuzzSeeds", "trio4j.scheduling")) {
      saved.put(key, System.getProperty(key));
      System.clearProperty(key);
    }
    properties.forEach(System::setProperty);
    fixturesEnabled = true;
    try {
      LauncherFactory.create()
          .execute(
              request,
              new TestExecutionListener() {
                @Override
                public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                  if (id.getSource().isPresent()
                      && id.getSource().get()
                          instanceof org.junit.platform.engine.support.descriptor.MethodSource) {
                    out.add(new Outcome(id.getDisplayName(), id.isTest(), result));
                  }
                }
              });
    } finally {
      fixturesEnabled = false;
      saved.forEach(
          (k, v) -> {
            if (v == null) {
              System.clearProperty(k);
            } else {
              System.setProperty(k, v);
            }
          });
    }
    return out;
  }

  private static java.lang.reflect.Method findMethod(String name) {
    for (java.lang.reflect.Method m : Fixtures.class.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no fixture " + name);
  }

  /** Tests run only through {@link #launch}, by the tests above. */
  @EnabledIf("org.trio4j.testing.TrioFuzzTest#fixturesEnabled")
  static class Fixtures {
    static final Map<String, List<String>> TRACES = new ConcurrentHashMap<>();

    /** Fixture: records its interleaving under its display name. */
    @TrioFuzz(seeds = 8)
    void traced(TestInfo info) throws Exception {
      TRACES.put(info.getDisplayName(), interleaving());
    }

    /** Fixture: assumes that the first child started runs first, which holds for some seeds. */
    @TrioFuzz(seeds = 40)
    void racy() throws Exception {
      List<String> log = Collections.synchronizedList(new ArrayList<>());
      Nursery.open(
          n -> {
            n.startSoon(() -> log.add("a"));
            n.startSoon(() -> log.add("b"));
          });
      assertEquals(List.of("a", "b"), log);
    }

    /** Fixture: a pinned seed. */
    @TrioTest(seed = 42L)
    void pinned() throws Exception {
      TRACES.put("pinned", interleaving());
    }

    /** Fixture: two pinned seeds, which is refused. */
    @TrioTest(seed = {1L, 2L})
    void twoSeeds() {}

    /** Fixture: a pinned seed on a test that runs in parallel mode only, which is refused. */
    @TrioTest(seed = 1L, scheduling = RunOptions.Scheduling.PARALLEL)
    void pinnedButParallel() {}

    /** Fixture: no seeds at all, which is refused. */
    @TrioFuzz(seeds = 0)
    void noSeeds() {}
  }
}
