package org.trio4j.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.trio4j.BrokenResourceException;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.Task;
import org.trio4j.testing.TrioTest;

/** Lock and StrictFifoLock beyond the generic contract (Trio's test_Lock_and_StrictFIFOLock). */
class LockTest {
  private static final List<Supplier<LockImpl>> KINDS = List.of(Lock::new, StrictFifoLock::new);

  /** The basic life cycle: run, tryAcquire, acquire, and the misuse errors. */
  @TrioTest
  void basics() {
    for (Supplier<LockImpl> kind : KINDS) {
      LockImpl l = kind.get();
      String name = l.getClass().getSimpleName();
      assertFalse(l.isLocked());
      assertEquals(name + "[unlocked]", l.toString());
      l.run(() -> assertTrue(l.isLocked()));
      assertFalse(l.isLocked());
      assertTrue(l.tryAcquire());
      assertTrue(l.isLocked());
      assertTrue(l.toString().startsWith(name + "[locked by Task["), l.toString());
      l.release();
      l.acquire();
      assertTrue(l.isLocked());
      IllegalStateException again = assertThrows(IllegalStateException.class, l::tryAcquire);
      assertTrue(again.getMessage().startsWith("attempt to re-acquire an already held " + name));
      assertThrows(IllegalStateException.class, l::acquire);
      l.release();
      assertFalse(l.isLocked());
      IllegalStateException notHeld = assertThrows(IllegalStateException.class, l::release);
      assertTrue(notHeld.getMessage().startsWith("cannot release a " + name), notHeld.getMessage());
    }
  }

  /**
   * While another task holds the lock: tryAcquire fails, release fails, statistics name the holder
   * and count waiters; cancelling everything leaves the lock free and empty.
   */
  @TrioTest
  void statisticsAndMisuseWhileAnotherTaskHolds() throws Exception {
    for (Supplier<LockImpl> kind : KINDS) {
      LockImpl l = kind.get();
      AtomicReference<Task> holder = new AtomicReference<>();
      Nursery.open(
          n -> {
            n.startSoon(
                () -> {
                  holder.compareAndSet(null, Lowlevel.currentTask());
                  l.run(Trio::sleepForever);
                });
            Lowlevel.waitAllTasksBlocked();
            assertTrue(l.isLocked());
            assertFalse(l.tryAcquire());
            assertThrows(IllegalStateException.class, l::release);
            assertEquals(new LockStatistics(true, holder.get(), 0, false), l.statistics());
            n.startSoon(() -> l.run(Trio::sleepForever));
            Lowlevel.waitAllTasksBlocked();
            assertEquals(1, l.statistics().tasksWaiting());
            n.cancelScope().cancel();
          });
      assertEquals(new LockStatistics(false, null, 0, false), l.statistics());
    }
  }

  /**
   * release() hands ownership straight to the waiter; when that task then exits without releasing,
   * the lock is broken in its name (Trio's test_lock_handover).
   */
  @TrioTest
  void handOverThenTheNewOwnerExits() throws Exception {
    for (Supplier<LockImpl> kind : KINDS) {
      LockImpl l = kind.get();
      AtomicReference<Task> child = new AtomicReference<>();
      l.acquire();
      Nursery.open(
          n -> {
            n.startSoon(
                "lock-taker",
                () -> {
                  child.set(Lowlevel.currentTask());
                  l.acquire();
                });
            Lowlevel.waitAllTasksBlocked();
            l.release();
            assertSame(child.get(), l.statistics().owner());
            assertFalse(l.tryAcquire());
          });
      LockStatistics s = l.statistics();
      assertTrue(s.broken());
      assertSame(child.get(), s.owner());
      assertFalse(l.tryAcquire());
      BrokenResourceException e = assertThrows(BrokenResourceException.class, l::acquire);
      assertEquals("Owner of this lock exited without releasing: Task[lock-taker]", e.getMessage());
      assertEquals(
          l.getClass().getSimpleName() + "[broken: Task[lock-taker] exited without releasing it]",
          l.toString());
    }
  }

  /**
   * Two tasks acquire and neither releases: the second, already waiting when the first exits, fails
   * with BrokenResourceException (Trio's test_lock_multiple_acquire).
   */
  @TrioTest
  void waitersFailWhenTheOwnerExitsWithoutReleasing() {
    for (Supplier<LockImpl> kind : KINDS) {
      LockImpl l = kind.get();
      BrokenResourceException e =
          assertThrows(
              BrokenResourceException.class,
              () ->
                  Nursery.open(
                      n -> {
                        n.startSoon(l::acquire);
                        n.startSoon(l::acquire);
                      }));
      assertTrue(
          e.getMessage().startsWith("Owner of this lock exited without releasing: Task["),
          e.getMessage());
    }
  }

  /**
   * A task waiting for a lock whose owner sleeps 1 s and then fails without releasing gets
   * BrokenResourceException at exactly 1 s; the owner's own failure still leaves the nursery first.
   */
  @TrioTest
  void aWaiterIsBrokenWhenTheOwnerFails() {
    for (Supplier<LockImpl> kind : KINDS) {
      LockImpl l = kind.get();
      long start = Trio.currentTime();
      List<String> record = Collections.synchronizedList(new ArrayList<>());
      IllegalStateException boom =
          assertThrows(
              IllegalStateException.class,
              () ->
                  Nursery.open(
                      n -> {
                        n.startSoon(
                            "owner",
                            () -> {
                              l.acquire();
                              Trio.sleep(Duration.ofSeconds(1));
                              throw new IllegalStateException("owner failed");
                            });
                        Lowlevel.waitAllTasksBlocked();
                        n.startSoon(
                            () -> {
                              try {
                                l.acquire();
                              } catch (BrokenResourceException e) {
                                record.add(e.getMessage() + " @" + (Trio.currentTime() - start));
                              }
                            });
                      }));
      assertEquals("owner failed", boom.getMessage());
      assertEquals(
          List.of(
              "Owner of this lock exited without releasing: Task[owner] @"
                  + Duration.ofSeconds(1).toNanos()),
          record);
    }
  }

  /** A task that releases the lock before it exits does not break it. */
  @TrioTest
  void releasingBeforeExitDoesNotBreak() throws Exception {
    for (Supplier<LockImpl> kind : KINDS) {
      LockImpl l = kind.get();
      Nursery.open(
          n -> {
            n.startSoon(() -> l.run(() -> Trio.sleep(Duration.ofSeconds(1))));
            n.startSoon(() -> l.run(() -> Trio.sleep(Duration.ofSeconds(1))));
          });
      assertEquals(new LockStatistics(false, null, 0, false), l.statistics());
      l.acquire();
      l.release();
    }
    assertEquals(Duration.ofSeconds(4).toNanos(), Trio.currentTime());
  }

  /** A task blocked in acquire can be cancelled by a timeout at exactly that time. */
  @TrioTest
  void acquireTimesOut() throws Exception {
    for (Supplier<LockImpl> kind : KINDS) {
      LockImpl l = kind.get();
      long start = Trio.currentTime();
      Nursery.open(
          n -> {
            n.startSoon(() -> l.run(() -> Trio.sleep(Duration.ofSeconds(5))));
            Lowlevel.waitAllTasksBlocked();
            assertFalse(Trio.moveOnAfter(Duration.ofSeconds(2), l::acquire));
            assertEquals(Duration.ofSeconds(2).toNanos(), Trio.currentTime() - start);
            assertEquals(0, l.statistics().tasksWaiting());
          });
      assertEquals(Duration.ofSeconds(5).toNanos(), Trio.currentTime() - start);
      assertNull(l.statistics().owner());
    }
  }
}
