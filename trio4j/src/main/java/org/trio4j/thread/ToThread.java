package org.trio4j.thread;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.trio4j.Cancelled;
import org.trio4j.ThrowingSupplier;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.RunVar;
import org.trio4j.lowlevel.Task;
import org.trio4j.sync.CapacityLimiter;

/**
 * Runs blocking or CPU-heavy code on a worker thread while the calling task waits as a trio4j
 * checkpoint (Trio's {@code trio.to_thread}; DESIGN rule 17).
 *
 * {@snippet :
 * byte[] data = ToThread.runSync(() -> Files.readAllBytes(path)); // file I/O off the carriers
 * }
 *
 * <p>Use it for calls that block a carrier thread or cannot be interrupted: file I/O, DNS, JNI,
 * some JDBC drivers, long computations. Workers are platform threads from a cache shared by the JVM
 * (daemon threads named {@code trio4j-worker-N}, renamed while they run a function). The number
 * running at once for a run is bounded by a {@link CapacityLimiter}: by default the run's own one
 * with 40 tokens ({@link #currentDefaultThreadLimiter()}), or the one in the {@link
 * ToThreadOptions}. The token is taken before the thread starts and given back only when the thread
 * has really finished, even if the task stopped waiting for it. The worker may call back into the
 * run with {@link FromThread}.
 *
 * <h2>Cancellation</h2>
 *
 * {@code runSync} checks for cancellation on entry (a cancelled call starts no thread) and while it
 * waits for a limiter token. Once the thread runs, nothing can stop it from outside; what
 * cancellation does then is chosen by {@link ToThreadOptions.Builder#abandonOnCancel}: by default
 * the task keeps waiting and returns the function's result (the cancellation then hits the task's
 * next checkpoint), and the function can poll {@link FromThread#checkCancelled()} to stop early;
 * with {@code abandonOnCancel} the task throws {@link Cancelled} at once and the thread is left to
 * finish on its own, its result discarded.
 *
 * <h2>Exceptions</h2>
 *
 * The function's exception is rethrown in the task unchanged (a checked one too, declared as {@code
 * X}). An exception thrown by the limiter's release replaces it (Trio does the same).
 *
 * <h2>Thread safety</h2>
 *
 * Must be called from a task. The function runs on another thread: what it shares with tasks needs
 * the usual Java care, or should go through {@link FromThread}.
 */
public final class ToThread {
  /*
   * Implementation notes (after Trio's to_thread_run_sync).
   *
   * A call checks for cancellation, borrows a limiter token for a ThreadPlaceholder (the thread
   * does not exist yet), hands a WorkerCall to the WorkerPool and then parks in the WorkerCall's
   * message loop: it wakes to run the functions the worker sends back (FromThread) and finally to
   * take the worker's outcome. The handshake between the worker, the abort function and the task
   * is described in WorkerCall. The token is released on the run's entry task before the outcome
   * is posted (or, for an abandoned call, whenever the thread ends), so it is never released
   * early and always released in a task context, whatever the limiter needs.
   *
   * The default limiter lives in a RunVar, created on first use under a class-wide lock (RunVar
   * has no atomic get-or-create; the lock is held for a map lookup and, once per run, a put).
   * Rejected alternative: virtual worker threads. The work sent here is the work that must not
   * run on a carrier (pinning native calls, file I/O the JDK does not make asynchronous, CPU-heavy
   * loops); platform threads also give the limiter a real resource to bound.
   */

  /** The number of tokens of a run's default limiter. */
  public static final int DEFAULT_LIMIT = 40;

  private static final RunVar<CapacityLimiter> DEFAULT_LIMITER =
      new RunVar<>("ToThread default limiter", null);
  private static final AtomicLong CALLS = new AtomicLong();

  private ToThread() {}

  /**
   * Runs {@code fn} on a worker thread with the default options and returns its value.
   *
   * @param fn the function
   * @param <T> its value's type
   * @param <X> what it may throw
   * @return what {@code fn} returned
   * @throws X what {@code fn} threw
   * @throws Cancelled if cancelled on entry or while waiting for a limiter token
   * @throws IllegalStateException outside a run
   */
  public static <T, X extends Exception> T runSync(ThrowingSupplier<T, X> fn) throws X {
    return runSync(ToThreadOptions.DEFAULT, fn);
  }

  /**
   * Runs {@code fn} on a worker thread as {@code options} say and returns its value.
   *
   * @param options the limiter, what cancellation does, the thread's name
   * @param fn the function
   * @param <T> its value's type
   * @param <X> what it may throw
   * @return what {@code fn} returned
   * @throws X what {@code fn} threw
   * @throws Cancelled if cancelled on entry, while waiting for a limiter token, or (with {@code
   *     abandonOnCancel}) while the thread runs
   * @throws IllegalStateException outside a run
   */
  @SuppressWarnings("unchecked")
  public static <T, X extends Exception> T runSync(
      ToThreadOptions options, ThrowingSupplier<T, X> fn) throws X {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(fn, "fn");
    Lowlevel.checkpointIfCancelled();
    Task task = Lowlevel.currentTask();
    ThreadLimiter limiter =
        options.limiter() != null
            ? options.limiter()
            : new ToThreadOptions.CapacityLimiterAdapter(currentDefaultThreadLimiter());
    String name =
        options.threadName() != null
            ? options.threadName()
            : "ToThread.runSync-" + CALLS.incrementAndGet() + " from " + task.name();
    ThreadPlaceholder placeholder = new ThreadPlaceholder(name);
    limiter.acquireOnBehalfOf(placeholder);
    WorkerCall call =
        new WorkerCall(
            Lowlevel.currentTrioToken(),
            task,
            options.abandonOnCancel(),
            limiter,
            placeholder,
            fn,
            name);
    try {
      WorkerPool.start(call::runOnWorker);
    } catch (Throwable t) {
      try {
        limiter.releaseOnBehalfOf(placeholder);
      } catch (Throwable r) {
        t.addSuppressed(r);
      }
      throw t;
    }
    return (T) call.awaitWorker();
  }

  /**
   * Returns the current run's default limiter, which {@link #runSync} uses unless told otherwise: a
   * {@link CapacityLimiter} with {@value #DEFAULT_LIMIT} tokens, created on first use, one per run.
   * Change its {@linkplain CapacityLimiter#setTotalTokens total} to allow more or fewer threads.
   *
   * @return the limiter
   * @throws IllegalStateException outside a run
   */
  public static CapacityLimiter currentDefaultThreadLimiter() {
    CapacityLimiter l = DEFAULT_LIMITER.get();
    if (l == null) {
      synchronized (DEFAULT_LIMITER) {
        l = DEFAULT_LIMITER.get();
        if (l == null) {
          l = new CapacityLimiter(DEFAULT_LIMIT);
          DEFAULT_LIMITER.set(l);
        }
      }
    }
    return l;
  }
}
