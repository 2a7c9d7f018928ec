package org.trio4j.internal;

import org.trio4j.internal.jfr.Jfr;
import org.trio4j.lowlevel.Outcome;

/**
 * A task's JFR events while JFR records: begun on the task's thread and kept in its {@link
 * TaskExtras} until they end, not in locals of {@link TaskImpl#run()} and {@link
 * TaskImpl#park(ParkRecord)}, whose frames stay on the stack of every parked task (a local kept
 * across a call takes a slot in the compiled frame, JFR or not). Recording thus costs each task its
 * extras object; without JFR, each hook is one volatile read ({@link Jfr#active()}).
 */
final class TaskJfr {
  private TaskJfr() {}

  /** On the task's thread as it starts, JFR being active: emits TaskStart, begins TaskExit. */
  static void started(TaskImpl t) {
    Object e = Jfr.taskStarted(t);
    if (e != null) {
      t.extras().jfrTask = e;
    }
  }

  /** On the task's thread when its body has ended: commits TaskExit if one was begun. */
  static void exited(TaskImpl t, Throwable failure) {
    TaskExtras x = t.extrasOrNull();
    Object e = x == null ? null : x.jfrTask;
    if (e != null) {
      x.jfrTask = null;
      Jfr.taskExited(e, t, failure);
    }
  }

  /** On the task's thread as it parks, JFR being active: begins its Park event. */
  static void parkBegin(TaskImpl t) {
    Object e = Jfr.parkBegin();
    if (e != null) {
      t.extras().jfrPark = e;
    }
  }

  /** On the task's thread as its park ends: commits the Park event, if one was begun. */
  static void parkEnd(TaskImpl t, ParkRecord ended, Outcome o) {
    TaskExtras x = t.extrasOrNull();
    Object e = x == null ? null : x.jfrPark;
    if (e != null) {
      x.jfrPark = null;
      Jfr.parkEnd(e, t, ended, o != null && o.isCancelled());
    }
  }
}
