package org.trio4j.thread;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.trio4j.Cancelled;
import org.trio4j.lowlevel.Abort;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.Outcome;
import org.trio4j.lowlevel.Task;

/**
 * Waits for a {@link CompletableFuture} or any {@link Future} as a trio4j checkpoint: the task
 * parks (no thread is blocked), and cancelling the task cancels the wait.
 *
 * {@snippet :
 * HttpResponse<String> response =
 *     Futures.await(httpClient.sendAsync(request, BodyHandlers.ofString()), true);
 * }
 *
 * <h2>Results and exceptions</h2>
 *
 * {@code await} returns the future's value, or throws its failure <em>unwrapped</em>: the cause of
 * the {@link CompletionException} or {@link ExecutionException} the JDK would have thrown,
 * unchanged (a checked exception too, although it is not declared), so that {@code catch
 * (IOException e)} works. A future that was cancelled by someone else makes it throw that future's
 * {@link CancellationException}.
 *
 * <h2>Cancellation</h2>
 *
 * It is a checkpoint: it throws {@link Cancelled} if the task is cancelled on entry, even if the
 * future is already done, and otherwise returns only after a schedule point. When the task is
 * cancelled while it waits, it stops waiting at once and throws {@code Cancelled}; with {@code
 * cancelFutureOnCancel} it also calls {@code future.cancel(true)}, on the task's own thread.
 * Otherwise the future is left alone: whoever else holds it can still use its result.
 *
 * <h2>Thread safety</h2>
 *
 * Must be called from a task of a run. The future may be completed from any thread.
 */
public final class Futures {
  /*
   * Implementation notes.
   *
   * CompletableFuture: the task registers a completion callback and parks. The callback (on
   * whichever thread completes the future, possibly the registering one if the future completed in
   * between) and the abort function (on whichever thread cancels the task) race for one state
   * word, WAITING -> COMPLETED or WAITING -> ABORTED, with a CAS: exactly one of them wins, so the
   * task is rescheduled exactly once, either with the future's outcome or with Cancelled. The
   * future's own cancel(), which runs the future's dependent actions synchronously, is not called
   * inside the abort function (which may run on the timer loop or on another task) but by the
   * woken task itself.
   *
   * The callback stays registered on the future after an abort (CompletableFuture has no way to
   * remove a dependent); it is a no-op then. Awaiting one never-completing future with many
   * cancelled waits therefore keeps a few bytes per wait alive until the future is dropped.
   *
   * Plain Future: there is no way to be told of its completion, so a helper virtual thread blocks
   * in future.get() and completes a CompletableFuture bridge that the task awaits as above. On
   * cancellation the task interrupts the helper, so it does not outlive the wait by more than its
   * reaction to the interrupt. The helper is a virtual thread: it blocks no carrier and needs no
   * CapacityLimiter token.
   */

  private static final int WAITING = 0;
  private static final int COMPLETED = 1;
  private static final int ABORTED = 2;

  private Futures() {}

  /**
   * Waits until {@code future} is done and returns its value; cancellation of the task stops the
   * wait and leaves the future alone.
   *
   * @param future the future
   * @param <T> the value's type
   * @return the future's value
   * @throws Cancelled if the task is cancelled before or while waiting
   * @throws CancellationException if the future was cancelled
   * @throws IllegalStateException outside a run
   */
  public static <T> T await(CompletableFuture<T> future) {
    return await(future, false);
  }

  /**
   * Waits until {@code future} is done and returns its value; cancellation of the task stops the
   * wait and, if {@code cancelFutureOnCancel}, cancels the future.
   *
   * @param future the future
   * @param cancelFutureOnCancel whether cancelling the task also cancels the future
   * @param <T> the value's type
   * @return the future's value
   * @throws Cancelled if the task is cancelled before or while waiting
   * @throws CancellationException if the future was cancelled (by someone else)
   * @throws IllegalStateException outside a run
   */
  @SuppressWarnings("unchecked")
  public static <T> T await(CompletableFuture<T> future, boolean cancelFutureOnCancel) {
    Objects.requireNonNull(future, "future");
    Lowlevel.checkpointIfCancelled();
    if (future.isDone()) {
      Outcome o = outcomeOfDone(future);
      Lowlevel.cancelShieldedCheckpoint();
      return (T) o.unwrap();
    }
    Task task = Lowlevel.currentTask();
    AtomicInteger state = new AtomicInteger(WAITING);
    future.whenComplete(
        (value, failure) -> {
          if (state.compareAndSet(WAITING, COMPLETED)) {
            Lowlevel.reschedule(
                task, failure == null ? Outcome.value(value) : Outcome.failure(unwrap(failure)));
          }
        });
    try {
      return (T)
          Lowlevel.park(
              () -> state.compareAndSet(WAITING, ABORTED) ? Abort.SUCCEEDED : Abort.FAILED,
              new Object() {
                @Override
                public String toString() {
                  return "Futures.await(" + future + ")";
                }
              });
    } catch (Cancelled c) {
      if (cancelFutureOnCancel && state.get() == ABORTED) {
        future.cancel(true);
      }
      throw c;
    }
  }

  /**
   * Waits until {@code future} is done and returns its value; cancellation of the task stops the
   * wait and leaves the future alone. A {@link CompletableFuture} is awaited directly; any other
   * future through a helper virtual thread blocked in {@link Future#get()}.
   *
   * @param future the future
   * @param <T> the value's type
   * @return the future's value
   * @throws Cancelled if the task is cancelled before or while waiting
   * @throws CancellationException if the future was cancelled
   * @throws IllegalStateException outside a run
   */
  public static <T> T await(Future<T> future) {
    return await(future, false);
  }

  /**
   * Waits until {@code future} is done and returns its value; cancellation of the task stops the
   * wait and, if {@code cancelFutureOnCancel}, calls {@code future.cancel(true)} (which interrupts
   * the computation of a {@link java.util.concurrent.FutureTask}). A {@link CompletableFuture} is
   * awaited directly; any other future through a helper virtual thread blocked in {@link
   * Future#get()}, interrupted when the wait is cancelled.
   *
   * @param future the future
   * @param cancelFutureOnCancel whether cancelling the task also cancels the future
   * @param <T> the value's type
   * @return the future's value
   * @throws Cancelled if the task is cancelled before or while waiting
   * @throws CancellationException if the future was cancelled (by someone else)
   * @throws IllegalStateException outside a run
   */
  public static <T> T await(Future<T> future, boolean cancelFutureOnCancel) {
    Objects.requireNonNull(future, "future");
    if (future instanceof CompletableFuture<T> cf) {
      return await(cf, cancelFutureOnCancel);
    }
    Lowlevel.checkpointIfCancelled();
    CompletableFuture<T> bridge = new CompletableFuture<>();
    Thread helper =
        Thread.ofVirtual()
            .name("trio4j-future-waiter for " + Lowlevel.currentTask().name())
            .start(() -> waitFor(future, bridge));
    try {
      return await(bridge, false);
    } catch (Cancelled c) {
      helper.interrupt();
      if (cancelFutureOnCancel) {
        future.cancel(true);
      }
      throw c;
    }
  }

  private static <T> void waitFor(Future<T> future, CompletableFuture<T> bridge) {
    try {
      bridge.complete(future.get());
    } catch (ExecutionException e) {
      bridge.completeExceptionally(e.getCause() != null ? e.getCause() : e);
    } catch (InterruptedException e) {
      bridge.cancel(false); // the task stopped waiting
    } catch (Throwable t) {
      bridge.completeExceptionally(t); // CancellationException, or a broken Future
    }
  }

  private static Outcome outcomeOfDone(CompletableFuture<?> future) {
    try {
      return Outcome.value(future.join());
    } catch (Throwable t) {
      return Outcome.failure(unwrap(t));
    }
  }

  /** Strips the wrappers that CompletableFuture and Future put around a failure. */
  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
