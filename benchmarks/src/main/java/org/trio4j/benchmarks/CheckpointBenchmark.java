package org.trio4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.trio4j.Trio;
import org.trio4j.benchmarks.report.Comparison;
import org.trio4j.benchmarks.report.Goal;
import org.trio4j.benchmarks.report.Role;
import org.trio4j.benchmarks.report.Row;
import org.trio4j.lowlevel.Lowlevel;

/**
 * {@link Trio#checkpoint()} when nothing is cancelled, against a plain volatile read.
 *
 * <p>A checkpoint must run in a task, so one invocation is one {@code Trio.run} whose main task
 * loops {@link #COUNT} times; JMH divides by {@code COUNT} ({@link OperationsPerInvocation}), so
 * the score is the time of one checkpoint. The run itself (tens to hundreds of microseconds, see
 * {@link SpawnJoinBenchmark#trio4jEmptyRun()}) adds at most a few tenths of a nanosecond to each of
 * the 2<sup>20</sup> operations. The volatile-read loop runs in the same kind of run, so both loops
 * execute on a virtual thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(CheckpointBenchmark.COUNT)
@State(Scope.Benchmark)
@Fork(jvmArgsAppend = {"--enable-preview", "-Xms1g", "-Xmx1g"})
@Comparison(
    title = "`Trio.checkpoint()` when nothing is cancelled",
    subject = "trio4jCheckpoint",
    notes =
        "One operation is one checkpoint (or one volatile read), in a loop of 2^20 inside one"
            + " `Trio.run` per invocation; the run's own cost, spread over the loop, adds at most"
            + " a few tenths of a ns to each. `Trio.checkpoint()` checks for cancellation and"
            + " yields the carrier every 256th call; `Lowlevel.checkpointIfCancelled()` is the"
            + " check alone.")
@Goal(text = "≤ 50 ns", maxScore = 50, unit = "ns/op")
public class CheckpointBenchmark {
  /** Checkpoints per invocation. */
  public static final int COUNT = 1 << 20;

  /** Loop length; only the smoke test lowers it (it calls the methods directly). */
  int count = COUNT;

  /** Read by {@link #volatileRead()}; never set. */
  volatile boolean cancelled;

  /**
   * {@code Trio.checkpoint()} in a loop.
   *
   * @return the number of checkpoints made
   */
  @Benchmark
  @Row(role = Role.SUBJECT, label = "trio4j: `Trio.checkpoint()`")
  public int trio4jCheckpoint() {
    return Trio.run(
        () -> {
          int n = count;
          for (int i = 0; i < n; i++) {
            Trio.checkpoint();
          }
          return n;
        });
  }

  /**
   * {@code Lowlevel.checkpointIfCancelled()} in a loop: the cancellation check without the yield.
   *
   * @return the number of checks made
   */
  @Benchmark
  @Row(role = Role.PART, label = "trio4j: `Lowlevel.checkpointIfCancelled()` (the check, no yield)")
  public int trio4jCheckpointIfCancelled() {
    return Trio.run(
        () -> {
          int n = count;
          for (int i = 0; i < n; i++) {
            Lowlevel.checkpointIfCancelled();
          }
          return n;
        });
  }

  /**
   * A plain volatile read in a loop, in the same kind of run.
   *
   * @return the number of reads made
   */
  @Benchmark
  @Row(role = Role.PEER, label = "a plain volatile read (`if (cancelled) throw ...`)")
  public int volatileRead() {
    return Trio.run(
        () -> {
          int n = count;
          for (int i = 0; i < n; i++) {
            if (cancelled) {
              throw new IllegalStateException("never set");
            }
          }
          return n;
        });
  }
}
