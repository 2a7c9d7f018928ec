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
import org.trio4j.benchmarks.report.Comparison;
import org.trio4j.benchmarks.report.Goal;
import org.trio4j.benchmarks.report.Role;
import org.trio4j.benchmarks.report.Row;

/**
 * {@link #pairs} independent producer/consumer pairs at once, each on its own memory channel (Jox's
 * published "parallel" benchmark), against Kotlin coroutine channels, Jox channels and the JDK's
 * blocking queues.
 *
 * <p>One invocation moves {@link #TOTAL} values in all, {@code TOTAL / pairs} through each pair's
 * channel. JMH divides by {@code TOTAL}, so the score is the time of one send-receive pair with all
 * the pairs competing for the cores.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ChannelParallelBenchmark.TOTAL)
@State(Scope.Benchmark)
@Fork(jvmArgsAppend = {"--enable-preview", "-Xms1g", "-Xmx1g"})
@Comparison(
    title = "Memory channel, 10k parallel pairs",
    subject = "trio4j",
    notes =
        "`pairs` producer/consumer pairs run at once, each pair on its own channel. One"
            + " operation is one value sent and received on one of the channels; an invocation"
            + " moves 10^6 values in all (10^6 / `pairs` per channel; Jox uses 10^7) and JMH"
            + " divides by that. The cost of starting the 20k tasks is in the score. Tasks as in"
            + " the pair benchmark: trio4j `startSoon` in one nursery, virtual threads for Jox and"
            + " the JDK queues, coroutines on `Dispatchers.Default` for Kotlin.")
@Goal(text = "≤ 1.0× Kotlin", peer = "kotlin", maxRatio = 1.0)
@Goal(text = "≥ 2× faster than Jox (≤ 0.5×)", peer = "jox", maxRatio = 0.5)
public class ChannelParallelBenchmark {
  /** Values per invocation, over all the pairs. */
  public static final int TOTAL = 1_000_000;

  /** The channels' capacity: 0 for a rendezvous. */
  @Param({"0", "16", "100"})
  public int capacity;

  /** How many producer/consumer pairs run at once. */
  @Param("10000")
  public int pairs;

  /** Values per call, over all the pairs; only the smoke test lowers it. */
  int total = TOTAL;

  private int elements() {
    return total / pairs;
  }

  /**
   * trio4j: a {@code Channels.open(capacity)} per pair, two tasks per pair in one nursery.
   *
   * @return the sum of the values every consumer received
   * @throws Exception if a task failed (none does)
   */
  @Benchmark
  @Row(role = Role.SUBJECT, label = "trio4j: `Channels.open(capacity)` per pair")
  public long trio4j() throws Exception {
    return ChannelTrioShapes.parallel(capacity, pairs, elements());
  }

  /**
   * Kotlin coroutines: a {@code Channel(capacity)} per pair, two coroutines per pair.
   *
   * @return the sum of the values every consumer received
   */
  @Benchmark
  @Row(role = Role.PEER, label = "Kotlin: `Channel(capacity)` per pair, `Dispatchers.Default`")
  public long kotlin() {
    return ChannelKotlinShapes.parallel(capacity, pairs, elements());
  }

  /**
   * Jox: a rendezvous or buffered channel per pair, two virtual threads per pair.
   *
   * @return the sum of the values every consumer received
   * @throws Exception if a thread failed (none does)
   */
  @Benchmark
  @Row(role = Role.PEER, label = "Jox: `Channel` per pair, virtual threads")
  public long jox() throws Exception {
    return ChannelThreadShapes.parallel(ChannelThreadShapes::jox, capacity, pairs, elements());
  }

  /**
   * The JDK: a {@code SynchronousQueue} (capacity 0) or {@code ArrayBlockingQueue} per pair, two
   * virtual threads per pair.
   *
   * @return the sum of the values every consumer received
   * @throws Exception if a thread failed (none does)
   */
  @Benchmark
  @Row(
      role = Role.PEER,
      label = "JDK: `SynchronousQueue` (0) / `ArrayBlockingQueue` per pair, virtual threads")
  public long blockingQueue() throws Exception {
    return ChannelThreadShapes.parallel(ChannelThreadShapes::queue, capacity, pairs, elements());
  }
}
