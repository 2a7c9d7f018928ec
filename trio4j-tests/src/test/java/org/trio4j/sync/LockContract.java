package org.trio4j.sync;

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
import org.trio4j.CancelScope;
import org.trio4j.Cancelled;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.TrioTest;

/**
 * The contract every lock-like primitive honours (Trio's {@code test_generic_lock_*}), run against
 * {@link Lock}, {@link StrictFifoLock}, {@code Semaphore(1)} and {@code CapacityLimiter(1)} by the
 * {@code LockContract*Test} subclasses.
 */
abstract class LockContract {
  /** Creates a fresh, free lock-like object. */
  abstract Acquirable newLock();

  /** How many tasks are waiting to acquire {@code lock}, from its statistics. */
  abstract int tasksWaiting(Acquirable lock);

  private static long millis(long ms) {
    return Duration.ofMillis(ms).toNanos();
  }

  /**
   * Five workers taking the lock ten times each, sleeping 1 ms inside, are never inside together:
   * the run takes exactly 50 ms of virtual time.
   */
  @TrioTest
  void exclusion() throws Exception {
    Acquirable lock = newLock();
    AtomicBoolean inside = new AtomicBoolean();
    AtomicInteger acquires = new AtomicInteger();
    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          for (int w = 0; w < 5; w++) {
            n.startSoon(
                () -> {
                  for (int i = 0; i < 10; i++) {
                    lock.run(
                        () -> {
                          acquires.incrementAndGet();
                          if (!inside.compareAndSet(false, true)) {
                            violations.add("entered while occupied");
                          }
                          Trio.checkpoint();
                          Trio.sleep(Duration.ofMillis(1));
                          Trio.checkpoint();
                          if (!inside.compareAndSet(true, false)) {
                            violations.add("left while not occupied");
                          }
                        });
                  }
                });
          }
        });
    assertEquals(List.of(), violations);
    assertEquals(50, acquires.get());
    assertEquals(millis(50), Trio.currentTime());
  }

  /**
   * Three tasks that queue in a known order and loop acquire-record-release get the lock in that
   * order every round: a releaser goes to the back of the line. (Each holds the lock for 1 ms of
   * virtual time, so that in parallel mode every releaser is back in line before the next release,
   * as it always is in Trio.)
   */
  @TrioTest
  void fifoFairness() throws Exception {
    Acquirable lock = newLock();
    List<Integer> record = Collections.synchronizedList(new ArrayList<>());
    assertTrue(lock.tryAcquire());
    Nursery.open(
        n -> {
          for (int name = 1; name <= 3; name++) {
            int me = name;
            n.startSoon(
                () -> {
                  for (int i = 0; i < 5; i++) {
                    lock.run(
                        () -> {
                          record.add(me);
                          Trio.sleep(Duration.ofMillis(1));
                        });
                  }
                });
            Lowlevel.waitAllTasksBlocked();
          }
          assertEquals(3, tasksWaiting(lock));
          lock.release();
        });
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      expected.addAll(List.of(1, 2, 3));
    }
    assertEquals(expected, record);
    assertEquals(millis(15), Trio.currentTime());
  }

  /** A lock taken with tryAcquire makes acquire in another task wait until it is released. */
  @TrioTest
  void tryAcquireBlocksAcquire() throws Exception {
    Acquirable lock = newLock();
    List<String> record = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          assertTrue(lock.tryAcquire());
          n.startSoon(
              () -> {
                record.add("started");
                lock.run(() -> record.add("inside"));
                record.add("finished");
              });
          Lowlevel.waitAllTasksBlocked();
          assertEquals(List.of("started"), record);
          lock.release();
        });
    assertEquals(List.of("started", "inside", "finished"), record);
  }

  /** tryAcquire fails on a held lock and changes nothing; it succeeds again once it is released. */
  @TrioTest
  void tryAcquireFailsWhileHeldElsewhere() throws Exception {
    Acquirable lock = newLock();
    Nursery.open(
        n -> {
          n.startSoon(() -> lock.run(() -> Trio.sleep(Duration.ofSeconds(1))));
          Lowlevel.waitAllTasksBlocked();
          assertFalse(lock.tryAcquire());
          assertEquals(0, tasksWaiting(lock));
        });
    assertTrue(lock.tryAcquire());
    lock.release();
  }

  /**
   * Release with a waiter hands the lock over at once: the releaser's tryAcquire right after it
   * fails, so it cannot barge back in, and the waiter gets the lock at the release time (0 s).
   */
  @TrioTest
  void releaseHandsOverSoTheReleaserCannotBargeIn() throws Exception {
    Acquirable lock = newLock();
    List<String> record = Collections.synchronizedList(new ArrayList<>());
    lock.acquire();
    Nursery.open(
        n -> {
          n.startSoon(
              () ->
                  lock.run(
                      () -> {
                        record.add("waiter got it at " + Trio.currentTime());
                        Trio.sleep(Duration.ofSeconds(1));
                      }));
          Lowlevel.waitAllTasksBlocked();
          lock.release();
          assertEquals(0, tasksWaiting(lock));
          assertFalse(lock.tryAcquire());
        });
    assertEquals(List.of("waiter got it at 0"), record);
    assertTrue(lock.tryAcquire());
  }

  /** A waiter gets the lock exactly when the holder releases it, after its 1 s sleep. */
  @TrioTest
  void waiterAcquiresWhenTheHolderReleases() throws Exception {
    Acquirable lock = newLock();
    long[] acquiredAt = new long[1];
    Nursery.open(
        n -> {
          n.startSoon(() -> lock.run(() -> Trio.sleep(Duration.ofSeconds(1))));
          Lowlevel.waitAllTasksBlocked();
          lock.run(() -> acquiredAt[0] = Trio.currentTime());
        });
    assertEquals(Duration.ofSeconds(1).toNanos(), acquiredAt[0]);
  }

  /**
   * A waiter cancelled in the middle of the queue leaves it consistent: the others keep their
   * order, the count drops, and the lock is free at the end.
   */
  @TrioTest
  void cancellingAWaiterLeavesTheQueueConsistent() throws Exception {
    Acquirable lock = newLock();
    List<String> record = Collections.synchronizedList(new ArrayList<>());
    CancelScope middle = new CancelScope();
    lock.acquire();
    Nursery.open(
        n -> {
          n.startSoon(() -> lock.run(() -> record.add("a")));
          Lowlevel.waitAllTasksBlocked();
          n.startSoon(
              () -> {
                middle.run(() -> lock.run(() -> record.add("b")));
                record.add(middle.cancelledCaught() ? "b cancelled" : "b not cancelled");
              });
          Lowlevel.waitAllTasksBlocked();
          n.startSoon(() -> lock.run(() -> record.add("c")));
          Lowlevel.waitAllTasksBlocked();
          assertEquals(3, tasksWaiting(lock));
          middle.cancel();
          Lowlevel.waitAllTasksBlocked();
          assertEquals(List.of("b cancelled"), record);
          assertEquals(2, tasksWaiting(lock));
          lock.release();
        });
    assertEquals(List.of("b cancelled", "a", "c"), record);
    assertEquals(0, tasksWaiting(lock));
    assertTrue(lock.tryAcquire());
  }

  /**
   * acquire in a cancelled scope throws Cancelled even though the lock is free, and takes nothing.
   */
  @TrioTest
  void acquireIsACheckpointEvenWhenFree() {
    Acquirable lock = newLock();
    CancelScope scope = new CancelScope();
    scope.cancel();
    AtomicBoolean acquired = new AtomicBoolean();
    scope.run(
        () -> {
          lock.acquire();
          acquired.set(true);
        });
    assertTrue(scope.cancelledCaught());
    assertFalse(acquired.get());
    assertTrue(lock.tryAcquire());
  }

  /**
   * A waiter whose scope is cancelled just after the lock was handed to it keeps the lock (acquire
   * returns normally) and sees the cancellation at its next checkpoint, at 0 s.
   */
  @TrioTest
  void cancelAfterHandOffDoesNotLoseTheLock() throws Exception {
    Acquirable lock = newLock();
    List<String> record = Collections.synchronizedList(new ArrayList<>());
    CancelScope scope = new CancelScope();
    lock.acquire();
    Nursery.open(
        n -> {
          n.startSoon(
              () ->
                  scope.run(
                      () -> {
                        lock.acquire();
                        record.add("acquired");
                        try {
                          Trio.sleep(Duration.ofSeconds(1));
                          record.add("not cancelled");
                        } catch (Cancelled c) {
                          record.add("cancelled at " + Trio.currentTime());
                          throw c;
                        } finally {
                          lock.release();
                        }
                      }));
          Lowlevel.waitAllTasksBlocked();
          lock.release();
          scope.cancel();
        });
    assertEquals(List.of("acquired", "cancelled at 0"), record);
    assertTrue(lock.tryAcquire());
  }

  /**
   * Twenty tasks that each try twenty times to take the lock under short random timeouts never
   * overlap inside, and leave the lock free with nobody queued: cancelled waiters never keep or
   * lose a hand-off.
   */
  @TrioTest
  void randomTimeoutsKeepTheLockConsistent() throws Exception {
    Acquirable lock = newLock();
    AtomicBoolean inside = new AtomicBoolean();
    AtomicInteger entries = new AtomicInteger();
    AtomicInteger timeouts = new AtomicInteger();
    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          for (int w = 0; w < 20; w++) {
            java.util.Random random = new java.util.Random(w);
            n.startSoon(
                () -> {
                  for (int i = 0; i < 20; i++) {
                    Duration timeout = Duration.ofMillis(1 + random.nextInt(5));
                    Duration hold = Duration.ofMillis(random.nextInt(3));
                    boolean completed =
                        Trio.moveOnAfter(
                            timeout,
                            () ->
                                lock.run(
                                    () -> {
                                      if (!inside.compareAndSet(false, true)) {
                                        violations.add("overlap");
                                      }
                                      entries.incrementAndGet();
                                      try {
                                        Trio.sleep(hold);
                                      } finally {
                                        inside.set(false);
                                      }
                                    }));
                    if (!completed) {
                      timeouts.incrementAndGet();
                    }
                  }
                });
          }
        });
    assertEquals(List.of(), violations);
    assertTrue(entries.get() > 0, "somebody got in");
    assertTrue(timeouts.get() > 0, "somebody timed out");
    assertEquals(0, tasksWaiting(lock));
    assertTrue(lock.tryAcquire());
  }

  /** run releases the lock when its body throws, and passes the exception through unchanged. */
  @TrioTest
  void runReleasesWhenTheBodyThrows() {
    Acquirable lock = newLock();
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                lock.run(
                    () -> {
                      throw boom;
                    }));
    assertEquals(boom, thrown);
    assertTrue(lock.tryAcquire());
  }
}
