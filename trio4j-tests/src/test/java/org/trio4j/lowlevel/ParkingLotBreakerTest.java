package org.trio4j.lowlevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.trio4j.BrokenResourceException;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.testing.TrioTest;

/** Lowlevel.addParkingLotBreaker / removeParkingLotBreaker (Trio's add_parking_lot_breaker). */
class ParkingLotBreakerTest {
  /**
   * A registered task's exit breaks the lot: a task parked in it fails at the exit time (1 s), and
   * later parks fail too.
   */
  @TrioTest
  void exitOfARegisteredTaskBreaksTheLot() throws Exception {
    ParkingLot lot = new ParkingLot();
    List<String> record = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              "breaker",
              () -> {
                Lowlevel.addParkingLotBreaker(Lowlevel.currentTask(), lot);
                Trio.sleep(Duration.ofSeconds(1));
              });
          n.startSoon(
              () -> {
                try {
                  lot.park();
                } catch (BrokenResourceException e) {
                  record.add(e.getMessage() + " @" + Trio.currentTime());
                }
              });
        });
    assertEquals(
        List.of("this parking lot was broken by Task[breaker] @" + Duration.ofSeconds(1).toNanos()),
        record);
    assertTrue(lot.statistics().broken());
    assertThrows(BrokenResourceException.class, lot::park);
  }

  /** A task that deregisters before it exits leaves the lot intact. */
  @TrioTest
  void removedBreakerDoesNotBreak() throws Exception {
    ParkingLot lot = new ParkingLot();
    Nursery.open(
        n ->
            n.startSoon(
                () -> {
                  Task me = Lowlevel.currentTask();
                  Lowlevel.addParkingLotBreaker(me, lot);
                  Lowlevel.addParkingLotBreaker(me, lot);
                  Lowlevel.removeParkingLotBreaker(me, lot);
                  Lowlevel.removeParkingLotBreaker(me, lot);
                  assertThrows(
                      IllegalStateException.class, () -> Lowlevel.removeParkingLotBreaker(me, lot));
                }));
    assertFalse(lot.statistics().broken());
  }

  /** Registering a task that has already exited fails with BrokenResourceException. */
  @TrioTest
  void anExitedTaskCannotBeRegistered() throws Exception {
    ParkingLot lot = new ParkingLot();
    AtomicReference<Task> child = new AtomicReference<>();
    Nursery.open(n -> n.startSoon(() -> child.set(Lowlevel.currentTask())));
    assertThrows(
        BrokenResourceException.class, () -> Lowlevel.addParkingLotBreaker(child.get(), lot));
    assertFalse(lot.statistics().broken());
  }

  /**
   * A registration from another task that races with the registered task's return (an exit that
   * skips the task's monitor when it has nothing registered) is never lost: once the children have
   * all exited, every lot whose registration did not throw is broken.
   */
  @TrioTest
  void aRegistrationRacingWithTheExitIsRefusedOrBroken() throws Exception {
    int children = 2_000;
    ConcurrentLinkedQueue<Task> ready = new ConcurrentLinkedQueue<>();
    List<ParkingLot> registered = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger refused = new AtomicInteger();
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                int done = 0;
                while (done < children) {
                  Task t = ready.poll();
                  if (t == null) {
                    Trio.checkpoint();
                    continue;
                  }
                  done++;
                  ParkingLot lot = new ParkingLot();
                  try {
                    Lowlevel.addParkingLotBreaker(t, lot);
                    registered.add(lot);
                  } catch (BrokenResourceException e) {
                    refused.incrementAndGet();
                  }
                }
              });
          for (int i = 0; i < children; i++) {
            n.startSoon(() -> ready.add(Lowlevel.currentTask()));
          }
        });
    assertEquals(children, registered.size() + refused.get());
    for (ParkingLot lot : registered) {
      assertTrue(
          lot.statistics().broken(), "a lot registered before its task's exit stayed intact");
    }
  }
}
