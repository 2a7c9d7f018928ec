package org.trio4j.sync;

import java.util.Objects;
import org.trio4j.BrokenResourceException;
import org.trio4j.CancelScope;
import org.trio4j.Cancelled;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.ParkingLot;
import org.trio4j.lowlevel.Task;

/**
 * A condition variable for tasks: a {@link Lock} plus a queue of tasks waiting, while not holding
 * the lock, to be told that something has changed (Trio's {@code trio.Condition}, the JDK's {@link
 * java.util.concurrent.locks.Condition}).
 *
 * {@snippet :
 * Condition changed = new Condition();
 * // consumer
 * changed.run(() -> {
 *   while (queue.isEmpty()) {
 *     changed.await();   // releases the lock while waiting, holds it again on return
 *   }
 *   take(queue);
 * });
 * // producer
 * changed.run(() -> {
 *   queue.add(item);
 *   changed.signal();
 * });
 * }
 *
 * <p>{@link #await()} and the signalling methods require the caller to hold the lock. A signalled
 * task is moved, in order, to the lock's queue; it returns from {@code await} once the lock has
 * been handed to it. As with every condition variable, re-check the predicate in a loop.
 *
 * <h2>Cancellation</h2>
 *
 * {@link #await()} is a checkpoint. A cancelled {@code await} still re-acquires the lock (in a
 * shielded scope, so it may wait for it) before it throws {@link Cancelled}, so that the caller's
 * {@code finally} that releases the lock stays correct. {@link #signal()}, {@link #signalAll()} and
 * {@link #release()} are not checkpoints.
 *
 * <h2>Exceptions</h2>
 *
 * Awaiting or signalling without holding the lock throws {@link IllegalStateException}. If the
 * lock's owner exits without releasing it, {@code await} throws {@link BrokenResourceException} and
 * the caller does not hold the lock.
 *
 * <h2>Thread safety</h2>
 *
 * Any task may use it concurrently.
 */
public final class Condition implements Acquirable {
  /*
   * Implementation notes.
   *
   * As Trio: a waiter parks in the condition's own lot; signal moves waiters, without waking them,
   * from that lot to the end of the lock's lot (ParkingLot.repark), where they wait exactly like
   * tasks blocked in Lock.acquire, and Lock.release eventually hands the lock to each one. So the
   * wake-up from await *is* the lock acquisition, and a waiter never needs to compete again.
   *
   * Parallel mode: await joins the condition's lot (ParkingLot.enqueue) *before* it releases the
   * lock, and parks after; a signal can only come from the lock's owner, so none can fall between
   * the release and the park. signal needs no monitor of its own: only the owner may call it and
   * the owner cannot change while it does, and the lock's invariant (waiters only while owned)
   * holds because the caller owns the lock.
   */

  private final Lock lock;
  private final ParkingLot lot = new ParkingLot();

  /** Creates a condition with a new {@link Lock} of its own. */
  public Condition() {
    this(new Lock());
  }

  /**
   * Creates a condition that uses {@code lock}.
   *
   * @param lock the lock that protects the state the condition is about
   */
  public Condition(Lock lock) {
    this.lock = Objects.requireNonNull(lock, "lock");
  }

  /**
   * Returns the condition's lock.
   *
   * @return the lock
   */
  public Lock lock() {
    return lock;
  }

  /**
   * Tells whether the lock is held.
   *
   * @return true if some task holds it
   */
  public boolean isLocked() {
    return lock.isLocked();
  }

  /**
   * Acquires the lock, as {@link Lock#acquire()}. A checkpoint.
   *
   * @throws Cancelled if the caller is cancelled before or while waiting
   * @throws IllegalStateException if the caller already holds the lock
   * @throws BrokenResourceException if the lock's owner exited without releasing it
   */
  @Override
  public void acquire() {
    lock.acquire();
  }

  /**
   * Acquires the lock if nobody holds it, as {@link Lock#tryAcquire()}. Not a checkpoint.
   *
   * @return true if acquired
   * @throws IllegalStateException if the caller already holds the lock
   */
  @Override
  public boolean tryAcquire() {
    return lock.tryAcquire();
  }

  /**
   * Releases the lock, as {@link Lock#release()}. Not a checkpoint.
   *
   * @throws IllegalStateException if the caller does not hold the lock
   */
  @Override
  public void release() {
    lock.release();
  }

  /**
   * Releases the lock, waits to be signalled, and re-acquires the lock before returning. A
   * checkpoint.
   *
   * @throws Cancelled if the caller is cancelled; it then holds the lock again (it was re-acquired
   *     in a shielded scope), or, if it was cancelled before it started waiting, never let go of it
   * @throws IllegalStateException if the caller does not hold the lock
   * @throws BrokenResourceException if the lock's owner exited without releasing it while the
   *     caller waited for it; the caller then does not hold the lock
   */
  public void await() {
    Task me = Lowlevel.currentTask();
    requireOwner(me, "await");
    Lowlevel.checkpointIfCancelled();
    ParkingLot.Ticket ticket = lot.enqueue();
    lock.release();
    try {
      lock.awaitHandOff(me, ticket);
    } catch (Throwable t) {
      reacquireShielded(t);
      throw t;
    }
  }

  /**
   * Wakes the task that has waited longest in {@link #await()}, if any: it moves to the lock's
   * queue and returns from {@code await} once it gets the lock. Not a checkpoint.
   *
   * @throws IllegalStateException if the caller does not hold the lock
   */
  public void signal() {
    signal(1);
  }

  /**
   * Wakes up to {@code count} waiting tasks, longest-waiting first, as {@link #signal()}.
   *
   * @param count the most tasks to wake; not negative
   * @throws IllegalStateException if the caller does not hold the lock
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public void signal(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, but was " + count);
    }
    requireOwner(Lowlevel.currentTask(), "signal");
    lot.repark(lock.lot, count);
  }

  /**
   * Wakes every task waiting in {@link #await()}, as {@link #signal()}.
   *
   * @throws IllegalStateException if the caller does not hold the lock
   */
  public void signalAll() {
    requireOwner(Lowlevel.currentTask(), "signal");
    lot.reparkAll(lock.lot);
  }

  /**
   * Returns a snapshot of the condition and its lock, for debugging.
   *
   * @return the statistics
   */
  public ConditionStatistics statistics() {
    return new ConditionStatistics(lot.size(), lock.statistics());
  }

  @Override
  public String toString() {
    return "Condition[waiting=" + lot.size() + ", lock=" + lock + "]";
  }

  private void requireOwner(Task me, String what) {
    if (!lock.isOwner(me)) {
      throw new IllegalStateException(
          me + " must hold the condition's lock to " + what + "; acquire it first");
    }
  }

  /**
   * After a failed wait (cancelled, or the lock broke), takes the lock again so that the caller's
   * release still matches; a failure to do so replaces the original one.
   */
  private void reacquireShielded(Throwable original) {
    CancelScope shield = new CancelScope();
    shield.setShield(true);
    try {
      shield.run(lock::acquire);
    } catch (RuntimeException | Error e) {
      if (!(original instanceof Cancelled)) {
        e.addSuppressed(original);
      }
      throw e;
    }
  }
}
