package org.trio4j.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.benchmarks.report.Comparison;
import org.trio4j.benchmarks.report.Goal;
import org.trio4j.benchmarks.report.Role;
import org.trio4j.benchmarks.report.Row;

/**
 * {@link #tasks} concurrent sleeps with distinct deadlines: trio4j tasks in one nursery each {@code
 * Trio.sleep}, against as many virtual threads each {@code Thread.sleep}ing, joined.
 *
 * <p>One operation is the whole batch, from the first spawn until the last sleeper has woken and
 * been joined: JMH's single-shot mode, since one batch takes seconds. Sleeper {@code i} sleeps
 * {@code durations[i]} microseconds, a permutation of {@code 0 .. tasks-1}: the deadlines are one
 * microsecond apart (1M tasks spread over one second), all distinct, and inserted in scrambled
 * order so that neither the deadline heap nor the JDK's timer queues see them sorted. Both variants
 * sleep the same durations, so the one-second floor is common to both; what differs is the cost of
 * starting, timing and waking the sleepers. Every woken sleeper adds one to a {@link LongAdder}, so
 * that the smoke test can check that each variant woke them all.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 3,
    jvmArgsAppend = {"--enable-preview", "-Xms4g", "-Xmx4g"})
@Comparison(
    title = "1M concurrent sleeps with distinct deadlines",
    subject = "trio4jSleeps",
    notes =
        "One operation starts `tasks` sleepers and waits until all have woken (JMH single-shot"
            + " time, one batch per iteration). Sleeper i sleeps a distinct number of microseconds"
            + " from a scrambled permutation of 0 .. tasks-1, so the deadlines are 1 µs apart over"
            + " one second (for 1M) and arrive out of order; both rows sleep the same durations,"
            + " so the second is common to both. trio4j: one `Trio.run`, one nursery, `startSoon`"
            + " × tasks, each `Trio.sleep`; peer: a virtual thread per sleeper, each"
            + " `Thread.sleep`, then `join` each.")
@Goal(
    text = "≤ 1.0× `Thread.sleep` on virtual threads",
    peer = "virtualThreadSleeps",
    maxRatio = 1.0)
public class ConcurrentSleepsBenchmark {
  /** How many sleepers one operation starts. */
  @Param("1000000")
  public int tasks;

  /** Sleeper i's sleep in microseconds: a scrambled permutation of 0 .. tasks-1. */
  int[] durations;

  /** Counts the sleepers that woke. */
  final LongAdder woke = new LongAdder();

  /** Makes the durations. */
  @Setup
  public void setUp() {
    durations = scrambledPermutation(tasks);
  }

  /**
   * {@code 0 .. n-1} in an order that jumps around: {@code i * step mod n} with a step coprime to n
   * near n times the golden ratio's fractional part, so that neighbours are far apart.
   */
  static int[] scrambledPermutation(int n) {
    long step = Math.max(1, (long) (n * 0.6180339887));
    while (gcd(step, n) != 1) {
      step++;
    }
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = (int) ((i * step) % n);
    }
    return p;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /**
   * trio4j: one run whose main task opens a nursery and starts every sleeper in it.
   *
   * @throws Exception if a task failed (none does)
   */
  @Benchmark
  @Row(role = Role.SUBJECT, label = "trio4j: `startSoon` × tasks, each `Trio.sleep(distinct)`")
  public void trio4jSleeps() throws Exception {
    int[] d = durations;
    Trio.run(
        () -> {
          Nursery.open(
              nursery -> {
                for (int i = 0; i < d.length; i++) {
                  Duration sleep = Duration.ofNanos(d[i] * 1_000L);
                  nursery.startSoon(
                      () -> {
                        Trio.sleep(sleep);
                        woke.increment();
                      });
                }
              });
          return null;
        });
  }

  /**
   * Virtual threads: one per sleeper, each {@code Thread.sleep}, then {@code join} each.
   *
   * @throws Exception if interrupted
   */
  @Benchmark
  @Row(
      role = Role.PEER,
      label = "virtual threads: `Thread.ofVirtual().start` × tasks, each `Thread.sleep(distinct)`")
  public void virtualThreadSleeps() throws Exception {
    int[] d = durations;
    Threads.inVirtualThread(
        () -> {
          Thread[] threads = new Thread[d.length];
          for (int i = 0; i < d.length; i++) {
            Duration sleep = Duration.ofNanos(d[i] * 1_000L);
            threads[i] =
                Thread.ofVirtual()
                    .start(
                        () -> {
                          try {
                            Thread.sleep(sleep);
                          } catch (InterruptedException e) {
                            throw new IllegalStateException("nobody interrupts a sleeper", e);
                          }
                          woke.increment();
                        });
          }
          for (Thread t : threads) {
            t.join();
          }
          return null;
        });
  }
}
