package org.trio4j.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import org.trio4j.CancelScope;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.TrioTest;

class SemaphoreTest {
  /** Value bookkeeping, and a release with a waiter that hands over and keeps the value at 0. */
  @TrioTest
  void semaphore() throws Exception {
    IllegalArgumentException neg =
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
    assertEquals("initial value must be >= 0, but was -1", neg.getMessage());
    Semaphore s = new Semaphore(1);
    assertEquals("Semaphore[value=1, waiting=0]", s.toString());
    assertEquals(1, s.value());
    assertEquals(OptionalInt.empty(), s.maxValue());
    s.release();
    assertEquals(2, s.value());
    assertEquals(new SemaphoreStatistics(2, OptionalInt.empty(), 0), s.statistics());
    assertTrue(s.tryAcquire());
    assertEquals(1, s.value());
    s.acquire();
    assertEquals(0, s.value());
    assertFalse(s.tryAcquire());
    s.release();
    assertEquals(1, s.value());
    s.run(() -> assertEquals(0, s.value()));
    assertEquals(1, s.value());
    assertTrue(s.tryAcquire());

    List<String> record = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                record.add("started");
                s.acquire();
                record.add("finished");
              });
          Lowlevel.waitAllTasksBlocked();
          assertEquals(List.of("started"), record);
          assertEquals(0, s.value());
          assertEquals(1, s.statistics().tasksWaiting());
          s.release();
          assertEquals(0, s.value());
          assertEquals(0, s.statistics().tasksWaiting());
          assertFalse(s.tryAcquire());
        });
    assertEquals(List.of("started", "finished"), record);
    assertEquals(0, s.value());
  }

  /**
   * A bounded semaphore refuses to go past its maximum and keeps its value
   * (test_Semaphore_bounded).
   */
  @TrioTest
  void bounded() {
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(2, 1));
    assertEquals("maxValue must be >= initial value, but was 1 < 2", bad.getMessage());
    Semaphore bs = new Semaphore(1, 1);
    assertEquals(OptionalInt.of(1), bs.maxValue());
    assertEquals("Semaphore[value=1, max=1, waiting=0]", bs.toString());
    IllegalStateException tooMany = assertThrows(IllegalStateException.class, bs::release);
    assertTrue(tooMany.getMessage().startsWith("semaphore released too many times"));
    assertEquals(1, bs.value());
    assertTrue(bs.tryAcquire());
    assertEquals(0, bs.value());
    bs.release();
    assertEquals(1, bs.value());
  }

  /** An unbounded semaphore refuses to overflow past Integer.MAX_VALUE. */
  @TrioTest
  void unboundedDoesNotOverflow() {
    Semaphore s = new Semaphore(Integer.MAX_VALUE);
    assertThrows(IllegalStateException.class, s::release);
    assertEquals(Integer.MAX_VALUE, s.value());
  }

  /** A cancelled acquire takes nothing, even when the value is positive. */
  @TrioTest
  void cancelledAcquireTakesNothing() {
    Semaphore s = new Semaphore(2);
    CancelScope scope = new CancelScope();
    scope.cancel();
    scope.run(s::acquire);
    assertTrue(scope.cancelledCaught());
    assertEquals(2, s.value());
  }

  /** Any task may release (no ownership): a release in another task after 2 s wakes the waiter. */
  @TrioTest
  void anyTaskMayRelease() throws Exception {
    Semaphore s = new Semaphore(0);
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                Trio.sleep(Duration.ofSeconds(2));
                s.release();
              });
          s.acquire();
          assertEquals(Duration.ofSeconds(2).toNanos(), Trio.currentTime());
        });
    assertEquals(0, s.value());
  }

  /** A release with three waiters wakes exactly one, the oldest. */
  @TrioTest
  void releaseWakesOneWaiterInOrder() throws Exception {
    Semaphore s = new Semaphore(0);
    List<Integer> record = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          for (int i = 0; i < 3; i++) {
            int me = i;
            n.startSoon(
                () -> {
                  s.acquire();
                  record.add(me);
                });
            Lowlevel.waitAllTasksBlocked();
          }
          s.release();
          Lowlevel.waitAllTasksBlocked();
          assertEquals(List.of(0), record);
          assertEquals(2, s.statistics().tasksWaiting());
          // One at a time: two waiters woken together may run in either order (cooperative mode
          // shuffles each batch, as Trio's scheduler may reverse it).
          s.release();
          Lowlevel.waitAllTasksBlocked();
          assertEquals(List.of(0, 1), record);
          s.release();
        });
    assertEquals(List.of(0, 1, 2), record);
  }
}
