package org.trio4j.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.trio4j.RunOptions;
import org.trio4j.Trio;
import org.trio4j.benchmarks.report.Comparison;
import org.trio4j.benchmarks.report.Role;
import org.trio4j.benchmarks.report.Row;

/**
 * A timeout around a short piece of work, in one task or in one task per core at once: a server's
 * per-request timeout when each request does a little CPU work. Not one of issue 5's targets; it
 * shows how cancel scopes scale across cores (docs/performance.md, "Cancel scopes across cores").
 *
 * <p>One invocation runs {@link #OPS} timeout blocks in all, split evenly between the tasks; JMH
 * divides by it, so the score is the wall time per block, and with one task per core a perfect
 * scaling would divide the one-task score by the number of cores. Each block burns {@link #work}
 * tokens of {@link Blackhole#consumeCPU(long)}: about 0.1 µs for 64, about 1 µs for 512.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(TimeoutScopeBenchmark.OPS)
@State(Scope.Benchmark)
@Fork(jvmArgsAppend = {"--enable-preview", "-Xms1g", "-Xmx1g"})
@Comparison(
    title = "A timeout around a little work, in one task or one per core (not an issue-5 target)",
    subject = "trio4jMoveOnAfter",
    notes =
        "One operation is one block with a 10 s timeout that does not expire, around"
            + " `Blackhole.consumeCPU(work)` (64: about 0.1 µs, 512: about 1 µs); 2*10^5 blocks"
            + " per invocation, split between `workers` tasks or coroutines (`cores`: one per"
            + " core), so the score is wall time per block. trio4j: `Trio.moveOnAfter` in"
            + " `startSoon` tasks; Kotlin: `withTimeoutOrNull` in coroutines on"
            + " `Dispatchers.Default`. The work-only row is the same loop without the timeout:"
            + " the floor for each row.")
public class TimeoutScopeBenchmark {
  /** Timeout blocks per invocation, in all tasks together. */
  public static final int OPS = 200_000;

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /**
   * How many tasks (or coroutines) share the blocks: {@code 1}, or {@code cores} for one per core.
   */
  @Param({"1", "cores"})
  public String workers;

  /** The work inside each block, in {@link Blackhole#consumeCPU(long)} tokens. */
  @Param({"64", "512"})
  public long work;

  /** Blocks per call; only the smoke test lowers it (it calls the methods directly). */
  int ops = OPS;

  int taskCount() {
    return workers.equals("cores")
        ? Runtime.getRuntime().availableProcessors()
        : Integer.parseInt(workers);
  }

  /**
   * trio4j: {@code Trio.moveOnAfter} around the work, in tasks of one nursery.
   *
   * @return the number of blocks run
   * @throws Exception if a task failed (none does)
   */
  @Benchmark
  @Row(role = Role.SUBJECT, label = "trio4j: `Trio.moveOnAfter(10 s, work)` × ops, in tasks")
  public long trio4jMoveOnAfter() throws Exception {
    return inTasks(
        () -> {
          Trio.moveOnAfter(TIMEOUT, () -> Blackhole.consumeCPU(work));
          return true;
        });
  }

  /**
   * trio4j without the timeout: the same tasks and loop, the work alone.
   *
   * @return the number of blocks run
   * @throws Exception if a task failed (none does)
   */
  @Benchmark
  @Row(role = Role.PART, label = "trio4j: the work alone, no timeout (the floor)")
  public long trio4jWorkOnly() throws Exception {
    return inTasks(
        () -> {
          Blackhole.consumeCPU(work);
          return true;
        });
  }

  /**
   * Kotlin coroutines: {@code withTimeoutOrNull} around the work, in coroutines on the default
   * dispatcher.
   *
   * @return the number of blocks run
   */
  @Benchmark
  @Row(role = Role.PEER, label = "Kotlin: `withTimeoutOrNull(10 s)` × ops, `Dispatchers.Default`")
  public long kotlin() {
    return TimeoutKotlinShapes.timeouts(taskCount(), ops / taskCount(), TIMEOUT.toMillis(), work);
  }

  private long inTasks(TaskLoops.Block block) throws Exception {
    return TaskLoops.inTasks(RunOptions.DEFAULT, taskCount(), ops, block);
  }
}
