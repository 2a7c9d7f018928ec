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
 * A memory channel between one producer and one consumer, rendezvous ({@code capacity} 0) and
 * buffered (16, 100), against Kotlin coroutine channels, Jox channels and the JDK's blocking queues
 * (Jox's published "rendezvous" and "buffered" benchmarks).
 *
 * <p>One invocation moves {@link #ELEMENTS} values from the producer to the consumer; JMH divides
 * by it, so the score is the time of one send-receive pair. The shapes are in {@link
 * ChannelTrioShapes}, {@link ChannelThreadShapes} and {@code ChannelKotlinShapes.kt}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ChannelPairBenchmark.ELEMENTS)
@State(Scope.Benchmark)
@Fork(jvmArgsAppend = {"--enable-preview", "-Xms1g", "-Xmx1g"})
@Comparison(
    title = "Memory channel, one producer and one consumer",
    subject = "trio4j",
    notes =
        "One operation is one value sent by the producer and received by the consumer (a"
            + " send-receive pair); an invocation moves 10^6 values and JMH divides by that."
            + " `capacity` 0 is a rendezvous channel (`SynchronousQueue` for the JDK row), 16 and"
            + " 100 buffered ones (`ArrayBlockingQueue`). trio4j: `Trio.run`, a nursery, two"
            + " `startSoon` tasks (parallel scheduling); Jox and the JDK queue: two virtual"
            + " threads; Kotlin: two coroutines on `Dispatchers.Default` under `runBlocking`, as"
            + " in Jox's own Kotlin benchmarks. The values are boxed from Integer's cache.")
@Goal(text = "≤ 1.0× Kotlin", peer = "kotlin", maxRatio = 1.0)
@Goal(text = "≥ 2× faster than Jox (≤ 0.5×)", peer = "jox", maxRatio = 0.5)
public class ChannelPairBenchmark {
  /** Values per invocation (Jox uses the same count). */
  public static final int ELEMENTS = 1_000_000;

  /** The channel's capacity: 0 for a rendezvous. */
  @Param({"0", "16", "100"})
  public int capacity;

  /** Values moved per call; only the smoke test lowers it (it calls the methods directly). */
  int elements = ELEMENTS;

  /**
   * trio4j: {@code Channels.open(capacity)} between two tasks of one nursery.
   *
   * @return the sum of the values received
   * @throws Exception if a task failed (none does)
   */
  @Benchmark
  @Row(role = Role.SUBJECT, label = "trio4j: `Channels.open(capacity)`, `send` / `receive`")
  public long trio4j() throws Exception {
    return ChannelTrioShapes.pair(capacity, elements);
  }

  /**
   * Kotlin coroutines: {@code Channel(capacity)} between two coroutines on the default dispatcher.
   *
   * @return the sum of the values received
   */
  @Benchmark
  @Row(role = Role.PEER, label = "Kotlin: `Channel(capacity)` on `Dispatchers.Default`")
  public long kotlin() {
    return ChannelKotlinShapes.pair(capacity, elements);
  }

  /**
   * Jox: a rendezvous or buffered channel between two virtual threads.
   *
   * @return the sum of the values received
   * @throws Exception if a thread failed (none does)
   */
  @Benchmark
  @Row(role = Role.PEER, label = "Jox: `Channel` (rendezvous / buffered), virtual threads")
  public long jox() throws Exception {
    return ChannelThreadShapes.pair(ChannelThreadShapes::jox, capacity, elements);
  }

  /**
   * The JDK: a {@code SynchronousQueue} (capacity 0) or {@code ArrayBlockingQueue} between two
   * virtual threads.
   *
   * @return the sum of the values received
   * @throws Exception if a thread failed (none does)
   */
  @Benchmark
  @Row(
      role = Role.PEER,
      label = "JDK: `SynchronousQueue` (0) / `ArrayBlockingQueue`, virtual threads")
  public long blockingQueue() throws Exception {
    return ChannelThreadShapes.pair(ChannelThreadShapes::queue, capacity, elements);
  }
}
