package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.trio4j.lowlevel.Instrument;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.Task;
import org.trio4j.sync.Event;
import org.trio4j.testing.TrioFuzz;
import org.trio4j.testing.TrioTest;
import org.trio4j.testing.TrioTest.ClockKind;

/**
 * Sleeps on the system clock (real time): they wake no earlier than their deadline, cancellation
 * and enclosing deadlines end them with {@code Cancelled} exactly once, a timeout racing a cancel
 * wakes the task once, and the accounting (parked/scheduled hooks, idle detection, dumps) is that
 * of any other park. These hold whatever times the sleep (the run's deadline heap today; the JDK's
 * timed park was tried, see docs/performance.md). Real time, so the sleeps are short; the exact
 * virtual times are {@link SleepTest}'s.
 */
class RealClockSleepTest {
  private static final long MS = 1_000_000L;

  /** Counts the parks and wake-ups of one task, through the instrument hooks. */
  static final class ParkCounter implements Instrument {
    final AtomicReference<Task> watched = new AtomicReference<>();
    final AtomicInteger parked = new AtomicInteger();
    final AtomicInteger scheduled = new AtomicInteger();

    @Override
    public void taskParked(Task task) {
      if (task == watched.get()) {
        parked.incrementAndGet();
      }
    }

    @Override
    public void taskScheduled(Task task) {
      if (task == watched.get()) {
        scheduled.incrementAndGet();
      }
    }
  }

  /**
   * A sleep on the real clock ends no earlier than its deadline, by the run's clock and by
   * nanoTime.
   */
  @TrioTest(clock = ClockKind.REAL)
  void sleepWakesNoEarlierThanItsDeadline() {
    for (long nanos : new long[] {1_000, 100_000, MS, 5 * MS, 20 * MS}) {
      long start = Trio.currentTime();
      long startNano = System.nanoTime();
      Trio.sleep(Duration.ofNanos(nanos));
      assertTrue(Trio.currentTime() - start >= nanos, nanos + " ns");
      assertTrue(System.nanoTime() - startNano >= nanos, nanos + " ns");
    }
    long deadline = Trio.currentTime() + 3 * MS;
    Trio.sleepUntil(deadline);
    assertTrue(Trio.currentTime() >= deadline);
  }

  /**
   * A sleep of zero or until a time already past is a checkpoint on the real clock too: it returns
   * at once, and throws in a cancelled scope without parking.
   */
  @TrioTest(clock = ClockKind.REAL)
  void sleepZeroAndInThePastAreCheckpoints() {
    Trio.sleep(Duration.ZERO);
    Trio.sleepUntil(Trio.currentTime() - 1);
    Trio.sleepUntil(Long.MIN_VALUE);
    CancelScope scope = new CancelScope();
    scope.run(
        () -> {
          scope.cancel();
          assertThrows(Cancelled.class, () -> Trio.sleep(Duration.ZERO));
          assertThrows(Cancelled.class, () -> Trio.sleep(Duration.ofHours(1)));
          assertThrows(Cancelled.class, Trio::sleepForever);
        });
    assertFalse(scope.cancelledCaught());
  }

  /**
   * Cancelling a task parked in a real-clock sleep wakes it with Cancelled, once (one parked and
   * one scheduled hook), and its next sleep runs its full time: no wake-up is left over.
   */
  @TrioTest(clock = ClockKind.REAL)
  void cancelDuringASleepWakesWithCancelledExactlyOnce() throws Exception {
    ParkCounter counter = new ParkCounter();
    Lowlevel.addInstrument(counter);
    CancelScope scope = new CancelScope();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              "sleeper",
              () -> {
                counter.watched.set(Lowlevel.currentTask());
                scope.run(() -> Trio.sleep(Duration.ofHours(1)));
                log.add("cancelled caught: " + scope.cancelledCaught());
                log.add(
                    "parked " + counter.parked.get() + ", scheduled " + counter.scheduled.get());
                long start = System.nanoTime();
                Trio.sleep(Duration.ofMillis(5));
                log.add("slept in full: " + (System.nanoTime() - start >= 5 * MS));
              });
          Lowlevel.waitAllTasksBlocked();
          scope.cancel();
        });
    Lowlevel.removeInstrument(counter);
    assertEquals(
        List.of("cancelled caught: true", "parked 1, scheduled 1", "slept in full: true"), log);
    assertEquals(2, counter.parked.get());
    assertEquals(2, counter.scheduled.get());
  }

  /** An enclosing scope's deadline ends a longer real-clock sleep at that deadline, not before. */
  @TrioTest(clock = ClockKind.REAL)
  void enclosingDeadlineEndsASleep() {
    long start = Trio.currentTime();
    assertFalse(Trio.moveOnAfter(Duration.ofMillis(5), () -> Trio.sleep(Duration.ofDays(1))));
    assertTrue(Trio.currentTime() - start >= 5 * MS);
    assertThrows(
        TooSlowException.class,
        () -> Trio.failAfter(Duration.ofMillis(2), () -> Trio.sleep(Duration.ofSeconds(30))));
    assertFalse(Trio.moveOnAfter(Duration.ofMillis(2), Trio::sleepForever));
  }

  /**
   * Sleeps as long as the clock can say (centuries, Long.MAX_VALUE - 1 ns, a duration that
   * overflows) park until cancelled: no overflow turns them into short ones.
   */
  @TrioTest(clock = ClockKind.REAL)
  void veryLongSleepsDoNotOverflow() {
    List<Runnable> sleeps =
        List.of(
            () -> Trio.sleep(Duration.ofDays(365L * 1000)),
            () -> Trio.sleep(Duration.ofNanos(Long.MAX_VALUE)),
            () -> Trio.sleep(Duration.ofSeconds(Long.MAX_VALUE)),
            () -> Trio.sleepUntil(Long.MAX_VALUE - 1));
    for (Runnable sleep : sleeps) {
      long start = Trio.currentTime();
      assertFalse(Trio.moveOnAfter(Duration.ofMillis(3), sleep::run));
      assertTrue(Trio.currentTime() - start >= 3 * MS);
    }
  }

  /**
   * An interrupt of a sleeping task's thread by foreign code does not end the sleep early; the
   * sleep ends at its deadline and the task's interrupt flag is set again afterwards, as for any
   * park.
   */
  @TrioTest(clock = ClockKind.REAL)
  void foreignInterruptDoesNotEndASleep() throws Exception {
    AtomicReference<Thread> sleeper = new AtomicReference<>();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                sleeper.set(Thread.currentThread());
                long start = System.nanoTime();
                Trio.sleep(Duration.ofMillis(20));
                log.add("slept in full: " + (System.nanoTime() - start >= 20 * MS));
                log.add("interrupted: " + Thread.interrupted());
              });
          Lowlevel.waitAllTasksBlocked();
          sleeper.get().interrupt();
        });
    assertEquals(List.of("slept in full: true", "interrupted: true"), log);
  }

  /**
   * A task-tree dump shows a task in a real-clock sleep as parked on "sleep until T (in D)", and
   * the run counts it as blocked: waitAllTasksBlocked returns while it sleeps, with one task
   * runnable.
   */
  @TrioTest(clock = ClockKind.REAL)
  void dumpAndStatisticsShowASleepingTask() throws Exception {
    String[] dump = new String[1];
    Nursery.open(
        n -> {
          n.startSoon("sleeper", () -> Trio.sleep(Duration.ofHours(1)));
          Lowlevel.waitAllTasksBlocked();
          assertEquals(1, Lowlevel.currentStatistics().tasksRunnable());
          dump[0] = Lowlevel.dumpTaskTree();
          n.cancelScope().cancel();
        });
    String line =
        dump[0]
            .lines()
            .filter(l -> l.trim().startsWith("task sleeper:"))
            .findFirst()
            .orElseThrow()
            .trim();
    assertTrue(
        line.matches(
            "task sleeper: parked on sleep until \\d+\\.\\d{3,9} s \\(in 3[56]\\d\\d\\.\\d{3,9} s\\)"),
        line);
    String firstFrame =
        dump[0].substring(dump[0].indexOf(line) + line.length()).lines().skip(1).findFirst().get();
    assertTrue(firstFrame.trim().startsWith("at org.trio4j.Trio.sleep"), dump[0]);
  }

  /**
   * Sleeps whose deadline is also the deadline of their cancel scope, or of another task that
   * cancels the scope: the task's own timeout and the cancellation race, and whichever wins wakes
   * the task exactly once (as many parked as scheduled hooks, no internal error); afterwards the
   * run's runnable count is right (waitAllTasksBlocked returns, one task runnable).
   */
  @TrioTest(clock = ClockKind.REAL)
  void timeoutRacingCancelWakesOnce() throws Exception {
    raceTimeoutsWithCancels(300);
  }

  /** The race of {@link #timeoutRacingCancelWakesOnce}, under the cooperative scheduler's seeds. */
  @TrioFuzz(seeds = 10, clock = ClockKind.REAL)
  void timeoutRacingCancelWakesOnceFuzzed() throws Exception {
    raceTimeoutsWithCancels(40);
  }

  private static void raceTimeoutsWithCancels(int rounds) throws Exception {
    ParkCounter counter = new ParkCounter();
    Lowlevel.addInstrument(counter);
    int[] outcomes = new int[2];
    Event done = new Event();
    Nursery.open(
        n -> {
          n.startSoon(
              "racer",
              () -> {
                counter.watched.set(Lowlevel.currentTask());
                Nursery.open(
                    inner -> {
                      for (int i = 0; i < rounds; i++) {
                        long deadline = Trio.currentTime() + 50_000 + (i % 7) * 20_000;
                        CancelScope scope =
                            i % 2 == 0 ? CancelScope.withDeadline(deadline) : new CancelScope();
                        if (i % 2 == 1) {
                          inner.startSoon(
                              () -> {
                                Trio.sleepUntil(deadline);
                                scope.cancel();
                              });
                        }
                        scope.run(() -> Trio.sleepUntil(deadline));
                        outcomes[scope.cancelledCaught() ? 1 : 0]++;
                        assertTrue(Trio.currentTime() >= deadline || scope.cancelledCaught());
                      }
                    });
                done.set();
                Trio.sleepForever();
              });
          n.startSoon("bystander", () -> Trio.sleep(Duration.ofHours(1)));
          done.await();
          Lowlevel.waitAllTasksBlocked();
          assertEquals(1, Lowlevel.currentStatistics().tasksRunnable());
          n.cancelScope().cancel();
        });
    Lowlevel.removeInstrument(counter);
    assertEquals(rounds, outcomes[0] + outcomes[1]);
    assertEquals(counter.parked.get(), counter.scheduled.get());
  }

  /**
   * Cooperative scheduling: a sleeper whose time is up while another task holds the run waits for
   * its turn; it never runs alongside the holder.
   */
  @TrioFuzz(seeds = 5, clock = ClockKind.REAL)
  void timedOutSleeperWaitsForItsTurn() throws Exception {
    AtomicBoolean holding = new AtomicBoolean();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                Trio.sleep(Duration.ofMillis(2));
                log.add("sleeper woke while the run was held: " + holding.get());
              });
          Lowlevel.waitAllTasksBlocked();
          holding.set(true);
          long start = System.nanoTime();
          while (System.nanoTime() - start < 10 * MS) {
            Thread.onSpinWait();
          }
          holding.set(false);
        });
    assertEquals(List.of("sleeper woke while the run was held: false"), log);
  }
}
