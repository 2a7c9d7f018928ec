package org.trio4j.sync;

import java.util.OptionalInt;
import org.trio4j.Cancelled;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.ParkingLot;

/**
 * A counting semaphore for tasks: {@link #acquire()} decrements its value, waiting while it is
 * zero, and {@link #release()} increments it (Trio's {@code trio.Semaphore}).
 *
 * {@snippet :
 * Semaphore permits = new Semaphore(3);
 * permits.run(() -> download(url));   // at most three downloads at a time
 * }
 *
 * <p>Unlike a {@link Lock} or a {@link CapacityLimiter}, a semaphore does not track who acquired
 * it: any task may release it. To limit how many tasks do something at once, a {@link
 * CapacityLimiter} is usually the better choice, since it catches a task that releases what it
 * never acquired. A <em>bounded</em> semaphore ({@link #Semaphore(int, int)}) refuses to be
 * released past its maximum, which catches releasing twice.
 *
 * <p>Waiting tasks are served first in, first out: {@link #release()} with waiters hands the unit
 * directly to the longest waiter and the value stays 0, and {@link #tryAcquire()} fails while
 * anyone is waiting.
 *
 * <h2>Cancellation</h2>
 *
 * {@link #acquire()} is a checkpoint even when it need not wait; a cancelled {@code acquire} throws
 * {@link Cancelled} and takes nothing. {@link #release()} and {@link #tryAcquire()} are not
 * checkpoints.
 *
 * <h2>Exceptions</h2>
 *
 * Releasing a bounded semaphore that is at its maximum throws {@link IllegalStateException}; so
 * does releasing an unbounded one past {@link Integer#MAX_VALUE}. Bad constructor arguments throw
 * {@link IllegalArgumentException}.
 *
 * <h2>Thread safety</h2>
 *
 * Any task may use it concurrently; {@link #release()} may also be called from outside the run.
 */
public final class Semaphore implements Acquirable {
  /*
   * Implementation notes.
   *
   * `value` and the lot change together under this object's monitor (then the lot's lock).
   * Invariant, as in Trio: the lot is non-empty only when value == 0. So tryAcquire tests the
   * value alone, and release() with waiters unparks one of them instead of incrementing: the unit
   * goes straight to the waiter (hand-off), which is what makes the semaphore fair. A waiter that
   * is cancelled leaves through its abort function under the lot's lock; release() either got it
   * first (the waiter then returns normally with the unit) or finds the next one, or none and
   * increments the value.
   */

  private final ParkingLot lot = new ParkingLot();
  private final int maxValue; // Integer.MAX_VALUE when unbounded
  private final boolean bounded;
  // Guarded by this object's monitor.
  private int value;

  /**
   * Creates an unbounded semaphore.
   *
   * @param initialValue its value; not negative
   * @throws IllegalArgumentException if {@code initialValue} is negative
   */
  public Semaphore(int initialValue) {
    this(initialValue, Integer.MAX_VALUE, false);
  }

  /**
   * Creates a bounded semaphore, which refuses to be released past {@code maxValue}.
   *
   * @param initialValue its value; not negative
   * @param maxValue the largest value it may reach; at least {@code initialValue}
   * @throws IllegalArgumentException if {@code initialValue} is negative or above {@code maxValue}
   */
  public Semaphore(int initialValue, int maxValue) {
    this(initialValue, maxValue, true);
  }

  private Semaphore(int initialValue, int maxValue, boolean bounded) {
    if (initialValue < 0) {
      throw new IllegalArgumentException("initial value must be >= 0, but was " + initialValue);
    }
    if (maxValue < initialValue) {
      throw new IllegalArgumentException(
          "maxValue must be >= initial value, but was " + maxValue + " < " + initialValue);
    }
    this.value = initialValue;
    this.maxValue = maxValue;
    this.bounded = bounded;
  }

  /**
   * Returns the current value.
   *
   * @return how many more {@code acquire}s would succeed without waiting
   */
  public synchronized int value() {
    return value;
  }

  /**
   * Returns the maximum value of a bounded semaphore.
   *
   * @return the maximum, or empty if the semaphore is unbounded
   */
  public OptionalInt maxValue() {
    return bounded ? OptionalInt.of(maxValue) : OptionalInt.empty();
  }

  /**
   * Decrements the value, first waiting in line while it is zero. A checkpoint, even when it does
   * not wait.
   *
   * @throws Cancelled if the caller is cancelled before or while waiting (the value is unchanged)
   */
  @Override
  public void acquire() {
    Lowlevel.checkpointIfCancelled();
    ParkingLot.Ticket ticket;
    synchronized (this) {
      if (value > 0) {
        value--;
        ticket = null;
      } else {
        ticket = lot.enqueue();
      }
    }
    if (ticket == null) {
      Lowlevel.cancelShieldedCheckpoint();
    } else {
      ticket.park(); // woken by release(), which gave us its unit
    }
  }

  /**
   * Decrements the value if it is above zero. Not a checkpoint.
   *
   * @return true if decremented; false if {@link #acquire()} would wait
   */
  @Override
  public synchronized boolean tryAcquire() {
    if (value > 0) {
      value--;
      return true;
    }
    return false;
  }

  /**
   * Increments the value, or, if tasks are waiting, gives the unit to the longest waiter (the value
   * then stays 0). Never blocks; not a checkpoint.
   *
   * @throws IllegalStateException if the semaphore is bounded and already at its maximum
   */
  @Override
  public synchronized void release() {
    if (!lot.unpark(1).isEmpty()) {
      return;
    }
    if (value == maxValue) {
      throw new IllegalStateException(
          bounded
              ? "semaphore released too many times: its value is already its maximum, " + maxValue
              : "semaphore released too many times: its value would overflow");
    }
    value++;
  }

  /**
   * Returns a snapshot of the semaphore, for debugging.
   *
   * @return the statistics
   */
  public synchronized SemaphoreStatistics statistics() {
    return new SemaphoreStatistics(value, maxValue(), lot.size());
  }

  @Override
  public String toString() {
    SemaphoreStatistics s = statistics();
    return "Semaphore[value="
        + s.value()
        + (bounded ? ", max=" + maxValue : "")
        + ", waiting="
        + s.tasksWaiting()
        + "]";
  }
}
