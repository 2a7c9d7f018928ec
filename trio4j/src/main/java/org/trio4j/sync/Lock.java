package org.trio4j.sync;

import org.trio4j.BrokenResourceException;
import org.trio4j.Cancelled;

/**
 * A mutual-exclusion lock for tasks: fair, not reentrant, and released only by the task that holds
 * it (Trio's {@code trio.Lock}).
 *
 * {@snippet :
 * Lock lock = new Lock();
 * lock.run(() -> {
 *   // one task at a time
 * });
 * // or, by hand:
 * lock.acquire();
 * try {
 *   // ...
 * } finally {
 *   lock.release();
 * }
 * }
 *
 * <p>Waiting tasks get the lock in the order they asked for it: {@link #release()} hands it
 * directly to the longest waiter, so a task that releases and re-acquires at once goes to the back
 * of the line, and {@link #tryAcquire()} fails while anyone is waiting. If the owner's task exits
 * without releasing the lock, the lock is broken: every waiting and future {@code acquire} throws
 * {@link BrokenResourceException} naming that task, instead of waiting forever.
 *
 * <h2>Cancellation</h2>
 *
 * {@link #acquire()} is a checkpoint even when the lock is free; a cancelled {@code acquire} throws
 * {@link Cancelled} without the lock and gives up its place in line. {@link #release()}, {@link
 * #tryAcquire()} and {@link #run} on exit are not checkpoints.
 *
 * <h2>Exceptions</h2>
 *
 * Acquiring a lock the caller already holds, or releasing one it does not hold, throws {@link
 * IllegalStateException}.
 *
 * <h2>Thread safety</h2>
 *
 * Any task of the run may use the lock concurrently. Ownership belongs to a task, not a thread:
 * work handed to another task or thread cannot release it.
 *
 * @see StrictFifoLock
 * @see Condition
 */
public final class Lock extends LockImpl {
  /** Creates an unlocked lock. */
  public Lock() {}
}
