package org.trio4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.VirtualTime.seconds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.trio4j.CancelScope;
import org.trio4j.Cancelled;
import org.trio4j.Nursery;
import org.trio4j.RunOptions;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;

/**
 * {@code Lowlevel.waitAllTasksBlocked}: it returns only once every other task is blocked, cushions
 * order the waiters, and it is a checkpoint (Trio's {@code test_run.py}: {@code
 * test_wait_all_tasks_blocked}, {@code ..._with_timeouts}, {@code ..._with_cushion}; rule K1).
 */
class WaitAllTasksBlockedTest {

  /**
   * A waiter returns only after a busy task that never blocks has finished all its checkpoints, and
   * two waiters both see that (Trio's test_wait_all_tasks_blocked).
   */
  @TrioTest
  void returnsOnlyAfterOtherTasksAreBlocked() throws Exception {
    List<String> record = Collections.synchronizedList(new ArrayList<>());
    List<Integer> seenByWaiters = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                for (int i = 0; i < 1000; i++) {
                  record.add("busy " + i);
                  Trio.checkpoint();
                }
              });
          for (int w = 0; w < 2; w++) {
            n.startSoon(
                () -> {
                  Lowlevel.waitAllTasksBlocked();
                  seenByWaiters.add(record.size());
                });
          }
        });
    assertEquals(List.of(1000, 1000), seenByWaiters);
  }

  /** A sleeping task counts as blocked; the clock does not move until the test jumps it. */
  @TrioTest(clock = TrioTest.ClockKind.MOCK)
  void sleepingTasksCountAsBlocked(MockClock clock) throws Exception {
    List<String> record = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                record.add("tt start");
                Trio.sleep(Duration.ofSeconds(5));
                record.add("tt finished");
              });
          Lowlevel.waitAllTasksBlocked();
          assertEquals(List.of("tt start"), record);
          assertEquals(0, Trio.currentTime());
          clock.jump(Duration.ofSeconds(10));
          Lowlevel.waitAllTasksBlocked();
          assertEquals(List.of("tt start", "tt finished"), record);
        });
    assertEquals(seconds(10), Trio.currentTime());
  }

  /**
   * Waiters wake in order of their cushions, smallest first, whatever order they started in; the
   * waiters with equal cushions wake together (Trio's test_wait_all_tasks_blocked_with_cushion).
   *
   * <p>"Together" is checked by making each of the two equal-cushion waiters, once woken, wait in
   * plain JDK code for the other: a task in JDK code counts as running, so if only one had been
   * woken the other could never be, and the latch would time out.
   */
  @TrioTest(scheduling = RunOptions.Scheduling.PARALLEL)
  void cushionsOrderTheWaiters() throws Exception {
    List<String> record = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch smallOnes = new CountDownLatch(2);
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                Lowlevel.waitAllTasksBlocked(Duration.ofMillis(40));
                record.add("big");
              });
          for (int i = 0; i < 2; i++) {
            n.startSoon(
                () -> {
                  Lowlevel.waitAllTasksBlocked(Duration.ofMillis(20));
                  smallOnes.countDown();
                  assertTrue(smallOnes.await(5, TimeUnit.SECONDS), "woken together");
                  record.add("small");
                });
          }
          n.startSoon(
              () -> {
                Lowlevel.waitAllTasksBlocked();
                record.add("none");
              });
        });
    assertEquals(List.of("none", "small", "small", "big"), record);
    assertEquals(0, Trio.currentTime());
  }

  /** A cushion is real time: the waiter returns no sooner than the cushion after all blocked. */
  @TrioTest
  void cushionIsRealTime() {
    long start = System.nanoTime();
    Lowlevel.waitAllTasksBlocked(Duration.ofMillis(20));
    assertTrue(System.nanoTime() - start >= Duration.ofMillis(20).toNanos());
    assertEquals(0, Trio.currentTime());
  }

  /** A task waiting in waitAllTasksBlocked is woken with Cancelled when its scope is cancelled. */
  @TrioTest
  void cancelledWhileWaiting() throws Exception {
    List<String> record = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                try {
                  Lowlevel.waitAllTasksBlocked(Duration.ofDays(1));
                } catch (Cancelled c) {
                  record.add("ok");
                }
              });
          n.cancelScope().cancel();
        });
    assertEquals(List.of("ok"), record);
  }

  /** waitAllTasksBlocked is a checkpoint: in a cancelled scope it throws at once. */
  @TrioTest
  void throwsInACancelledScope() {
    CancelScope scope = new CancelScope();
    scope.run(
        () -> {
          scope.cancel();
          assertThrows(Cancelled.class, Lowlevel::waitAllTasksBlocked);
          assertThrows(Cancelled.class, () -> Lowlevel.waitAllTasksBlocked(Duration.ofMillis(1)));
        });
  }

  /** A negative cushion is rejected. */
  @TrioTest
  void negativeCushionIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Lowlevel.waitAllTasksBlocked(Duration.ofMillis(-1)));
    assertTrue(e.getMessage().contains("cushion"), e.getMessage());
  }

  /** With no other task in the run, waitAllTasksBlocked returns at once, repeatedly. */
  @TrioTest
  void returnsWhenAloneInTheRun() {
    for (int i = 0; i < 5; i++) {
      Lowlevel.waitAllTasksBlocked();
    }
    assertEquals(0, Trio.currentTime());
  }
}
