package org.trio4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.trio4j.benchmarks.report.Comparison;
import org.trio4j.benchmarks.report.Goal;
import org.trio4j.benchmarks.report.Measurement;
import org.trio4j.benchmarks.report.Role;
import org.trio4j.benchmarks.report.Row;
import org.trio4j.benchmarks.scenarios.Effort;
import org.trio4j.benchmarks.scenarios.Scenario;
import org.trio4j.benchmarks.scenarios.Scenarios;

/**
 * The CI-visible smoke test of the benchmarks: every benchmark method runs once, directly and small
 * (not through JMH), does the work it claims, and is labelled for the report.
 */
class BenchmarksSmokeTest {
  private static final List<Class<?>> BENCHMARKS =
      List.of(
          SpawnJoinBenchmark.class,
          CheckpointBenchmark.class,
          EchoBenchmark.class,
          ConcurrentSleepsBenchmark.class,
          ChannelPairBenchmark.class,
          ChannelChainBenchmark.class,
          ChannelParallelBenchmark.class,
          TimeoutScopeBenchmark.class,
          CooperativeSchedulingBenchmark.class);

  /** Each spawn/join variant runs every one of its tasks, once per call. */
  @Test
  void spawnJoinVariantsRunEveryTask() throws Exception {
    SpawnJoinBenchmark b = new SpawnJoinBenchmark();
    b.tasks = 1_000;
    b.trio4jNursery();
    assertEquals(1_000, b.ran.sumThenReset(), "trio4jNursery");
    b.virtualThreads();
    assertEquals(1_000, b.ran.sumThenReset(), "virtualThreads");
    b.structuredTaskScope();
    assertEquals(1_000, b.ran.sumThenReset(), "structuredTaskScope");
    assertNull(b.trio4jEmptyRun());
    assertEquals(0, b.ran.sum(), "an empty run runs no task");
  }

  /**
   * Each timeout-scope variant runs every block, for one task and for one task per core (a block
   * that timed out or was lost would lower the count).
   */
  @Test
  void timeoutScopeVariantsRunEveryBlock() throws Exception {
    for (String workers : new String[] {"1", "cores"}) {
      TimeoutScopeBenchmark b = new TimeoutScopeBenchmark();
      b.workers = workers;
      b.work = 64;
      int n = b.taskCount();
      b.ops = 100 * n;
      assertEquals(100L * n, b.trio4jMoveOnAfter(), "trio4jMoveOnAfter, workers " + workers);
      assertEquals(100L * n, b.trio4jWorkOnly(), "trio4jWorkOnly, workers " + workers);
      assertEquals(100L * n, b.kotlin(), "kotlin, workers " + workers);
    }
  }

  /** Each cooperative-scheduling variant makes every checkpoint, for every task count. */
  @Test
  void cooperativeSchedulingVariantsMakeEveryCheckpoint() throws Exception {
    for (int runnable : new int[] {1, 2, 8}) {
      CooperativeSchedulingBenchmark b = new CooperativeSchedulingBenchmark();
      b.runnable = runnable;
      b.ops = 64 * runnable;
      assertEquals(64L * runnable, b.trio4jCooperative(), "cooperative, runnable " + runnable);
      assertEquals(64L * runnable, b.trio4jParallel(), "parallel, runnable " + runnable);
    }
  }

  /** Each checkpoint variant loops the configured number of times inside a run. */
  @Test
  void checkpointVariantsLoop() {
    CheckpointBenchmark b = new CheckpointBenchmark();
    b.count = 1_000;
    assertEquals(1_000, b.trio4jCheckpoint());
    assertEquals(1_000, b.trio4jCheckpointIfCancelled());
    assertEquals(1_000, b.volatileRead());
  }

  /** Each sleep variant wakes every one of its sleepers, once per call, with distinct durations. */
  @Test
  void concurrentSleepVariantsWakeEverySleeper() throws Exception {
    ConcurrentSleepsBenchmark b = new ConcurrentSleepsBenchmark();
    b.tasks = 1_000;
    b.setUp();
    assertEquals(1_000, Arrays.stream(b.durations).distinct().count(), "distinct");
    b.trio4jSleeps();
    assertEquals(1_000, b.woke.sumThenReset(), "trio4jSleeps");
    b.virtualThreadSleeps();
    assertEquals(1_000, b.woke.sumThenReset(), "virtualThreadSleeps");
  }

  /** A cancel round unwinds every task, those waiting on Events and those receiving on sockets. */
  @Test
  void cancelRoundUnwindsEveryTask() throws Exception {
    LongAdder unwound = new LongAdder();
    assertTrue(NurseryCancelLatency.roundWithSockets(100, 50, unwound) >= 0);
    assertEquals(150, unwound.sum());
  }

  /** Each echo server echoes every byte of every round trip of every connection. */
  @Test
  void echoServersEchoEveryByte() throws Exception {
    EchoBenchmark b = new EchoBenchmark();
    b.start();
    try {
      b.trio4jServer();
      long expected =
          (long) EchoBenchmark.CONNECTIONS * EchoBenchmark.ROUND_TRIPS * EchoBenchmark.MESSAGE_SIZE;
      assertEquals(expected, b.trio4jClients.echoed.sum(), "trio4jServer");
      b.virtualThreadServer();
      assertEquals(expected, b.virtualThreadClients.echoed.sum(), "virtualThreadServer");
    } finally {
      b.stop();
    }
  }

  /** The sum of {@code i & 127} for i below {@code n}: what a consumer of n values must get. */
  private static long sumOfValues(long n) {
    long sum = 0;
    for (long i = 0; i < n; i++) {
      sum += i & 127;
    }
    return sum;
  }

  /**
   * Each one-pair channel variant, rendezvous and buffered, delivers every value sent to the
   * consumer, once.
   */
  @Test
  void channelPairVariantsMoveEveryValue() throws Exception {
    for (int capacity : new int[] {0, 16, 100}) {
      ChannelPairBenchmark b = new ChannelPairBenchmark();
      b.capacity = capacity;
      b.elements = 1_000;
      long expected = sumOfValues(1_000);
      assertEquals(expected, b.trio4j(), "trio4j, capacity " + capacity);
      assertEquals(expected, b.kotlin(), "kotlin, capacity " + capacity);
      assertEquals(expected, b.jox(), "jox, capacity " + capacity);
      assertEquals(expected, b.blockingQueue(), "blockingQueue, capacity " + capacity);
    }
  }

  /**
   * Each chain variant passes every value through every link to the consumer (a lost or duplicated
   * value at any link changes the consumer's sum or hangs the chain).
   */
  @Test
  void channelChainVariantsMoveEveryValue() throws Exception {
    for (int capacity : new int[] {0, 100}) {
      ChannelChainBenchmark b = new ChannelChainBenchmark();
      b.capacity = capacity;
      b.channels = 100;
      b.hops = 100 * 50;
      long expected = sumOfValues(50);
      assertEquals(expected, b.trio4j(), "trio4j, capacity " + capacity);
      assertEquals(expected, b.kotlin(), "kotlin, capacity " + capacity);
      assertEquals(expected, b.jox(), "jox, capacity " + capacity);
      assertEquals(expected, b.blockingQueue(), "blockingQueue, capacity " + capacity);
    }
  }

  /** Each parallel-pairs variant delivers every value of every pair to that pair's consumer. */
  @Test
  void channelParallelVariantsMoveEveryValue() throws Exception {
    for (int capacity : new int[] {0, 16, 100}) {
      ChannelParallelBenchmark b = new ChannelParallelBenchmark();
      b.capacity = capacity;
      b.pairs = 100;
      b.total = 100 * 200;
      long expected = 100 * sumOfValues(200);
      assertEquals(expected, b.trio4j(), "trio4j, capacity " + capacity);
      assertEquals(expected, b.kotlin(), "kotlin, capacity " + capacity);
      assertEquals(expected, b.jox(), "jox, capacity " + capacity);
      assertEquals(expected, b.blockingQueue(), "blockingQueue, capacity " + capacity);
    }
  }

  /**
   * JMH's annotation processor registered every benchmark method (benchmarks.jar can run them), and
   * each carries the labels the report needs: a Row on every method, a Comparison whose subject is
   * a SUBJECT row, and goals that name existing peers.
   */
  @Test
  void everyBenchmarkIsRegisteredAndLabelled() throws IOException {
    String list;
    try (InputStream in =
        BenchmarksSmokeTest.class.getClassLoader().getResourceAsStream("META-INF/BenchmarkList")) {
      assertNotNull(
          in, "META-INF/BenchmarkList is missing: JMH's annotation processor did not run");
      list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (Class<?> c : BENCHMARKS) {
      Comparison comparison = c.getAnnotation(Comparison.class);
      assertNotNull(comparison, c + " has no @Comparison");
      List<String> methods = new ArrayList<>();
      for (Method m : c.getMethods()) {
        if (!m.isAnnotationPresent(Benchmark.class)) {
          continue;
        }
        methods.add(m.getName());
        String generated = c.getSimpleName() + "_" + m.getName() + "_jmhTest";
        assertTrue(list.contains(generated), m + " is not in BenchmarkList");
        Row row = m.getAnnotation(Row.class);
        assertNotNull(row, m + " has no @Row");
        if (m.getName().equals(comparison.subject())) {
          assertEquals(Role.SUBJECT, row.role(), m + " is the subject");
        }
      }
      assertTrue(methods.contains(comparison.subject()), c + ": no subject method");
      for (Goal g : c.getAnnotationsByType(Goal.class)) {
        assertTrue(
            g.peer().isEmpty() ? !Double.isNaN(g.maxScore()) : methods.contains(g.peer()),
            c + ": goal " + g.text() + " names no benchmark and no bound");
      }
    }
  }

  /**
   * Every registered scenario runs end to end at smoke effort, and each row it measures names a
   * public method with a Row in a class with a Comparison (so the report can label it), with as
   * many samples as runs and finite values; goals name existing rows. The idle-task memory rows
   * come with their two parts, which add up to them.
   */
  @Test
  void everyScenarioRunsAndIsLabelled() throws Exception {
    for (Class<? extends Scenario> c : Scenarios.ALL) {
      Comparison comparison = c.getAnnotation(Comparison.class);
      assertNotNull(comparison, c + " has no @Comparison");
      List<Measurement> ms = c.getConstructor().newInstance().run(Effort.SMOKE);
      assertFalse(ms.isEmpty(), c + " measured nothing");
      List<String> rows = new ArrayList<>();
      for (Measurement m : ms) {
        assertEquals(c.getName(), m.className(), m + " is labelled by its scenario");
        Method method = c.getMethod(m.method());
        Row row = method.getAnnotation(Row.class);
        assertNotNull(row, method + " has no @Row");
        if (m.method().equals(comparison.subject())) {
          assertEquals(Role.SUBJECT, row.role(), method + " is the subject");
        }
        rows.add(m.method());
      }
      assertTrue(rows.contains(comparison.subject()), c + ": the subject was not measured");
      if (c == IdleTaskMemory.class) {
        assertIdleTaskMemoryParts(ms);
      }
      for (Goal g : c.getAnnotationsByType(Goal.class)) {
        assertTrue(
            g.peer().isEmpty() ? !Double.isNaN(g.maxScore()) : rows.contains(g.peer()),
            c + ": goal " + g.text() + " names no measured row and no bound");
      }
    }
  }

  /**
   * Each idle-task row is followed by its objects and its stacks, per sample adding up to the
   * total; every parked task holds at least one stack chunk's header (64 B), and more objects than
   * that.
   */
  private static void assertIdleTaskMemoryParts(List<Measurement> ms) {
    assertEquals(0, ms.size() % 3, "three measurements per row: " + ms);
    for (int i = 0; i < ms.size(); i += 3) {
      Measurement total = ms.get(i);
      Measurement objects = ms.get(i + 1);
      Measurement stacks = ms.get(i + 2);
      assertEquals(total.method() + "Objects", objects.method());
      assertEquals(total.method() + "Stacks", stacks.method());
      double[] t = total.samples();
      double[] o = objects.samples();
      double[] s = stacks.samples();
      for (int r = 0; r < t.length; r++) {
        assertEquals(t[r], o[r] + s[r], 1e-6, total.method() + ": objects + stacks = total");
        assertTrue(s[r] >= 64, total.method() + ": a stack chunk per task, " + s[r] + " B");
        assertTrue(o[r] > 64, total.method() + ": objects per task, " + o[r] + " B");
      }
    }
  }

  /** The scenario runner selects scenarios by a pattern found in their class name. */
  @Test
  void scenarioSelection() {
    assertEquals(Scenarios.ALL, Scenarios.select(List.of()));
    assertEquals(List.of(), Scenarios.select(List.of(Pattern.compile("NoSuchScenario"))));
  }
}
