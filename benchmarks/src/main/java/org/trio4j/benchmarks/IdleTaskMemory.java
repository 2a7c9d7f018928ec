package org.trio4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.benchmarks.report.Comparison;
import org.trio4j.benchmarks.report.Goal;
import org.trio4j.benchmarks.report.Measurement;
import org.trio4j.benchmarks.report.Role;
import org.trio4j.benchmarks.report.Row;
import org.trio4j.benchmarks.scenarios.ChildJvm;
import org.trio4j.benchmarks.scenarios.Effort;
import org.trio4j.benchmarks.scenarios.Scenario;
import org.trio4j.channel.ChannelPair;
import org.trio4j.channel.Channels;
import org.trio4j.channel.ReceiveChannel;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.sync.Event;

/**
 * The heap an idle task costs: {@code tasks} trio4j tasks parked on one {@link Event}, against as
 * many bare virtual threads parked in {@link LockSupport#park()} (and, for reference, on a {@link
 * CountDownLatch}, and trio4j tasks parked in a channel receive). Each row is reported whole and in
 * two parts: its parked stack (the {@code jdk.internal.vm.StackChunk}s holding the frozen frames, a
 * 64 B header and 8 B per stack word) and everything else (the virtual thread and its continuation,
 * trio4j's task object, its place in the Event's queue, the lambda).
 *
 * <p>A scenario rather than a JMH benchmark: the number is a heap reading, not a time, and it needs
 * a fresh heap each time. Every sample is one child JVM ({@link ChildJvm}, {@link #main}) with the
 * serial collector. The child reads the heap with a class histogram ({@code GC.class_histogram}
 * through the {@code DiagnosticCommand} MBean: a full collection, then the live objects by class)
 * before it starts the tasks and once all are parked; the difference of the totals divided by the
 * count is the row's sample, the difference of the {@code StackChunk} bytes its stacks part. The
 * histogram counts live objects only: the heap's "used" figure after {@code System.gc()}, read
 * before, also counted the dead objects that the serial collector's full collection leaves in place
 * (up to {@code MarkSweepDeadRatio}, 5% of the old generation: tens of MB here), and so moved by up
 * to 240 B per task from one sample to the next, the peer's most of all.
 *
 * <p>The parked stack depends on the code the tasks parked in: a frame of interpreted or
 * C1-profiled code is several times the size of a C2-compiled one, and a recompilation (after an
 * uncommon trap, with a different inlining) changes the C2 frames. So the child measures the steady
 * state of a long-running program, the same way for every row: it parks and releases the full count
 * again and again, waits after each round until the JIT compilers are idle ({@code
 * Compiler.queue}), and reads the round's stack-chunk bytes; once at least {@value #MIN_WARM_UP}
 * rounds have run and the last {@value #STABLE_ROUNDS} gave the same stack bytes per task with the
 * compilers idle after each, it runs the measured round, which must give those stack bytes again
 * (else it counts as one more warm-up round). At most {@value #MAX_WARM_UP} warm-up rounds, and
 * none started after 20 s of warm-up once {@value #MIN_WARM_UP} have run: the child then measures
 * anyway and the runner says so on standard error. The child prints each round's stack bytes on
 * standard error.
 *
 * <p>What the steady state still leaves to chance: which C2 code a JVM settles on for trio4j's park
 * path (which calls are inlined, so which frames and how large) differs from one JVM to the next:
 * the compilation log shows the C2 code of {@code TaskImpl.run}, {@code TaskImpl.park} and {@code
 * LockSupport.park} made not entrant by uncommon traps in the first rounds and recompiled in orders
 * that depend on timing. Measured before this class was written: a trio4j task on an Event settled
 * on 264 to 432 B of stack in different JVMs (25 to 46 words), the bare virtual thread on 248 B in
 * every one. The samples of the stacks part show that spread; the objects part does not move.
 */
@Comparison(
    title = "Memory per idle task parked on an `Event` (100k tasks)",
    subject = "trio4jEvent",
    notes =
        "Bytes of heap per parked task (lower is better): the live objects (a class histogram"
            + " after a full collection) with 100k tasks parked, minus the same reading just"
            + " before they were started, divided by 100k; the ↳ rows split it into the parked"
            + " stack (the `StackChunk`s of frozen frames: 64 B + 8 B per word) and the rest. One"
            + " fresh JVM per sample (serial collector). Each first parks and releases 100k tasks"
            + " of the same kind, round after round, until the JIT compilers are idle after each"
            + " round and three rounds in a row gave the same stack bytes (at least 5 rounds, at"
            + " most 15 or 20 s): the compiled steady state of a long-running program, for every row"
            + " alike; the measured round must give those stack bytes again. Which C2 code a JVM"
            + " settles on for trio4j's park path still differs between JVMs (the stacks rows'"
            + " spread); the objects do not. The peers keep their"
            + " threads in an array allocated before the first reading (to wait until all are"
            + " parked).")
@Goal(text = "≤ 1.3× a bare parked virtual thread", peer = "virtualThreadPark", maxRatio = 1.3)
public final class IdleTaskMemory implements Scenario {
  /**
   * The serial collector; a heap big enough for 100k threads. {@code MarkSweepDeadRatio=0} makes
   * its full collections compact everything, although the readings come from class histograms,
   * which count live objects only.
   */
  private static final List<String> CHILD_JVM =
      List.of("-XX:+UseSerialGC", "-XX:MarkSweepDeadRatio=0", "-Xms1g", "-Xmx1g");

  /** Warm-up rounds at least: the five rounds of the earlier method. */
  static final int MIN_WARM_UP = 5;

  /** Rounds in a row with the same stack bytes per task, the compilers idle after each. */
  static final int STABLE_ROUNDS = 3;

  /** Warm-up rounds at most, so that a JIT that never settles still ends (the reading says so). */
  static final int MAX_WARM_UP = 15;

  /** No warm-up round starts after this (once {@link #MIN_WARM_UP} have run): busy machines. */
  static final long MAX_WARM_UP_NANOS = 20_000_000_000L;

  /** How long a child waits for the compilers to finish after each round. */
  private static final long COMPILERS_IDLE_MILLIS = 10_000;

  private static final String[] ROWS = {
    "trio4jEvent", "trio4jChannelReceive", "virtualThreadPark", "virtualThreadLatch"
  };

  /** Creates the scenario. */
  public IdleTaskMemory() {}

  /** Labels the subject's row. */
  @Row(role = Role.SUBJECT, label = "trio4j: a task in a nursery parked in `Event.await()`")
  public void trio4jEvent() {}

  /** Labels a part of the subject's row. */
  @Row(role = Role.PART, label = "↳ trio4j on an `Event`: objects (all but the parked stack)")
  public void trio4jEventObjects() {}

  /** Labels a part of the subject's row. */
  @Row(role = Role.PART, label = "↳ trio4j on an `Event`: the parked stack (`StackChunk`s)")
  public void trio4jEventStacks() {}

  /** Labels a part's row. */
  @Row(
      role = Role.PART,
      label = "trio4j: a task in a nursery parked in `receive()` on a rendezvous channel")
  public void trio4jChannelReceive() {}

  /** Labels a part of that row. */
  @Row(role = Role.PART, label = "↳ trio4j in `receive()`: objects (all but the parked stack)")
  public void trio4jChannelReceiveObjects() {}

  /** Labels a part of that row. */
  @Row(role = Role.PART, label = "↳ trio4j in `receive()`: the parked stack (`StackChunk`s)")
  public void trio4jChannelReceiveStacks() {}

  /** Labels the peer's row. */
  @Row(role = Role.PEER, label = "a bare virtual thread parked in `LockSupport.park()`")
  public void virtualThreadPark() {}

  /** Labels a part of the peer's row. */
  @Row(role = Role.PART, label = "↳ bare virtual thread: objects (all but the parked stack)")
  public void virtualThreadParkObjects() {}

  /** Labels a part of the peer's row. */
  @Row(role = Role.PART, label = "↳ bare virtual thread: the parked stack (`StackChunk`s)")
  public void virtualThreadParkStacks() {}

  /** Labels another peer's row. */
  @Row(role = Role.PEER, label = "a virtual thread parked in `CountDownLatch.await()`")
  public void virtualThreadLatch() {}

  /** Labels a part of that peer's row. */
  @Row(role = Role.PART, label = "↳ virtual thread on a latch: objects (all but the parked stack)")
  public void virtualThreadLatchObjects() {}

  /** Labels a part of that peer's row. */
  @Row(role = Role.PART, label = "↳ virtual thread on a latch: the parked stack (`StackChunk`s)")
  public void virtualThreadLatchStacks() {}

  /**
   * Measures every row in fresh JVMs: per row the total, then its objects and its stacks.
   *
   * @param effort smoke: 1,000 tasks, one JVM per row; quick: 100k tasks, 3 JVMs; full: 5
   * @return three measurements per row, in B/task
   * @throws Exception if a child JVM failed
   */
  @Override
  public List<Measurement> run(Effort effort) throws Exception {
    int tasks = effort.pick(1_000, 100_000, 100_000);
    int runs = effort.pick(1, 3, 5);
    List<Measurement> result = new ArrayList<>();
    for (String row : ROWS) {
      double[] total = new double[runs];
      double[] objects = new double[runs];
      double[] stacks = new double[runs];
      for (int r = 0; r < runs; r++) {
        double[] reading = reading(row, tasks);
        total[r] = reading[0];
        stacks[r] = reading[1];
        objects[r] = Math.round((reading[0] - reading[1]) * 10) / 10.0;
      }
      String n = String.valueOf(tasks);
      result.add(Measurement.of(IdleTaskMemory.class, row, "B/task", total).withParam("tasks", n));
      result.add(
          Measurement.of(IdleTaskMemory.class, row + "Objects", "B/task", objects)
              .withParam("tasks", n));
      result.add(
          Measurement.of(IdleTaskMemory.class, row + "Stacks", "B/task", stacks)
              .withParam("tasks", n));
    }
    return result;
  }

  /** One reading in a fresh JVM: {bytes per parked task, of which stack-chunk bytes}. */
  private static double[] reading(String row, int tasks) throws Exception {
    try (ChildJvm child =
        ChildJvm.start(
            IdleTaskMemory.class, null, CHILD_JVM, List.of(row, String.valueOf(tasks)))) {
      String line = child.readLine();
      String[] words = line.split(" ");
      if (words.length != 4 || !words[2].equals("parked=" + tasks)) {
        throw new IllegalStateException(row + ": expected " + tasks + " parked tasks: " + line);
      }
      if (!words[3].equals("steady=true")) {
        System.err.println(
            "  "
                + row
                + ": the parked stacks did not settle within the warm-up's bounds; measured"
                + " anyway");
      }
      int exit = child.waitFor(60);
      if (exit != 0) {
        throw new IllegalStateException(row + ": the child JVM exited with " + exit);
      }
      return new double[] {Double.parseDouble(words[0]), Double.parseDouble(words[1])};
    }
  }

  /**
   * The child JVM: parks {@code args[1]} tasks of kind {@code args[0]} (a row's method name) and
   * prints {@code BYTES_PER_TASK parked=N}, N being the tasks that were parked at the reading; all
   * of them are then released and the JVM ends.
   *
   * @param args the row, the count
   * @throws Exception if a task failed
   */
  public static void main(String[] args) throws Exception {
    String row = args[0];
    int tasks = Integer.parseInt(args[1]);
    Child child =
        switch (row) {
          case "trio4jEvent" -> IdleTaskMemory::trio4jEvent;
          case "trio4jChannelReceive" -> IdleTaskMemory::trio4jChannelReceive;
          case "virtualThreadPark" -> IdleTaskMemory::virtualThreadPark;
          case "virtualThreadLatch" -> IdleTaskMemory::virtualThreadLatch;
          default -> throw new IllegalArgumentException("no row " + row);
        };
    // Warm up until the parked stacks are those of the steady state: see the class comment.
    List<Double> warmUp = new ArrayList<>();
    int stableRounds = 0;
    Round measured = null;
    long start = System.nanoTime();
    while (measured == null) {
      Round round = new Round();
      child.park(tasks, round);
      boolean idle = IdleTaskMemoryJvm.awaitCompilersIdle(COMPILERS_IDLE_MILLIS);
      double stacks = round.stackBytesPerTask(tasks);
      boolean same = !warmUp.isEmpty() && Math.abs(stacks - warmUp.get(warmUp.size() - 1)) < 0.5;
      stableRounds = idle && same ? stableRounds + 1 : 0;
      warmUp.add(stacks);
      boolean steady = warmUp.size() >= MIN_WARM_UP && stableRounds >= STABLE_ROUNDS;
      boolean late =
          warmUp.size() >= MAX_WARM_UP
              || (warmUp.size() >= MIN_WARM_UP && System.nanoTime() - start > MAX_WARM_UP_NANOS);
      if (steady || late) {
        Round m = new Round();
        child.park(tasks, m);
        if (!steady || Math.abs(m.stackBytesPerTask(tasks) - stacks) < 0.5) {
          measured = m;
        } else {
          // A recompilation landed in the measured round: it was one more warm-up round.
          warmUp.add(m.stackBytesPerTask(tasks));
          stableRounds = 0;
        }
      }
    }
    double total = (double) measured.heapBytes / tasks;
    double stacks = measured.stackBytesPerTask(tasks);
    System.err.printf(
        Locale.ROOT,
        "  %s: %.1f B/task = %.1f objects + %.1f stacks (%d chunks); warm-up stacks %s%n",
        row,
        total,
        total - stacks,
        stacks,
        measured.chunks,
        warmUp.stream().map(w -> String.format(Locale.ROOT, "%.0f", w)).toList());
    System.out.printf(
        Locale.ROOT,
        "%.1f %.1f parked=%d steady=%b%n",
        total,
        stacks,
        measured.parked,
        stableRounds >= STABLE_ROUNDS);
    System.out.flush();
  }

  /**
   * One park-and-release round of the child: two class histograms (each after a full collection),
   * one before the tasks start and one once they are all parked.
   */
  private static final class Round {
    private long[] before;
    long heapBytes;
    long stackBytes;
    long chunks;
    long parked;

    /** Called before the tasks start. */
    void before() {
      before = IdleTaskMemoryJvm.census();
    }

    /** Called once all tasks are parked; {@code count} is how many said they would park. */
    void parked(long count) {
      long[] after = IdleTaskMemoryJvm.census();
      heapBytes = after[0] - before[0];
      chunks = after[1] - before[1];
      stackBytes = after[2] - before[2];
      parked = count;
    }

    double stackBytesPerTask(int tasks) {
      return (double) stackBytes / tasks;
    }
  }

  /** Parks {@code n} tasks of one kind, then releases them and waits until all have ended. */
  @FunctionalInterface
  private interface Child {
    /**
     * Parks and releases {@code n} tasks.
     *
     * @param n how many
     * @param round told before the tasks start and once they are all parked
     */
    void park(int n, Round round) throws Exception;
  }

  private static void trio4jEvent(int n, Round round) throws Exception {
    LongAdder parked = new LongAdder();
    Trio.run(
        () -> {
          Event event = new Event();
          Nursery.open(
              nursery -> {
                round.before();
                for (int i = 0; i < n; i++) {
                  nursery.startSoon(
                      () -> {
                        parked.increment();
                        event.await();
                      });
                }
                Lowlevel.waitAllTasksBlocked();
                round.parked(parked.sum());
                event.set();
              });
          return null;
        });
  }

  private static void trio4jChannelReceive(int n, Round round) throws Exception {
    LongAdder parked = new LongAdder();
    Trio.run(
        () -> {
          ChannelPair<Object> channel = Channels.open(0);
          Nursery.open(
              nursery -> {
                round.before();
                for (int i = 0; i < n; i++) {
                  ReceiveChannel<Object> rx = channel.receive();
                  nursery.startSoon(
                      () -> {
                        parked.increment();
                        rx.receive();
                      });
                }
                Lowlevel.waitAllTasksBlocked();
                round.parked(parked.sum());
                for (int i = 0; i < n; i++) {
                  channel.send().send(i);
                }
              });
          return null;
        });
  }

  private static void virtualThreadPark(int n, Round round) throws Exception {
    Thread[] threads = new Thread[n];
    LongAdder parked = new LongAdder();
    // Set before the unparks; a spurious wake-up parks again.
    boolean[] released = new boolean[1];
    round.before();
    for (int i = 0; i < n; i++) {
      threads[i] =
          Thread.ofVirtual()
              .start(
                  () -> {
                    parked.increment();
                    while (!isReleased(released)) {
                      LockSupport.park();
                    }
                  });
    }
    awaitWaiting(threads);
    round.parked(parked.sum());
    synchronized (released) {
      released[0] = true;
    }
    for (Thread t : threads) {
      LockSupport.unpark(t);
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  private static boolean isReleased(boolean[] released) {
    synchronized (released) {
      return released[0];
    }
  }

  private static void virtualThreadLatch(int n, Round round) throws Exception {
    Thread[] threads = new Thread[n];
    CountDownLatch latch = new CountDownLatch(1);
    LongAdder parked = new LongAdder();
    round.before();
    for (int i = 0; i < n; i++) {
      threads[i] =
          Thread.ofVirtual()
              .start(
                  () -> {
                    parked.increment();
                    try {
                      latch.await();
                    } catch (InterruptedException e) {
                      throw new IllegalStateException("nobody interrupts these threads", e);
                    }
                  });
    }
    awaitWaiting(threads);
    round.parked(parked.sum());
    latch.countDown();
    for (Thread t : threads) {
      t.join();
    }
  }

  /** Waits until every thread is parked (WAITING). */
  private static void awaitWaiting(Thread[] threads) throws InterruptedException {
    for (Thread t : threads) {
      while (t.getState() != Thread.State.WAITING) {
        Thread.sleep(1);
      }
    }
  }
}
