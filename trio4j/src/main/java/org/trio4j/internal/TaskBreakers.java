package org.trio4j.internal;

import java.util.ArrayList;
import org.trio4j.BrokenResourceException;
import org.trio4j.lowlevel.ParkingLot;

/**
 * The parking lots a task breaks when it exits ({@code Lowlevel.addParkingLotBreaker}): Trio's
 * {@code add_parking_lot_breaker}, kept apart from {@link TaskImpl} for size.
 *
 * <p>Everything here holds the task's monitor: registrations live in the task's {@link
 * TaskExtras#breakers}, and {@link TaskImpl#exited} says that the task has broken its lots, after
 * which nothing may be added (a registration after the exit would never be broken).
 */
public final class TaskBreakers {
  private TaskBreakers() {}

  /**
   * Registers a lot to break when {@code task} exits; from any thread.
   *
   * @param task the task
   * @param lot the lot
   * @throws BrokenResourceException if the task has already exited
   */
  public static void add(TaskImpl task, ParkingLot lot) {
    synchronized (task) {
      if (!task.exited) {
        TaskExtras x = task.extras();
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
