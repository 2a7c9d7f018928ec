package org.trio4j.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.trio4j.CancelScope;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.TrioTest;

class EventTest {
  /** A new event is unset with no waiters; set() makes it set, and await() then returns. */
  @TrioTest
  void setIsPermanentAndAwaitOnASetEventReturns() {
    Event e = new Event();
    assertFalse(e.isSet());
    assertEquals(new EventStatistics(false, 0), e.statistics());
    e.set();
    assertTrue(e.isSet());
    e.await();
    e.set();
    assertTrue(e.isSet());
    assertEquals(new EventStatistics(true, 0), e.statistics());
    assertEquals(0, Trio.currentTime());
  }

  /** await() on an event that is already set still throws Cancelled in a cancelled scope. */
  @TrioTest
  void awaitIsACheckpointEvenWhenSet() {
    Event e = new Event();
    e.set();
    CancelScope scope = new CancelScope();
    scope.cancel();
    List<String> record = new ArrayList<>();
    scope.run(
        () -> {
          e.await();
          record.add("returned");
        });
    assertTrue(scope.cancelledCaught());
    assertEquals(List.of(), record);
  }

  /** set() wakes every waiting task (Trio's test_Event). */
  @TrioTest
  void setWakesAllWaiters() throws Exception {
    Event e = new Event();
    List<String> record = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          for (int i = 0; i < 2; i++) {
            n.startSoon(
                () -> {
                  record.add("sleeping");
                  e.await();
                  record.add("woken");
                });
          }
          Lowlevel.waitAllTasksBlocked();
          assertEquals(List.of("sleeping", "sleeping"), record);
          assertEquals(2, e.statistics().tasksWaiting());
          e.set();
          assertEquals(0, e.statistics().tasksWaiting());
          Lowlevel.waitAllTasksBlocked();
          assertEquals(List.of("sleeping", "sleeping", "woken", "woken"), record);
        });
  }

  /** A task awaiting an event that another task sets after 3 s returns at exactly 3 s. */
  @TrioTest
  void awaitReturnsWhenTheEventIsSet() throws Exception {
    Event e = new Event();
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                Trio.sleep(Duration.ofSeconds(3));
                e.set();
              });
          e.await();
          assertEquals(Duration.ofSeconds(3).toNanos(), Trio.currentTime());
        });
  }

  /** A timed-out await leaves no waiter behind, and the event still works afterwards. */
  @TrioTest
  void cancelledAwaitLeavesTheEventUsable() throws Exception {
    Event e = new Event();
    assertFalse(Trio.moveOnAfter(Duration.ofSeconds(1), e::await));
    assertEquals(Duration.ofSeconds(1).toNanos(), Trio.currentTime());
    assertEquals(0, e.statistics().tasksWaiting());
    Nursery.open(
        n -> {
          n.startSoon(e::await);
          Lowlevel.waitAllTasksBlocked();
          assertEquals(1, e.statistics().tasksWaiting());
          e.set();
        });
    assertEquals(Duration.ofSeconds(1).toNanos(), Trio.currentTime());
  }

  /** set() may be called from a thread outside the run, and wakes the waiting task. */
  @TrioTest
  void setFromAForeignThreadWakesTheWaiter() throws Exception {
    Event e = new Event();
    Nursery.open(
        n -> {
          n.startSoon(e::await);
          Lowlevel.waitAllTasksBlocked();
          Thread t = Thread.ofPlatform().start(e::set);
          t.join();
        });
    assertTrue(e.isSet());
  }

  /** toString says whether the event is set and how many tasks wait. */
  @TrioTest
  void toStringShowsTheState() throws Exception {
    Event e = new Event();
    Nursery.open(
        n -> {
          n.startSoon(e::await);
          Lowlevel.waitAllTasksBlocked();
          assertEquals("Event[unset, waiting=1]", e.toString());
          e.set();
        });
    assertEquals("Event[set]", e.toString());
  }
}
