package org.trio4j.lowlevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.trio4j.BrokenResourceException;
import org.trio4j.CancelScope;
import org.trio4j.Cancelled;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.testing.TrioTest;

/** ParkingLot: FIFO wake-ups, counts, repark, cancellation and breaking (rule G1, G7). */
class ParkingLotTest {

  /**
   * Starts {@code count} tasks named prefix0..prefixN that park in {@code lot} one after another
   * (each is parked before the next starts), logging "name woke" or "name cancelled" or "name
   * broken". Returns the tasks in parking order.
   */
  private static List<Task> parkInOrder(
      Nursery n, ParkingLot lot, String prefix, int count, List<String> log) {
    List<Task> tasks = new CopyOnWriteArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = prefix + i;
      n.startSoon(
          name,
          () -> {
            tasks.add(Lowlevel.currentTask());
            try {
              lot.park();
              log.add(name + " woke");
            } catch (Cancelled c) {
              log.add(name + " cancelled");
              throw c;
            } catch (BrokenResourceException e) {
              log.add(name + " broken");
            }
          });
      Lowlevel.waitAllTasksBlocked();
    }
    return new ArrayList<>(tasks);
  }

  /** unpark wakes the longest-waiting task first, one at a time. */
  @TrioTest
  void unparkIsFifo() throws Exception {
    ParkingLot lot = new ParkingLot();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          List<Task> tasks = parkInOrder(n, lot, "t", 3, log);
          assertEquals(3, lot.size());
          for (int i = 0; i < 3; i++) {
            assertEquals(List.of(tasks.get(i)), lot.unpark(1));
            Lowlevel.waitAllTasksBlocked();
          }
        });
    assertEquals(List.of("t0 woke", "t1 woke", "t2 woke"), log);
  }

  /**
   * unpark(n) wakes at most n tasks and returns them oldest first; unpark() and unparkAll report
   * what they did; a negative count is rejected.
   */
  @TrioTest
  void unparkCounts() throws Exception {
    ParkingLot lot = new ParkingLot();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    assertFalse(lot.unpark());
    assertEquals(List.of(), lot.unparkAll());
    Nursery.open(
        n -> {
          List<Task> tasks = parkInOrder(n, lot, "t", 5, log);
          assertEquals(List.of(), lot.unpark(0));
          assertEquals(tasks.subList(0, 2), lot.unpark(2));
          assertEquals(3, lot.size());
          assertThrows(IllegalArgumentException.class, () -> lot.unpark(-1));
          assertTrue(lot.unpark());
          assertEquals(2, lot.size());
          assertEquals(tasks.subList(3, 5), lot.unparkAll());
          assertEquals(0, lot.size());
        });
    assertEquals(5, log.size());
  }

  /**
   * repark moves the oldest waiters to another lot without waking them; unparking that lot later
   * wakes them, and the one left behind stays in the first lot.
   */
  @TrioTest
  void reparkMovesWaitersWithoutWakingThem() throws Exception {
    ParkingLot lot1 = new ParkingLot();
    ParkingLot lot2 = new ParkingLot();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          List<Task> tasks = parkInOrder(n, lot1, "t", 3, log);
          assertEquals(2, lot1.repark(lot2, 2));
          Lowlevel.waitAllTasksBlocked();
          assertEquals(List.of(), log);
          assertEquals(1, lot1.size());
          assertEquals(2, lot2.size());
          assertEquals(tasks.subList(0, 2), lot2.unparkAll());
          Lowlevel.waitAllTasksBlocked();
          assertEquals(Set.of("t0 woke", "t1 woke"), Set.copyOf(log));
          assertEquals(1, lot1.reparkAll(lot2));
          assertEquals(0, lot1.size());
          assertEquals(List.of(tasks.get(2)), lot2.unpark(1));
        });
    assertEquals(3, log.size());
    assertThrows(IllegalArgumentException.class, () -> lot1.repark(lot1, 1));
    assertThrows(IllegalArgumentException.class, () -> lot1.repark(lot2, -1));
  }

  /**
   * A task cancelled while parked leaves the lot (its size drops) and throws Cancelled; the next
   * unpark wakes the next waiter, not the cancelled one.
   */
  @TrioTest
  void cancelledParkerIsRemovedFromTheLot() throws Exception {
    ParkingLot lot = new ParkingLot();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    List<CancelScope> scopes = new CopyOnWriteArrayList<>();
    Nursery.open(
        n -> {
          for (int i = 0; i < 2; i++) {
            String name = "t" + i;
            CancelScope cs = new CancelScope();
            scopes.add(cs);
            n.startSoon(
                () ->
                    cs.run(
                        () -> {
                          try {
                            lot.park();
                            log.add(name + " woke");
                          } catch (Cancelled c) {
                            log.add(name + " cancelled");
                            throw c;
                          }
                        }));
            Lowlevel.waitAllTasksBlocked();
          }
          assertEquals(2, lot.size());
          scopes.get(0).cancel();
          Lowlevel.waitAllTasksBlocked();
          assertEquals(1, lot.size());
          assertEquals(List.of("t0 cancelled"), log);
          assertTrue(lot.unpark());
        });
    assertEquals(List.of("t0 cancelled", "t1 woke"), log);
    assertTrue(scopes.get(0).cancelledCaught());
  }

  /** A waiter moved by repark and then cancelled is removed from the lot it was moved to. */
  @TrioTest
  void cancelAfterReparkRemovesFromTheNewLot() throws Exception {
    ParkingLot lot1 = new ParkingLot();
    ParkingLot lot2 = new ParkingLot();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          parkInOrder(n, lot1, "t", 2, log);
          assertEquals(2, lot1.reparkAll(lot2));
          n.cancelScope().cancel();
          Lowlevel.waitAllTasksBlocked();
          assertEquals(0, lot1.size());
          assertEquals(0, lot2.size());
        });
    assertEquals(Set.of("t0 cancelled", "t1 cancelled"), Set.copyOf(log));
  }

  /** park inside an already-cancelled scope throws Cancelled at once and leaves the lot empty. */
  @TrioTest
  void parkInCancelledScopeDoesNotStay() {
    ParkingLot lot = new ParkingLot();
    CancelScope cs = new CancelScope();
    cs.run(
        () -> {
          cs.cancel();
          lot.park();
        });
    assertTrue(cs.cancelledCaught());
    assertEquals(0, lot.size());
    assertEquals(0, Trio.currentTime());
  }

  /**
   * breakLot wakes every parked task with BrokenResourceException, and every later park fails the
   * same way at once (G7).
   */
  @TrioTest
  void breakLotFailsParkedAndFutureParkers() throws Exception {
    ParkingLot lot = new ParkingLot();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          parkInOrder(n, lot, "t", 2, log);
          lot.breakLot(Lowlevel.currentTask());
          Lowlevel.waitAllTasksBlocked();
          assertEquals(0, lot.size());
        });
    assertEquals(Set.of("t0 broken", "t1 broken"), Set.copyOf(log));
    BrokenResourceException e = assertThrows(BrokenResourceException.class, lot::park);
    assertTrue(e.getMessage().contains(Lowlevel.currentTask().toString()), e.getMessage());
    assertTrue(lot.statistics().broken());
    assertTrue(lot.toString().contains("broken"), lot.toString());
  }

  /** Tasks reparked into a broken lot fail with BrokenResourceException instead of waiting. */
  @TrioTest
  void reparkIntoABrokenLotBreaksTheMovedTasks() throws Exception {
    ParkingLot lot1 = new ParkingLot();
    ParkingLot broken = new ParkingLot();
    broken.breakLot(Lowlevel.currentTask());
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          parkInOrder(n, lot1, "t", 1, log);
          assertEquals(1, lot1.reparkAll(broken));
        });
    assertEquals(List.of("t0 broken"), log);
    assertEquals(0, broken.size());
  }

  /** statistics() and toString() report the number of waiters. */
  @TrioTest
  void statisticsAndToString() throws Exception {
    ParkingLot lot = new ParkingLot();
    assertEquals(new ParkingLotStatistics(0, false), lot.statistics());
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          parkInOrder(n, lot, "t", 2, log);
          assertEquals(new ParkingLotStatistics(2, false), lot.statistics());
          assertTrue(lot.toString().contains("waiting=2"), lot.toString());
          lot.unparkAll();
        });
  }
}
