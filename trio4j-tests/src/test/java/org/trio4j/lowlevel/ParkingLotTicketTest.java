package org.trio4j.lowlevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.trio4j.BrokenResourceException;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.testing.TrioTest;

/** ParkingLot.enqueue and its Ticket: the two-phase park that primitives use in parallel mode. */
class ParkingLotTicketTest {
  /** An unpark that arrives between enqueue and Ticket.park is kept: park returns at once. */
  @TrioTest
  void unparkBeforeParkIsNotLost() {
    ParkingLot lot = new ParkingLot();
    ParkingLot.Ticket ticket = lot.enqueue();
    assertEquals(1, lot.size());
    assertEquals(java.util.List.of(Lowlevel.currentTask()), lot.unpark(1));
    assertEquals(0, lot.size());
    ticket.park();
    assertEquals(0, Trio.currentTime());
  }

  /** A queued ticket keeps its place: it is woken in FIFO order with plain park() callers. */
  @TrioTest
  void ticketsQueueInOrder() throws Exception {
    ParkingLot lot = new ParkingLot();
    StringBuffer order = new StringBuffer();
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                ParkingLot.Ticket t = lot.enqueue();
                t.park();
                order.append('a');
              });
          Lowlevel.waitAllTasksBlocked();
          n.startSoon(
              () -> {
                lot.park();
                order.append('b');
              });
          Lowlevel.waitAllTasksBlocked();
          lot.unpark(1);
          Lowlevel.waitAllTasksBlocked();
          lot.unpark(1);
        });
    assertEquals("ab", order.toString());
  }

  /** A task cancelled while parked on a ticket leaves the lot. */
  @TrioTest
  void cancelledTicketLeavesTheLot() {
    ParkingLot lot = new ParkingLot();
    assertEquals(
        false,
        Trio.moveOnAfter(
            Duration.ofSeconds(1),
            () -> {
              ParkingLot.Ticket t = lot.enqueue();
              t.park();
            }));
    assertEquals(0, lot.size());
    assertEquals(Duration.ofSeconds(1).toNanos(), Trio.currentTime());
  }

  /** A ticket cannot be used twice, nor by another task; enqueue on a broken lot fails. */
  @TrioTest
  void misuse() throws Exception {
    ParkingLot lot = new ParkingLot();
    ParkingLot.Ticket ticket = lot.enqueue();
    AtomicReference<Throwable> other = new AtomicReference<>();
    Nursery.open(
        n ->
            n.startSoon(
                () -> {
                  try {
                    ticket.park();
                  } catch (IllegalStateException e) {
                    other.set(e);
                  }
                }));
    assertTrue(other.get() instanceof IllegalStateException);
    lot.unparkAll();
    ticket.park();
    assertThrows(IllegalStateException.class, ticket::park);
    lot.breakLot(Lowlevel.currentTask());
    assertThrows(BrokenResourceException.class, lot::enqueue);
    assertEquals(0, lot.size());
  }
}
