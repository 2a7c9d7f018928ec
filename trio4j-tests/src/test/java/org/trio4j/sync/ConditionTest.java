package org.trio4j.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.trio4j.BrokenResourceException;
import org.trio4j.CancelScope;
import org.trio4j.Cancelled;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.TrioTest;

class ConditionTest {
  /** The condition's lock methods act on the given lock; misuse without the lock is refused. */
  @TrioTest
  void lockingAndMisuse() {
    Lock l = new Lock();
    Condition c = new Condition(l);
    assertSame(l, c.lock());
    assertFalse(l.isLocked());
    assertFalse(c.isLocked());
    c.acquire();
    assertTrue(l.isLocked());
    assertTrue(c.isLocked());
    c.release();

    Condition c2 = new Condition();
    assertFalse(c2.isLocked());
    assertTrue(c2.tryAcquire());
    assertTrue(c2.isLocked());
    assertThrows(IllegalStateException.class, c2::tryAcquire);
    c2.release();
    assertThrows(IllegalStateException.class, c2::await);
    assertThrows(IllegalStateException.class, c2::signal);
    assertThrows(IllegalStateException.class, c2::signalAll);
    assertThrows(IllegalStateException.class, () -> c2.signal(2));
  }

  /**
   * signal wakes one waiter and signalAll the rest, each returning with the lock (test_Condition).
   */
  @TrioTest
  void signalAndSignalAll() throws Exception {
    Condition c = new Condition();
    Set<Integer> finished = ConcurrentHashMap.newKeySet();
    Nursery.open(
        n -> {
          for (int i = 0; i < 3; i++) {
            int me = i;
            n.startSoon(
                () -> {
                  c.run(
                      () -> {
                        c.await();
                        assertTrue(c.lock().statistics().owner() == Lowlevel.currentTask());
                      });
                  finished.add(me);
                });
            Lowlevel.waitAllTasksBlocked();
          }
          assertEquals(3, c.statistics().tasksWaiting());
          c.run(c::signal);
          Lowlevel.waitAllTasksBlocked();
          assertEquals(Set.of(0), finished);
          c.run(c::signalAll);
          Lowlevel.waitAllTasksBlocked();
          assertEquals(Set.of(0, 1, 2), finished);
        });
  }

  /**
   * signal(2) moves two waiters to the lock's queue; releasing the lock hands it to the first of
   * them, then to the second, while the third stays waiting on the condition.
   */
  @TrioTest
  void signalMovesWaitersToTheLockQueue() throws Exception {
    Condition c = new Condition();
    List<Integer> finished = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          for (int i = 0; i < 3; i++) {
            int me = i;
            n.startSoon(
                () ->
                    c.run(
                        () -> {
                          c.await();
                          finished.add(me); // still holding the lock, so in hand-off order
                          Trio.sleep(Duration.ofMillis(1));
                        }));
            Lowlevel.waitAllTasksBlocked();
          }
          c.acquire();
          c.signal(2);
          ConditionStatistics s = c.statistics();
          assertEquals(1, s.tasksWaiting());
          assertEquals(2, s.lockStatistics().tasksWaiting());
          assertTrue(c.toString().startsWith("Condition[waiting=1, lock=Lock[locked by"));
          c.release();
          assertEquals(1, c.statistics().lockStatistics().tasksWaiting());
          Trio.sleep(Duration.ofMillis(10)); // each holds the lock for 1 ms after waking
          assertEquals(List.of(0, 1), finished);
          assertEquals(1, c.statistics().tasksWaiting());
          c.run(c::signalAll);
        });
    assertEquals(List.of(0, 1, 2), finished);
    assertEquals(Duration.ofMillis(11).toNanos(), Trio.currentTime());
  }

  /** A cancelled await still holds the lock when Cancelled arrives (end of test_Condition). */
  @TrioTest
  void cancelledAwaitStillHoldsTheLock() {
    Condition c = new Condition();
    CancelScope scope = new CancelScope();
    List<String> record = new ArrayList<>();
    scope.run(
        () ->
            c.run(
                () -> {
                  scope.cancel();
                  try {
                    c.await();
                  } finally {
                    record.add("locked=" + c.isLocked());
                    record.add("mine=" + (c.lock().statistics().owner() == Lowlevel.currentTask()));
                  }
                }));
    assertTrue(scope.cancelledCaught());
    assertEquals(List.of("locked=true", "mine=true"), record);
    assertFalse(c.isLocked());
  }

  /**
   * A waiter cancelled while another task holds the lock re-acquires it (shielded) before it
   * throws: Cancelled arrives only when the holder releases, 1 s later.
   */
  @TrioTest
  void cancelledAwaitWaitsForTheLock() throws Exception {
    Condition c = new Condition();
    CancelScope scope = new CancelScope();
    List<String> record = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () ->
                  scope.run(
                      () ->
                          c.run(
                              () -> {
                                try {
                                  c.await();
                                } catch (Cancelled e) {
                                  record.add(
                                      "cancelled at "
                                          + Trio.currentTime()
                                          + ", locked="
                                          + c.isLocked());
                                  throw e;
                                }
                              })));
          Lowlevel.waitAllTasksBlocked();
          c.run(
              () -> {
                scope.cancel();
                Trio.sleep(Duration.ofSeconds(1));
                assertEquals(1, c.statistics().lockStatistics().tasksWaiting());
              });
        });
    assertEquals(
        List.of("cancelled at " + Duration.ofSeconds(1).toNanos() + ", locked=true"), record);
    assertFalse(c.isLocked());
  }

  /** A consumer that waits for a value produced after 2 s wakes at exactly 2 s and sees it. */
  @TrioTest
  void producerConsumer() throws Exception {
    Condition c = new Condition();
    List<String> queue = new ArrayList<>(); // guarded by c's lock
    List<String> got = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () ->
                  c.run(
                      () -> {
                        while (queue.isEmpty()) {
                          c.await();
                        }
                        got.add(queue.remove(0) + "@" + Trio.currentTime());
                      }));
          Trio.sleep(Duration.ofSeconds(2));
          c.run(
              () -> {
                queue.add("item");
                c.signal();
              });
        });
    assertEquals(List.of("item@" + Duration.ofSeconds(2).toNanos()), got);
  }

  /**
   * If the lock's owner exits without releasing after signalling, the signalled waiter fails with
   * BrokenResourceException and does not hold the lock.
   */
  @TrioTest
  void awaitFailsWhenTheLockBreaks() throws Exception {
    Condition c = new Condition();
    List<String> record = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                c.acquire();
                try {
                  c.await();
                  record.add("woke with the lock");
                } catch (BrokenResourceException e) {
                  record.add(e.getMessage());
                  assertFalse(c.lock().statistics().owner() == Lowlevel.currentTask());
                }
              });
          Lowlevel.waitAllTasksBlocked();
          n.startSoon(
              "bad-owner",
              () -> {
                c.acquire();
                c.signal();
              });
        });
    assertEquals(List.of("Owner of this lock exited without releasing: Task[bad-owner]"), record);
  }
}
