package org.trio4j.internal;

import java.util.ArrayList;
import java.util.List;
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

  // Touched only by the task's own thread: the JFR events under way while JFR records (Jfr's
  // TaskExit event from the start to the end of the body, its Park event during a park), or null.
  // Kept here, not in locals, so that the frames of TaskImpl.run and TaskImpl.park, which stay on
  // the stack of every parked task, do not keep a slot for them (see TaskImpl.run).
  Object jfrTask;
  Object jfrPark;

  TaskExtras(ThrowingRunnable<?> body, String name) {
    this.body = body;
    this.name = name;
  }

  /** The nurseries open in task {@code t}, a copy; from any thread. */
  static List<Nursery> openNurseries(TaskImpl t) {
    t.runner.lock.lock();
    try {
      TaskExtras x = t.extrasOrNull();
      ArrayList<Nursery> open = x == null ? null : x.openNurseries;
      return open == null ? List.of() : List.copyOf(open);
    } finally {
      t.runner.lock.unlock();
    }
  }

  /** Records nursery {@code n} opened in task {@code t}; on that task's thread. */
  static void nurseryOpened(TaskImpl t, Nursery n) {
    t.runner.lock.lock();
    try {
      TaskExtras x = t.extras();
      if (x.openNurseries == null) {
        x.openNurseries = new ArrayList<>(2);
      }
      x.openNurseries.add(n);
    } finally {
      t.runner.lock.unlock();
    }
  }

  /** Records that nursery {@code n} of task {@code t} has closed; on that task's thread. */
  static void nurseryClosed(TaskImpl t, Nursery n) {
    t.runner.lock.lock();
    try {
      TaskExtras x = t.extrasOrNull();
      if (x != null && x.openNurseries != null) {
        x.openNurseries.remove(n);
      }
    } finally {
      t.runner.lock.unlock();
    }
  }
}
