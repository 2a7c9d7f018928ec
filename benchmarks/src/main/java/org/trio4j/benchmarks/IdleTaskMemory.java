package org.trio4j.benchmarks;

import java.lang.management.ManagementFactory;
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
 * CountDownLatch}, and trio4j tasks parked in a channel receive).
 *
 * <p>A scenario rather than a JMH benchmark: the number is a heap reading, not a time, and it needs
 * a fresh heap each time. Every reading is one child JVM ({@link ChildJvm}, {@link #main}) with the
 * serial collector, whose full collection ({@code System.gc()}) compacts the heap so that the heap
 * in use afterwards is exactly the live objects. The child first parks and releases two full
 * batches of the same kind (so that classes and lazily created structures exist, and the JIT has
 * compiled the park path: an interpreted frame frozen in a parked thread's stack is several times
 * the size of a compiled one, measured), then reads the heap after a full collection, parks {@code
 * tasks} tasks, waits until all are parked, reads it again, and prints the difference divided by
 * the count: bytes per idle task, everything included (the virtual thread, its frozen stack,
 * trio4j's task object and its place in the Event's queue).
 */
@Comparison(
    title = "Memory per idle task parked on an `Event` (100k tasks)",
    subject = "trio4jEvent",
    notes =
        "Bytes of heap per parked task (lower is better): the heap in use after a full"
            + " collection with 100k tasks parked, minus the same reading just before they were"
            + " started, divided by 100k. One fresh JVM per sample (serial collector, so that a"
            + " full collection compacts and the reading is the live objects), each first"
            + " parking and releasing 2 × 100k tasks of the same kind, so that the parked stacks"
            + " hold compiled frames, as in a long-running program. The peers keep their threads in an"
            + " array allocated before the first reading (to wait until all are parked).")
@Goal(text = "≤ 1.3× a bare parked virtual thread", peer = "virtualThreadPark", maxRatio = 1.3)
public final class IdleTaskMemory implements Scenario {
  /** The serial collector, whose full collections compact; heap big enough for 100k threads. */
  private static final List<String> CHILD_JVM = List.of("-XX:+UseSerialGC", "-Xms1g", "-Xmx1g");

  private static final String[] ROWS = {
    "trio4jEvent", "trio4jChannelReceive", "virtualThreadPark", "virtualThreadLatch"
  };

  /** Creates the scenario. */
  public IdleTaskMemory() {}

  /** Labels the subject's row. */
  @Row(role = Role.SUBJECT, label = "trio4j: a task in a nursery parked in `Event.await()`")
  public void trio4jEvent() {}

  /** Labels a part's row. */
  @Row(
      role = Role.PART,
      label = "trio4j: a task in a nursery parked in `receive()` on a rendezvous channel")
  public void trio4jChannelReceive() {}

  /** Labels the peer's row. */
  @Row(role = Role.PEER, label = "a bare virtual thread parked in `LockSupport.park()`")
  public void virtualThreadPark() {}

  /** Labels another peer's row. */
  @Row(role = Role.PEER, label = "a virtual thread parked in `CountDownLatch.await()`")
  public void virtualThreadLatch() {}

  @Override
  public List<Measurement> run(Effort effort) throws Exception {
    int tasks = effort.pick(1_000, 100_000, 100_000);
    int runs = effort.pick(1, 3, 5);
    List<Measurement> result = new ArrayList<>();
    for (String row : ROWS) {
      double[] samples = new double[runs];
      for (int r = 0; r < runs; r++) {
        samples[r] = reading(row, tasks);
      }
      result.add(
          Measurement.of(IdleTaskMemory.class, row, "B/task", samples)
              .withParam("tasks", String.valueOf(tasks)));
    }
    return result;
  }

  /** One reading in a fresh JVM: bytes per parked task. */
  private static double reading(String row, int tasks) throws Exception {
    try (ChildJvm child =
        ChildJvm.start(
            IdleTaskMemory.class, null, CHILD_JVM, List.of(row, String.valueOf(tasks)))) {
      String line = child.readLine();
      String[] words = line.split(" ");
      if (words.length != 2 || !words[1].equals("parked=" + tasks)) {
        throw new IllegalStateException(row + ": expected " + tasks + " parked tasks: " + line);
      }
      int exit = child.waitFor(60);
      if (exit != 0) {
        throw new IllegalStateException(row + ": the child JVM exited with " + exit);
      }
      return Double.parseDouble(words[0]);
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
    // The full count several times first, so that the reading sees the frames of compiled code,
    // as a long-running program would (interpreted frames are several times larger in a parked
    // thread's stack), for every row alike. With two rounds, a JIT recompilation still landed in
    // the measured round now and then (tasks parked in interpreted frames: 50-90 stack words
    // instead of 34-40); five make that rare.
    for (int i = 0; i < 5; i++) {
      child.park(tasks, null);
    }
    long[] reading = new long[2];
    child.park(tasks, reading);
    System.out.printf(Locale.ROOT, "%.1f parked=%d%n", (double) reading[0] / tasks, reading[1]);
    System.out.flush();
  }

  /** Parks {@code n} tasks of one kind, then releases them and waits until all have ended. */
  @FunctionalInterface
  private interface Child {
    /**
     * Parks and releases {@code n} tasks.
     *
     * @param n how many
     * @param reading null for a warm-up; else receives the heap growth and the parked count
     */
    void park(int n, long[] reading) throws Exception;
  }

  private static void trio4jEvent(int n, long[] reading) throws Exception {
    LongAdder parked = new LongAdder();
    Trio.run(
        () -> {
          Event event = new Event();
          Nursery.open(
              nursery -> {
                long before = reading == null ? 0 : heapAfterGc();
                for (int i = 0; i < n; i++) {
                  nursery.startSoon(
                      () -> {
                        parked.increment();
                        event.await();
                      });
                }
                Lowlevel.waitAllTasksBlocked();
                if (reading != null) {
                  reading[0] = heapAfterGc() - before;
                  reading[1] = parked.sum();
                }
                event.set();
              });
          return null;
        });
  }

  private static void trio4jChannelReceive(int n, long[] reading) throws Exception {
    LongAdder parked = new LongAdder();
    Trio.run(
        () -> {
          ChannelPair<Object> channel = Channels.open(0);
          Nursery.open(
              nursery -> {
                long before = reading == null ? 0 : heapAfterGc();
                for (int i = 0; i < n; i++) {
                  ReceiveChannel<Object> rx = channel.receive();
                  nursery.startSoon(
                      () -> {
                        parked.increment();
                        rx.receive();
                      });
                }
                Lowlevel.waitAllTasksBlocked();
                if (reading != null) {
                  reading[0] = heapAfterGc() - before;
                  reading[1] = parked.sum();
                }
                for (int i = 0; i < n; i++) {
                  channel.send().send(i);
                }
              });
          return null;
        });
  }

  private static void virtualThreadPark(int n, long[] reading) throws Exception {
    Thread[] threads = new Thread[n];
    LongAdder parked = new LongAdder();
    // Set before the unparks; a spurious wake-up parks again.
    boolean[] released = new boolean[1];
    long before = reading == null ? 0 : heapAfterGc();
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
    if (reading != null) {
      reading[0] = heapAfterGc() - before;
      reading[1] = parked.sum();
    }
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

  private static void virtualThreadLatch(int n, long[] reading) throws Exception {
    Thread[] threads = new Thread[n];
    CountDownLatch latch = new CountDownLatch(1);
    LongAdder parked = new LongAdder();
    long before = reading == null ? 0 : heapAfterGc();
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
    if (reading != null) {
      reading[0] = heapAfterGc() - before;
      reading[1] = parked.sum();
    }
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

  /**
   * The heap in use after full collections, once two in a row agree within 64 KiB (under one byte
   * per task at 100k): with the serial collector a full collection compacts, so this is the size of
   * the live objects.
   */
  static long heapAfterGc() {
    var memory = ManagementFactory.getMemoryMXBean();
    long previous = Long.MIN_VALUE / 2;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long used = memory.getHeapMemoryUsage().getUsed();
      if (Math.abs(used - previous) < 64 * 1024) {
        return used;
      }
      previous = used;
    }
    return previous;
  }
}
