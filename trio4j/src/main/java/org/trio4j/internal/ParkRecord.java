package org.trio4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.trio4j.TrioInternalError;
import org.trio4j.lowlevel.Abort;
import org.trio4j.lowlevel.AbortFunction;
import org.trio4j.lowlevel.Outcome;

/**
 * One park of one task: what a canceller holds while it tries to abort that park.
 *
 * <p>Code of the core packages whose waiters already need a node of their own (a sleep's timer
 * entry, {@link SleepTimer}) makes that node a subclass, so that a parked task costs one object for
 * its wait instead of a node, an abort lambda and a record: the subclass is its own abort function
 * ({@link #abort()}) and describes the wait by its {@code toString()}. {@link TaskImpl#park(
 * AbortFunction, Object)} wraps a plain abort function in one (the primitives of other packages
 * reach parking only through {@code Lowlevel}, which takes abort functions).
 */
public abstract class ParkRecord {
  /*
   * A record belongs to one park: a canceller that found it in TaskImpl.currentPark and calls
   * tryAbort() after that park has ended (and another begun) must do nothing, hence the identity
   * check against currentPark. A subclass instance must therefore never be parked on twice: every
   * wait makes a new one (they are the waiter nodes that the primitives allocated anyway).
   */
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
  private volatile boolean attempted;

  /**
   * Creates the record of a park that {@code task} is about to make, on the task's own thread.
   *
   * @param task the parking task
   */
  protected ParkRecord(TaskImpl task) {
    this.task = task;
  }

  /**
   * Returns the task that parks.
   *
   * @return the task
   */
  public final TaskImpl task() {
    return task;
  }

  /**
   * The abort function of this park: called at most once, from any thread, if the task is cancelled
   * while parked (see {@link AbortFunction#abort()}).
   *
   * @return whether the wait was undone
   */
  protected abstract Abort abort();

  /**
   * What the task waits for, described by its {@code toString()} in dumps and JFR events; null for
   * a generic phrase. The record itself by default (subclasses override {@code toString()}).
   *
   * @return the description object, or null
   */
  Object blockedOn() {
    return this;
  }

  /**
   * Describes what the task waits for. Calls foreign toString() methods: never under the structure
   * lock.
   *
   * @return a short description
   */
  public final String describe() {
    Object what = blockedOn();
    if (what == null) {
      return "a wait without a description (Lowlevel.park)";
    }
    try {
      return String.valueOf(what);
    } catch (RuntimeException e) {
      return what.getClass().getName() + " (its toString() threw " + e + ")";
    }
  }

  /** Calls the abort function if nobody has for this park, and wakes the task if it worked. */
  public final void tryAbort() {
    if (!ATTEMPTED.compareAndSet(this, false, true) || task.currentPark != this) {
      return;
    }
    Abort result = null;
    Throwable thrown = null;
    try {
      result = abort();
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

  /**
   * The record of a park made with a plain abort function (Lowlevel.park) and no description: the
   * abort function describes the wait if it is an object with a toString() of its own (a channel's
   * waiter, for instance). Without a field for a description, so one word smaller.
   */
  static class OfFunction extends ParkRecord {
    final AbortFunction abortFn;

    OfFunction(TaskImpl task, AbortFunction abortFn) {
      super(task);
      this.abortFn = abortFn;
    }

    @Override
    protected final Abort abort() {
      return abortFn.abort();
    }

    @Override
    Object blockedOn() {
      return ownToString(abortFn.getClass()) ? abortFn : null;
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
  }

  /** The record of a park made with a plain abort function and a description of the wait. */
  static final class Described extends OfFunction {
    private final Object blockedOn;

    Described(TaskImpl task, AbortFunction abortFn, Object blockedOn) {
      super(task, abortFn);
      this.blockedOn = blockedOn;
    }

    @Override
    Object blockedOn() {
      return blockedOn;
    }
  }
}
