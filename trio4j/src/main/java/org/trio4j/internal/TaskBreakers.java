package org.trio4j.internal;

import java.util.ArrayList;
import org.trio4j.BrokenResourceException;
import org.trio4j.lowlevel.ParkingLot;

/**
 * The parking lots a task breaks when it exits ({@code Lowlevel.addParkingLotBreaker}): Trio's
 * {@code add_parking_lot_breaker}, kept apart from {@link TaskImpl} for size.
 *
 * <p>Registrations live in the task's {@link TaskExtras#breakers}, under the task's monitor, and
 * {@link TaskImpl#exited} says that the task has broken its lots, after which nothing may be added
 * (a registration after the exit would never be broken).
 */
public final class TaskBreakers {
  /*
   * Implementation notes.
   *
   * The exit without the monitor. Taking the task's monitor at every exit (to set `exited`) cost
   * two atomic operations per task, about 5-8% of SpawnJoinBenchmark (100k trivial tasks), for
   * lots that almost no task has. A child that returns normally from an ordinary nursery pushes
   * itself on the run's exit stack anyway (RunLock.deferExit: a CAS on the stack's head, which
   * also sets its exitedDepth to 1 or more), so it checks for lots only after that push, with a
   * volatile read of `aux`: no extras means no lots, and it is done without the monitor. A
   * registration from another thread (a Lock handed to a waiter) must then not slip in after
   * that check, and it cannot, by the Dekker pattern on two volatile variables:
   *   - the exiting task writes the stack's head (its push), then reads `aux`;
   *   - add() writes `aux` (extras(): a CAS that makes the extras, or a read of extras that some
   *     CAS made before), then reads the stack's head (RunLock.readExits), then, under the monitor,
   *     checks `exited` and exitedDepth.
   * In the synchronization order, either the push comes before add()'s read of the head, and
   * add() sees exitedDepth != 0 and refuses as it would after the exit (RunLock.readExits says
   * why the plain field is visible); or add()'s write of `aux` comes before the exiting task's
   * read of it, and the exit sees extras and takes the monitor: breakAll then runs either before
   * add()'s critical section (add sees `exited`) or after it (and breaks the new lot). Every
   * other exit (failures, start()'s hidden nursery, the run's own tasks) calls breakAll before
   * telling its parent, as before.
   */

  private TaskBreakers() {}

  /**
   * Registers a lot to break when {@code task} exits; from any thread.
   *
   * @param task the task
   * @param lot the lot
   * @throws BrokenResourceException if the task has already exited
   */
  public static void add(TaskImpl task, ParkingLot lot) {
    // The extras first, then the exit stack's head: the order the notes' argument needs.
    TaskExtras x = task.extras();
    task.runner.lock.readExits();
    synchronized (task) {
      if (!task.exited && task.exitedDepth == 0) {
        if (x.breakers == null) {
          x.breakers = new ArrayList<>(2);
        }
        x.breakers.add(lot);
        return;
      }
    }
    throw new BrokenResourceException(
        "cannot register " + task + " as the breaker of a parking lot: it has already exited");
  }

  /**
   * Removes one registration of a lot to break when {@code task} exits; from any thread.
   *
   * @param task the task
   * @param lot the lot
   * @throws IllegalStateException if the lot is not registered
   */
  public static void remove(TaskImpl task, ParkingLot lot) {
    synchronized (task) {
      TaskExtras x = task.extrasOrNull();
      ArrayList<ParkingLot> lots = x == null ? null : x.breakers;
      if (lots == null || !lots.remove(lot)) {
        throw new IllegalStateException(
            task + " is not registered as the breaker of " + lot + "; nothing to remove");
      }
    }
  }

  /**
   * On the exiting task's thread, right after it pushed itself on the exit stack: breaks every lot
   * still registered, taking the monitor only if the task has extras (see the notes).
   *
   * @param task the task that exits
   */
  static void breakAllAfterDeferredExit(TaskImpl task) {
    if (task.extrasOrNull() != null) {
      breakAll(task);
    }
  }

  /**
   * On the exiting task's thread: breaks every lot still registered, once.
   *
   * @param task the task that exits
   */
  static void breakAll(TaskImpl task) {
    ArrayList<ParkingLot> lots;
    synchronized (task) {
      task.exited = true;
      TaskExtras x = task.extrasOrNull();
      lots = x == null ? null : x.breakers;
      if (x != null) {
        x.breakers = null;
      }
    }
    if (lots != null) {
      // Outside the monitor: breaking a lot reschedules its waiters.
      for (ParkingLot lot : lots) {
        lot.breakLot(task);
      }
    }
  }
}
