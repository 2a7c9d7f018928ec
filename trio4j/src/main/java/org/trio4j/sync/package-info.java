/**
 * Synchronisation primitives for tasks of a run: {@link org.trio4j.sync.Event}, {@link
 * org.trio4j.sync.Lock}, {@link org.trio4j.sync.StrictFifoLock}, {@link org.trio4j.sync.Semaphore},
 * {@link org.trio4j.sync.CapacityLimiter} and {@link org.trio4j.sync.Condition} (Trio's {@code
 * trio.Event}, {@code trio.Lock} and friends).
 *
 * {@snippet :
 * Lock lock = new Lock();
 * Nursery.open(nursery -> {
 *   for (int i = 0; i < 3; i++) {
 *     nursery.startSoon(() -> lock.run(() -> updateSharedState()));
 *   }
 * });
 * }
 *
 * <h2>Checkpoints</h2>
 *
 * Every method that can block ({@code acquire}, {@code await}) is a checkpoint, even when it does
 * not need to block: it throws {@link org.trio4j.Cancelled} if the caller is cancelled, and it does
 * so <em>before</em> changing any state, so a cancelled {@code acquire} never holds anything. Once
 * it has succeeded without blocking it is not cancelled after the fact. Methods that never block
 * ({@code release}, {@code set}, {@code signal}, every {@code try*}) are never checkpoints.
 *
 * <h2>Non-blocking variants</h2>
 *
 * {@code tryAcquire} returns {@code false} where {@code acquire} would block, as {@link
 * java.util.concurrent.Semaphore#tryAcquire()} does; nothing has changed when it returns false.
 * Misuse (re-acquiring a lock one holds, releasing one that one does not hold) throws {@link
 * IllegalStateException} from both forms.
 *
 * <h2>Fairness</h2>
 *
 * Every primitive is first-in first-out: the task that has waited longest gets the resource, and it
 * gets it directly (hand-off), so a task that releases and immediately re-acquires goes to the back
 * of the queue instead of barging in, and {@code tryAcquire} fails while anyone is queued.
 *
 * <h2>Thread safety</h2>
 *
 * Every primitive may be used by any number of tasks of a run concurrently, in either scheduling
 * mode. They are built only on the public {@link org.trio4j.lowlevel} API.
 */
package org.trio4j.sync;
