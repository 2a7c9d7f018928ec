package org.trio4j.benchmarks;

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
import org.trio4j.RunOptions;
import org.trio4j.Trio;
import org.trio4j.benchmarks.report.Comparison;
import org.trio4j.benchmarks.report.Role;
import org.trio4j.benchmarks.report.Row;

/**
 * Checkpoints under {@link RunOptions.Scheduling#COOPERATIVE} scheduling, where every checkpoint is
 * a switch point: with one runnable task each checkpoint passes a batch boundary, with several it
 * hands the run to the next task. Not one of issue 5's targets; it measures what a test suite run
 * in cooperative mode pays per switch (docs/performance.md, "Cooperative scheduling").
 *
 * <p>One invocation is one {@code Trio.run} with {@link #runnable} tasks that make {@link #OPS}
 * checkpoints in all; JMH divides by it, so the score is the time per checkpoint. The same loop in
 * the default parallel scheduling is the reference row.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(CooperativeSchedulingBenchmark.OPS)
@State(Scope.Benchmark)
@Fork(jvmArgsAppend = {"--enable-preview", "-Xms1g", "-Xmx1g"})
@Comparison(
    title = "Checkpoints under cooperative scheduling (not an issue-5 target)",
    subject = "trio4jCooperative",
    notes =
        "One operation is one `Trio.checkpoint()`; 2^16 per invocation, split between"
            + " `runnable` tasks of one nursery in one `Trio.run`. Cooperative: one task runs at a"
            + " time and each checkpoint is a switch (1 task: a batch boundary per checkpoint;"
            + " more: a hand-over to the next task, a virtual thread's park and unpark). The"
            + " parallel row is the same loop with the default scheduling.")
public class CooperativeSchedulingBenchmark {
  /** Checkpoints per invocation, in all tasks together. */
  public static final int OPS = 1 << 16;

  private static final RunOptions COOPERATIVE =
      RunOptions.builder().scheduling(RunOptions.Scheduling.COOPERATIVE).seed(1).build();

  /** How many tasks share the checkpoints (all runnable throughout). */
  @Param({"1", "2", "8"})
  public int runnable;

  /** Checkpoints per call; only the smoke test lowers it (it calls the methods directly). */
  int ops = OPS;

  /**
   * The checkpoint loop under cooperative scheduling.
   *
   * @return the number of checkpoints made
   * @throws Exception if a task failed (none does)
   */
  @Benchmark
  @Row(role = Role.SUBJECT, label = "trio4j: `Trio.checkpoint()` × ops, `COOPERATIVE`")
  public long trio4jCooperative() throws Exception {
    return checkpoints(COOPERATIVE);
  }

  /**
   * The same loop under the default parallel scheduling.
   *
   * @return the number of checkpoints made
   * @throws Exception if a task failed (none does)
   */
  @Benchmark
  @Row(role = Role.PART, label = "trio4j: the same loop, `PARALLEL` (the default)")
  public long trio4jParallel() throws Exception {
    return checkpoints(RunOptions.DEFAULT);
  }

  private long checkpoints(RunOptions options) throws Exception {
    return TaskLoops.inTasks(
        options,
        runnable,
        ops,
        () -> {
          Trio.checkpoint();
          return true;
        });
  }
}
