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
 * A chain of {@link #channels} memory channels with a task between each two forwarding every value
 * to the next (Jox's published "chained" benchmark), against Kotlin coroutine channels, Jox
 * channels and the JDK's blocking queues.
 *
 * <p>One invocation makes {@link #HOPS} hops in all: {@code HOPS / channels} values each pass
 * through every channel. JMH divides by {@code HOPS}, so the score is the time of one send-receive
 * pair on one channel of the chain.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ChannelChainBenchmark.HOPS)
@State(Scope.Benchmark)
@Fork(jvmArgsAppend = {"--enable-preview", "-Xms1g", "-Xmx1g"})
@Comparison(
    title = "Memory channel, a chain of 10k tasks",
    subject = "trio4j",
    notes =
        "`channels` channels in a row: a producer sends into the first, a task between each two"
            + " channels receives from one and sends to the next (channels − 1 forwarders), a"
            + " consumer receives from the last. One operation is one hop, a value sent and"
            + " received on one channel of the chain; an invocation makes 10^6 hops (10^6 /"
            + " `channels` values through the whole chain; Jox uses 10^7, which takes seconds"
            + " per invocation here) and JMH divides by that. The cost of starting the 10k tasks"
            + " is in the score. Tasks as in the pair benchmark: trio4j `startSoon` in one"
            + " nursery, virtual threads for Jox and the JDK queues, coroutines on"
            + " `Dispatchers.Default` for Kotlin.")
@Goal(text = "≤ 1.0× Kotlin", peer = "kotlin", maxRatio = 1.0)
@Goal(text = "≥ 2× faster than Jox (≤ 0.5×)", peer = "jox", maxRatio = 0.5)
public class ChannelChainBenchmark {
  /** Hops (send-receive pairs) per invocation. */
  public static final int HOPS = 1_000_000;

  /** The channel's capacity: 0 for a rendezvous (Jox's chained benchmark uses 0 and 100). */
  @Param({"0", "100"})
  public int capacity;

  /** How many channels the chain has. */
  @Param("10000")
  public int channels;

  /** Hops per call; only the smoke test lowers it (it calls the methods directly). */
  int hops = HOPS;

  private int elements() {
    return hops / channels;
  }

  /**
   * trio4j: {@code Channels.open(capacity)} links, a task each, in one nursery.
   *
   * @return the sum of the values the consumer received
   * @throws Exception if a task failed (none does)
   */
  @Benchmark
  @Row(role = Role.SUBJECT, label = "trio4j: `Channels.open(capacity)`, forwarding tasks")
  public long trio4j() throws Exception {
    return ChannelTrioShapes.chain(capacity, channels, elements());
  }

  /**
   * Kotlin coroutines: {@code Channel(capacity)} links, a coroutine each.
   *
   * @return the sum of the values the consumer received
   */
  @Benchmark
  @Row(role = Role.PEER, label = "Kotlin: `Channel(capacity)` on `Dispatchers.Default`")
  public long kotlin() {
    return ChannelKotlinShapes.chain(capacity, channels, elements());
  }

  /**
   * Jox: rendezvous or buffered channel links, a virtual thread each.
   *
   * @return the sum of the values the consumer received
   * @throws Exception if a thread failed (none does)
   */
  @Benchmark
  @Row(role = Role.PEER, label = "Jox: `Channel` (rendezvous / buffered), virtual threads")
  public long jox() throws Exception {
    return ChannelThreadShapes.chain(ChannelThreadShapes::jox, capacity, channels, elements());
  }

  /**
   * The JDK: {@code SynchronousQueue} (capacity 0) or {@code ArrayBlockingQueue} links, a virtual
   * thread each.
   *
   * @return the sum of the values the consumer received
   * @throws Exception if a thread failed (none does)
   */
  @Benchmark
  @Row(
      role = Role.PEER,
      label = "JDK: `SynchronousQueue` (0) / `ArrayBlockingQueue`, virtual threads")
  public long blockingQueue() throws Exception {
    return ChannelThreadShapes.chain(ChannelThreadShapes::queue, capacity, channels, elements());
  }
}
