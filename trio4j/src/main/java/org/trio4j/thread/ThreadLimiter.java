package org.trio4j.thread;

/**
 * What {@link ToThread#runSync} needs from a limiter: a token taken on behalf of the worker thread
 * before it starts, and given back when the thread has finished. {@code
 * org.trio4j.sync.CapacityLimiter} is the usual one ({@link ToThreadOptions.Builder#limiter(
 * org.trio4j.sync.CapacityLimiter)}); implement this interface to count threads some other way
 * (Trio accepts any object with these two methods).
 *
 * {@snippet :
 * ThreadLimiter perHost = new ThreadLimiter() {
 *   public void acquireOnBehalfOf(Object borrower) { hostLimiter(host).acquireOnBehalfOf(borrower); }
 *   public void releaseOnBehalfOf(Object borrower) { hostLimiter(host).releaseOnBehalfOf(borrower); }
 * };
 * ToThread.runSync(ToThreadOptions.builder().limiter(perHost).build(), () -> download(host));
 * }
 *
 * <h2>Threads and cancellation</h2>
 *
 * {@link #acquireOnBehalfOf} is called on the task that calls {@code ToThread.runSync}; it may
 * block, and should then be a checkpoint (throw {@link org.trio4j.Cancelled} if the task is
 * cancelled). {@link #releaseOnBehalfOf} is called exactly once per successful acquire, on a task
 * of the same run (not necessarily the same task, and possibly after that task has moved on, if it
 * abandoned the thread); it must not block. If the run has finished before the thread does, it is
 * not called at all.
 */
public interface ThreadLimiter {
  /**
   * Takes a token for {@code borrower}, waiting until one is free.
   *
   * @param borrower stands for the worker thread that will hold the token
   */
  void acquireOnBehalfOf(Object borrower);

  /**
   * Gives back the token taken for {@code borrower}. An exception thrown here replaces the result
   * of the {@code ToThread.runSync} call it belongs to.
   *
   * @param borrower the object passed to {@link #acquireOnBehalfOf}
   */
  void releaseOnBehalfOf(Object borrower);
}
