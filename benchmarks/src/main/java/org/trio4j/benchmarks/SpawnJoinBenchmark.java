package org.trio4j.benchmarks;

import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.trio4j.Nursery;
import org.trio4j.ThrowingRunnable;
import org.trio4j.Trio;
import org.trio4j.benchmarks.report.Comparison;
import org.trio4j.benchmarks.report.Goal;
import org.trio4j.benchmarks.report.Role;
import org.trio4j.benchmarks.report.Row;

/**
 * Spawn and join of {@link #tasks} trivial tasks in one nursery, against raw virtual threads and
 * the JDK's {@link StructuredTaskScope}.
 *
 * <p>One operation is one whole batch: start every task, then wait for all of them. Each variant
 * runs its batch from a fresh virtual thread, because a nursery is always opened from one (the
 * run's root task): {@link #trio4jNursery()} calls {@code Trio.run} whose main task opens the
 * nursery, the peers start one virtual thread that forks and joins. The cost of an empty {@code
 * Trio.run} is measured on its own by {@link #trio4jEmptyRun()}, so that it can be subtracted; it
 * is tiny next to a batch. Every task adds one to a {@link LongAdder}, so that the smoke test can
 * check that each variant ran them all.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(jvmArgsAppend = {"--enable-preview", "-Xms1g", "-Xmx1g"})
@Comparison(
    title = "Spawn + join of 100k trivial tasks in one nursery",
    subject = "trio4jNursery",
    notes =
        "One operation starts `tasks` trivial tasks (each adds one to a `LongAdder`) and waits for"
            + " all of them, from a fresh virtual thread: trio4j's `Trio.run` root task opens the"
            + " nursery; the peers start one virtual thread that forks and joins. The empty"
            + " `Trio.run` row is included in the trio4j row (it is the price of the root task).")
@Goal(text = "≤ 1.3× raw virtual threads", peer = "virtualThreads", maxRatio = 1.3)
@Goal(text = "≤ `StructuredTaskScope`", peer = "structuredTaskScope", maxRatio = 1.0)
public class SpawnJoinBenchmark {
  /** How many tasks one operation spawns and joins. */
  @Param("100000")
  public int tasks;

  /** Counts the tasks that ran. */
  final LongAdder ran = new LongAdder();

  private final ThrowingRunnable<RuntimeException> trioTask = ran::increment;
  private final Runnable task = ran::increment;

  /**
   * trio4j: one run whose main task opens a nursery and starts every task in it.
   *
   * @throws Exception if a task failed (none does)
   */
  @Benchmark
  @Row(role = Role.SUBJECT, label = "trio4j: `Trio.run` → `Nursery.open` → `startSoon` × tasks")
  public void trio4jNursery() throws Exception {
    Trio.run(
        () -> {
          Nursery.open(
              nursery -> {
                for (int i = 0; i < tasks; i++) {
                  nursery.startSoon(trioTask);
                }
              });
          return null;
        });
  }

  /**
   * trio4j: an empty run, the fixed cost included in {@link #trio4jNursery()}.
   *
   * @return the run's result
   */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Row(role = Role.PART, label = "trio4j: empty `Trio.run` (its root task only)")
  public Object trio4jEmptyRun() {
    return Trio.run(() -> null);
  }

  /**
   * Raw virtual threads: {@code Thread.ofVirtual().start} for every task, then {@code join} each.
   *
   * @throws Exception if interrupted
   */
  @Benchmark
  @Row(
      role = Role.PEER,
      label = "raw virtual threads: `Thread.ofVirtual().start` × tasks, `join` each")
  public void virtualThreads() throws Exception {
    Threads.inVirtualThread(
        () -> {
          Thread[] threads = new Thread[tasks];
          for (int i = 0; i < tasks; i++) {
            threads[i] = Thread.ofVirtual().start(task);
          }
          for (Thread t : threads) {
            t.join();
          }
          return null;
        });
  }

  /**
   * The JDK's structured concurrency (JDK 25 preview): {@code StructuredTaskScope.open()}, {@code
   * fork} every task, {@code join}.
   *
   * @throws Exception if interrupted, or if a subtask failed (none does)
   */
  @Benchmark
  @Row(
      role = Role.PEER,
      label = "`StructuredTaskScope.open()` → `fork` × tasks → `join` (JDK 25 preview)")
  public void structuredTaskScope() throws Exception {
    Threads.inVirtualThread(
        () -> {
          try (var scope = StructuredTaskScope.open()) {
            for (int i = 0; i < tasks; i++) {
              scope.fork(task);
            }
            scope.join();
          }
          return null;
        });
  }
}
