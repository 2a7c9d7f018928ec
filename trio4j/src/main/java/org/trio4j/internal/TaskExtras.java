package org.trio4j.internal;

import java.util.ArrayList;
import org.trio4j.Nursery;
import org.trio4j.ThrowingRunnable;
import org.trio4j.lowlevel.ParkingLot;

/**
 * The rarely used part of a {@link TaskImpl}, made the first time a task needs one of these fields:
 * most tasks never do, and every field a task carries is paid by each of a million sleepers.
 */
final class TaskExtras {
  /*
   * Publication. A TaskExtras is made by TaskImpl.extras(), on whichever thread needs it first, and
   * installed in TaskImpl.aux with a CAS (a volatile write): the final fields below are written
   * before it, and every later reader finds the object through a volatile read of aux. The mutable
   * fields keep the guard they had as fields of TaskImpl; the CAS only publishes the object.
   */

  // The task's body, moved here from TaskImpl.aux when this object took that slot. Final; read by
  // the task's own thread as it starts.
  final ThrowingRunnable<?> body;

  // The name given by the user, or null (a generated one is made whenever asked for). Final.
  final String name;

  // Guarded by the run's structure lock (runner.lock): the nurseries open in this task.
  ArrayList<Nursery> openNurseries;

  // Guarded by the task's monitor: the lots to break when the task exits
  // (Lowlevel.addParkingLotBreaker); set to null by the exit, after which TaskImpl.exited refuses
  // new ones.
  ArrayList<ParkingLot> breakers;

  // Touched only by the task's own thread: the high halves of the checkpoint counts, whose low
  // halves are TaskImpl's int fields, raised when those wrap (after 2^32 points).
  int cancelPointsHigh;
  int schedulePointsHigh;

  TaskExtras(ThrowingRunnable<?> body, String name) {
    this.body = body;
    this.name = name;
  }
}
