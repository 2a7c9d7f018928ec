package org.trio4j.sync;

import java.util.List;
import org.trio4j.BrokenResourceException;
import org.trio4j.Cancelled;
import org.trio4j.TrioInternalError;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.ParkingLot;
import org.trio4j.lowlevel.ParkingLotStatistics;
import org.trio4j.lowlevel.Task;

/**
 * The implementation shared by {@link Lock} and {@link StrictFifoLock} (Trio's {@code _LockImpl}).
 */
abstract sealed class LockImpl implements Acquirable permits Lock, StrictFifoLock {
  /*
   * Implementation notes.
   *
   * State: `owner` (null when unlocked) and a ParkingLot of waiters, both changed under this
   * object's monitor; the lot's own lock nests inside it (lock order: this monitor, then the lot).
   * Invariant: owner == null implies the lot is empty, which is why tryAcquire can test the owner
   * alone and why a Condition may repark waiters into `lot` whenever its caller holds the lock.
   *
   * Hand-off (Trio's FIFO guarantee): release() with waiters does not unlock; it unparks the
   * oldest waiter and makes it the owner on the spot. The releaser therefore cannot barge back in
   * (tryAcquire sees an owner), and the woken task returns from acquire already owning the lock.
   * A waiter that is cancelled leaves the lot through its abort function, which takes only the
   * lot's lock: either unpark removed it first (it is then the owner and does not see Cancelled)
   * or the abort did (it is then no longer a candidate); the lot's lock decides.
   *
   * Acquire joins the queue with ParkingLot.enqueue() under the monitor and parks after releasing
   * it, so a release cannot slip between "it is held" and "I am queued". After the park, the new
   * owner passes through the monitor once: the releaser registers it as the lot's breaker under
   * the monitor after waking it, and the owner must not run on (and perhaps exit) before that.
   *
   * Broken locks: the owner is registered with Lowlevel.addParkingLotBreaker, so if its task exits
   * while holding the lock the core breaks the lot, and every queued and future acquire fails with
   * BrokenResourceException (Trio 0.27's behaviour). `owner` keeps pointing at the dead task, so
   * tryAcquire keeps failing and the message can name it.
   */

  /** The waiters; package-private so that {@link Condition} can repark its waiters into it. */
  final ParkingLot lot = new ParkingLot();

  // Guarded by this object's monitor.
  private Task owner;

  LockImpl() {}

  /**
   * Tells whether some task holds the lock (or held it and exited without releasing it).
   *
   * @return true if locked
   */
  public synchronized boolean isLocked() {
    return owner != null;
  }

  /**
   * Acquires the lock, waiting in line if another task holds it. A checkpoint, even when the lock
   * is free.
   *
   * @throws Cancelled if the caller is cancelled before or while waiting (it then does not hold the
   *     lock, and its place in line is given up)
   * @throws IllegalStateException if the caller already holds the lock (it is not reentrant)
   * @throws BrokenResourceException if the owner exited without releasing the lock
   */
  @Override
  public void acquire() {
    Lowlevel.checkpointIfCancelled();
    Task me = Lowlevel.currentTask();
    ParkingLot.Ticket ticket;
    synchronized (this) {
      if (tryAcquireLocked(me)) {
        ticket = null;
      } else {
        try {
          ticket = lot.enqueue();
        } catch (BrokenResourceException e) {
          throw ownerExited();
        }
      }
    }
    if (ticket == null) {
      Lowlevel.cancelShieldedCheckpoint();
    } else {
      awaitHandOff(me, ticket);
    }
  }

  /**
   * Acquires the lock if nobody holds it (nor waits for it). Not a checkpoint.
   *
   * @return true if the caller now holds the lock; false if {@link #acquire()} would wait
   * @throws IllegalStateException if the caller already holds the lock
   */
  @Override
  public boolean tryAcquire() {
    Task me = Lowlevel.currentTask();
    synchronized (this) {
      return tryAcquireLocked(me);
    }
  }

  /**
   * Releases the lock; if tasks are waiting, the longest-waiting one becomes the owner at once.
   * Never blocks; not a checkpoint.
   *
   * @throws IllegalStateException if the caller does not hold the lock
   */
  @Override
  public synchronized void release() {
    Task me = Lowlevel.currentTask();
    if (owner != me) {
      throw new IllegalStateException(
          "cannot release a "
              + kind()
              + " that "
              + me
              + " does not hold (owner: "
              + owner
              + "); only the task that acquired it may release it");
    }
    Lowlevel.removeParkingLotBreaker(me, lot);
    List<Task> woken = lot.unpark(1);
    if (woken.isEmpty()) {
      owner = null;
    } else {
      owner = woken.get(0);
      Lowlevel.addParkingLotBreaker(owner, lot);
    }
  }

  /**
   * Returns a snapshot of the lock, for debugging.
   *
   * @return the statistics
   */
  public synchronized LockStatistics statistics() {
    ParkingLotStatistics s = lot.statistics();
    return new LockStatistics(owner != null, owner, s.tasksWaiting(), s.broken());
  }

  @Override
  public String toString() {
    LockStatistics s = statistics();
    if (s.broken()) {
      return kind() + "[broken: " + s.owner() + " exited without releasing it]";
    }
    if (!s.locked()) {
      return kind() + "[unlocked]";
    }
    return kind() + "[locked by " + s.owner() + ", waiting=" + s.tasksWaiting() + "]";
  }

  /** Whether {@code task} holds the lock. */
  synchronized boolean isOwner(Task task) {
    return owner == task;
  }

  /**
   * Parks on a ticket of {@link #lot} (or of a Condition's lot that is later reparked into it) and
   * returns once the caller has been handed the lock.
   */
  void awaitHandOff(Task me, ParkingLot.Ticket ticket) {
    try {
      ticket.park();
    } catch (BrokenResourceException e) {
      synchronized (this) {
        throw ownerExited();
      }
    }
    synchronized (this) {
      if (owner != me) {
        throw new TrioInternalError(me + " was woken by " + this + " but does not own it");
      }
    }
  }

  private boolean tryAcquireLocked(Task me) {
    if (owner == me) {
      throw new IllegalStateException(
          "attempt to re-acquire an already held "
              + kind()
              + " ("
              + me
              + " holds it); it is not reentrant, release it first");
    }
    if (owner == null && lot.size() == 0) {
      owner = me;
      Lowlevel.addParkingLotBreaker(me, lot);
      return true;
    }
    return false;
  }

  // Caller holds the monitor.
  private BrokenResourceException ownerExited() {
    return new BrokenResourceException("Owner of this lock exited without releasing: " + owner);
  }

  private String kind() {
    return getClass().getSimpleName();
  }
}
