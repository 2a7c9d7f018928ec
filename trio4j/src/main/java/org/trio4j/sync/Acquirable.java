package org.trio4j.sync;

import org.trio4j.BrokenResourceException;
import org.trio4j.Cancelled;
import org.trio4j.ThrowingRunnable;
import org.trio4j.ThrowingSupplier;

/**
 * Something a task acquires before a critical section and releases after it: implemented by {@link
 * Lock}, {@link StrictFifoLock}, {@link Semaphore}, {@link CapacityLimiter} and {@link Condition}
 * (the counterpart of Trio's {@code async with lock:}).
 *
 * {@snippet :
 * lock.run(() -> {
 *   // only one task at a time in here
 * });
 * int n = limiter.call(() -> fetchSomething());
 * }
 *
 * <h2>Cancellation</h2>
 *
 * {@link #acquire()} is a checkpoint even when it does not block: if the caller is cancelled it
 * throws {@link Cancelled} and acquires nothing. {@link #release()} and {@link #tryAcquire()} are
 * never checkpoints. {@link #run} and {@link #call} block on entry only.
 *
 * <h2>Thread safety</h2>
 *
 * Implementations may be used by any number of tasks concurrently.
 */
public interface Acquirable {
  /**
   * Acquires, waiting in line (first in, first out) if necessary. A checkpoint.
   *
   * @throws Cancelled if the caller is cancelled before or while waiting (nothing is acquired)
   * @throws IllegalStateException if the caller already holds it and it cannot be held twice
   * @throws BrokenResourceException if it can never be acquired (a {@link Lock} whose owner exited
   *     without releasing it)
   */
  void acquire();

  /**
   * Acquires if that is possible without waiting and nobody is waiting already. Not a checkpoint.
   *
   * @return true if acquired; false if {@link #acquire()} would have to wait (nothing changed)
   * @throws IllegalStateException if the caller already holds it and it cannot be held twice
   */
  boolean tryAcquire();

  /**
   * Releases, handing over directly to the longest waiter if there is one. Never blocks; not a
   * checkpoint.
   *
   * @throws IllegalStateException if the caller may not release it (it does not hold it)
   */
  void release();

  /**
   * Acquires, runs {@code body}, and releases, whether {@code body} completes or throws.
   *
   * @param body the critical section
   * @param <X> what {@code body} may throw
   * @throws X what {@code body} threw (a failure to release is then attached as suppressed)
   * @throws Cancelled if the caller is cancelled while acquiring ({@code body} did not run)
   */
  default <X extends Exception> void run(ThrowingRunnable<X> body) throws X {
    acquire();
    try {
      body.run();
    } catch (Throwable t) {
      releaseAfter(t);
      throw t;
    }
    release();
  }

  /**
   * Acquires, runs {@code body}, releases, and returns {@code body}'s value.
   *
   * @param body the critical section
   * @param <T> the type of its value
   * @param <X> what {@code body} may throw
   * @return the value of {@code body}
   * @throws X what {@code body} threw (a failure to release is then attached as suppressed)
   * @throws Cancelled if the caller is cancelled while acquiring ({@code body} did not run)
   */
  default <T, X extends Exception> T call(ThrowingSupplier<T, X> body) throws X {
    acquire();
    T value;
    try {
      value = body.get();
    } catch (Throwable t) {
      releaseAfter(t);
      throw t;
    }
    release();
    return value;
  }

  private void releaseAfter(Throwable failure) {
    try {
      release();
    } catch (RuntimeException | Error e) {
      failure.addSuppressed(e);
    }
  }
}
