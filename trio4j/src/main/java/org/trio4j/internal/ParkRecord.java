package org.trio4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.trio4j.TrioInternalError;
import org.trio4j.lowlevel.Abort;
import org.trio4j.lowlevel.AbortFunction;
import org.trio4j.lowlevel.Outcome;

/** One park of one task: what a canceller holds while it tries to abort that park. */
public final class ParkRecord {
  private static final VarHandle ATTEMPTED;

  static {
    try {
      ATTEMPTED =
          MethodHandles.lookup().findVarHandle(ParkRecord.class, "attempted", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final TaskImpl task;
  private final AbortFunction abortFn;
  private final Object blockedOn;
  private volatile boolean attempted;

  ParkRecord(TaskImpl task, AbortFunction abortFn, Object blockedOn) {
    this.task = task;
    this.abortFn = abortFn;
    this.blockedOn = blockedOn;
  }

  /**
   * Describes what the task waits for: the description given to park, else the abort function if it
   * is an object with a toString() of its own (a channel's waiter, for instance), else a generic
   * phrase. Calls foreign toString() methods: never under the structure lock.
   *
   * @return a short description
   */
  public String describe() {
    Object what = blockedOn;
    if (what == null && ownToString(abortFn.getClass())) {
      what = abortFn;
    }
    if (what == null) {
      return "a wait without a description (Lowlevel.park)";
    }
    try {
      return String.valueOf(what);
    } catch (RuntimeException e) {
      return what.getClass().getName() + " (its toString() threw " + e + ")";
    }
  }

  private static boolean ownToString(Class<?> c) {
    if (c.isHidden() || c.isSynthetic()) {
      return false; // a lambda: its toString says nothing
    }
    try {
      return c.getMethod("toString").getDeclaringClass() != Object.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** Calls the abort function if nobody has for this park, and wakes the task if it worked. */
  public void tryAbort() {
    if (!ATTEMPTED.compareAndSet(this, false, true) || task.currentPark != this) {
      return;
    }
    Abort result = null;
    Throwable thrown = null;
    try {
      result = abortFn.abort();
    } catch (Throwable t) {
      thrown = t;
    }
    if (result == Abort.SUCCEEDED) {
      task.reschedule(Outcome.cancelled());
    } else if (result != Abort.FAILED) {
      TrioInternalError broken =
          thrown != null
              ? new TrioInternalError("an abort function threw while cancelling " + task, thrown)
              : new TrioInternalError("an abort function returned " + result + " for " + task);
      task.runner.internalError(broken);
      // The run is cancelled and ends with this error; wake the task with it too (unless someone
      // already woke it), or it would stay parked forever and the run would never end.
      task.tryReschedule(Outcome.failure(broken));
    }
  }
}
