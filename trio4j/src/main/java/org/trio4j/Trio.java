package org.trio4j;

import java.time.Duration;
import java.util.Objects;
import org.trio4j.internal.Durations;
import org.trio4j.internal.Runner;
import org.trio4j.internal.SleepTimer;
import org.trio4j.internal.TaskImpl;
import org.trio4j.lowlevel.Abort;

/**
 * The entry point of trio4j: runs, checkpoints, time, and timeouts.
 *
 * {@snippet :
 * public static void main(String[] args) throws Exception {
 *   Trio.run(() -> {
 *     Nursery.open(nursery -> {
 *       nursery.startSoon(() -> child("one", Duration.ofSeconds(2)));
 *       nursery.startSoon(() -> child("two", Duration.ofSeconds(5)));
 *     }); // returns when both children are done
 *     Trio.moveOnAfter(Duration.ofSeconds(1), () -> Trio.sleep(Duration.ofDays(1)));
 *     return null;
 *   });
 * }
 * }
 *
 * <h2>Checkpoints and cancellation</h2>
 *
 * Every operation here that can block is a checkpoint: it throws {@link Cancelled} if the calling
 * code is inside a cancelled {@link CancelScope}, even when it would not have blocked. Operations
 * that do not block ({@link #currentTime()}, {@link #currentEffectiveDeadline()}) are not.
 *
 * <h2>Time</h2>
 *
 * Times are {@code long} nanoseconds on the run's {@link Clock}; durations are {@link Duration}s.
 * {@link Long#MAX_VALUE} means "never". Negative durations are rejected with {@link
 * IllegalArgumentException}; durations too long to represent mean "never".
 *
 * <h2>Threads</h2>
 *
 * Everything but {@link #run} must be called from a task of a run (the run's root task, or a task
 * started in a nursery); elsewhere it throws {@link IllegalStateException} at once.
 */
public final class Trio {
  private Trio() {}

  /**
   * Runs {@code main} as the root task of a new run with the default options, and returns its
   * result once every task of the run has finished.
   *
   * @param main the root task's body
   * @param <T> the result type
   * @param <X> what {@code main} may throw
   * @return what {@code main} returned
   * @throws X what {@code main} threw, unchanged
   * @throws KeyboardInterrupt if the run was interrupted by Ctrl-C or by interrupting the thread
   *     that called {@code run}
   * @throws TrioInternalError if a system task or trio4j itself failed
   * @throws IllegalStateException if called from inside a run
   */
  public static <T, X extends Exception> T run(ThrowingSupplier<T, X> main) throws X {
    return run(RunOptions.DEFAULT, main);
  }

  /**
   * Runs {@code main} as the root task of a new run set up by {@code options}.
   *
   * @param options the clock, instruments and scheduling mode
   * @param main the root task's body
   * @param <T> the result type
   * @param <X> what {@code main} may throw
   * @return what {@code main} returned
   * @throws X what {@code main} threw, unchanged
   * @throws KeyboardInterrupt if the run was interrupted by Ctrl-C or by interrupting the thread
   *     that called {@code run}
   * @throws TrioInternalError if a system task or trio4j itself failed
   * @throws IllegalStateException if called from inside a run
   */
  public static <T, X extends Exception> T run(RunOptions options, ThrowingSupplier<T, X> main)
      throws X {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(main, "main");
    return RunDriver.run(options, main);
  }

  /**
   * A checkpoint: throws {@link Cancelled} if the caller is inside a cancelled scope, and otherwise
   * returns. Put one in long computations so that they can be cancelled.
   *
   * @throws Cancelled if the calling code is cancelled
   */
  public static void checkpoint() {
    TaskImpl.current("Trio.checkpoint").checkpoint();
  }

  /**
   * Sleeps for {@code duration} on the run's clock. {@code sleep(Duration.ZERO)} is a checkpoint.
   *
   * @param duration how long; must not be negative
   * @throws Cancelled if cancelled before or while sleeping
   */
  public static void sleep(Duration duration) {
    TaskImpl task = TaskImpl.current("Trio.sleep");
    long nanos = Durations.toNanos(duration, "duration");
    sleepUntil(task, Durations.plus(task.runner().now(), nanos));
  }

  /**
   * Sleeps until the run's clock reaches {@code deadline}; a deadline in the past makes it a plain
   * checkpoint.
   *
   * @param deadline nanoseconds on the run's clock
   * @throws Cancelled if cancelled before or while sleeping
   */
  public static void sleepUntil(long deadline) {
    sleepUntil(TaskImpl.current("Trio.sleepUntil"), deadline);
  }

  /**
   * Sleeps until cancelled.
   *
   * @throws Cancelled always, eventually
   */
  public static void sleepForever() {
    sleepUntil(TaskImpl.current("Trio.sleepForever"), Long.MAX_VALUE);
  }

  private static void sleepUntil(TaskImpl task, long deadline) {
    task.checkpointIfCancelled();
    Runner runner = task.runner();
    if (deadline <= runner.now()) {
      task.checkpoint();
      return;
    }
    if (deadline == Long.MAX_VALUE) {
      Runner.unwrap(task, task.park(() -> Abort.SUCCEEDED, "Trio.sleepForever()"));
      return;
    }
    // The timer wakes the task, and is also the record and abort function of its park (see
    // SleepTimer for why the task is woken exactly once).
    SleepTimer wake = new SleepTimer(task, deadline);
    runner.addTimer(wake, deadline);
    Runner.unwrap(task, task.park(wake));
  }

  /**
   * Returns the current time on the run's clock.
   *
   * @return nanoseconds on the run's clock
   */
  public static long currentTime() {
    return Runner.current("Trio.currentTime").now();
  }

  /**
   * Returns the deadline that applies to the calling code: the earliest deadline of its enclosing
   * cancel scopes up to the nearest shield; {@link Long#MIN_VALUE} if it is cancelled already and
   * {@link Long#MAX_VALUE} if there is none.
   *
   * @return nanoseconds on the run's clock
   */
  public static long currentEffectiveDeadline() {
    TaskImpl task = TaskImpl.current("Trio.currentEffectiveDeadline");
    task.runner().lock.lock();
    try {
      return task.status().effectiveDeadline();
    } finally {
      task.runner().lock.unlock();
    }
  }

  /**
   * Runs {@code body}, cancelling it if it has not finished {@code timeout} after it started, and
   * then carries on quietly.
   *
   * @param timeout how long the body may run; must not be negative
   * @param body the block
   * @param <X> what the block may throw
   * @return true if the body ran to the end, false if the timeout cut it short
   * @throws X what the block threw
   */
  public static <X extends Exception> boolean moveOnAfter(
      Duration timeout, ThrowingRunnable<X> body) throws X {
    CancelScope scope = CancelScope.withTimeout(timeout);
    scope.run(body);
    return !scope.cancelledCaught();
  }

  /**
   * Runs {@code body}, cancelling it if it has not finished when the clock reaches {@code
   * deadline}, and then carries on quietly.
   *
   * @param deadline nanoseconds on the run's clock
   * @param body the block
   * @param <X> what the block may throw
   * @return true if the body ran to the end, false if the deadline cut it short
   * @throws X what the block threw
   */
  public static <X extends Exception> boolean moveOnAt(long deadline, ThrowingRunnable<X> body)
      throws X {
    CancelScope scope = CancelScope.withDeadline(deadline);
    scope.run(body);
    return !scope.cancelledCaught();
  }

  /**
   * Runs {@code body}, and throws {@link TooSlowException} if it has not finished {@code timeout}
   * after it started.
   *
   * @param timeout how long the body may run; must not be negative
   * @param body the block
   * @param <X> what the block may throw
   * @throws X what the block threw
   * @throws TooSlowException if the timeout cut the body short
   */
  public static <X extends Exception> void failAfter(Duration timeout, ThrowingRunnable<X> body)
      throws X {
    failIfCaught(CancelScope.withTimeout(timeout), body);
  }

  /**
   * Runs {@code body} and returns its value, or throws {@link TooSlowException} if it has not
   * finished {@code timeout} after it started.
   *
   * @param timeout how long the body may run; must not be negative
   * @param body the block
   * @param <T> the value's type
   * @param <X> what the block may throw
   * @return the body's value
   * @throws X what the block threw
   * @throws TooSlowException if the timeout cut the body short
   */
  public static <T, X extends Exception> T failAfter(Duration timeout, ThrowingSupplier<T, X> body)
      throws X {
    return failIfCaught(CancelScope.withTimeout(timeout), body);
  }

  /**
   * Runs {@code body}, and throws {@link TooSlowException} if it has not finished when the clock
   * reaches {@code deadline}.
   *
   * @param deadline nanoseconds on the run's clock
   * @param body the block
   * @param <X> what the block may throw
   * @throws X what the block threw
   * @throws TooSlowException if the deadline cut the body short
   */
  public static <X extends Exception> void failAt(long deadline, ThrowingRunnable<X> body)
      throws X {
    failIfCaught(CancelScope.withDeadline(deadline), body);
  }

  /**
   * Runs {@code body} and returns its value, or throws {@link TooSlowException} if it has not
   * finished when the clock reaches {@code deadline}.
   *
   * @param deadline nanoseconds on the run's clock
   * @param body the block
   * @param <T> the value's type
   * @param <X> what the block may throw
   * @return the body's value
   * @throws X what the block threw
   * @throws TooSlowException if the deadline cut the body short
   */
  public static <T, X extends Exception> T failAt(long deadline, ThrowingSupplier<T, X> body)
      throws X {
    return failIfCaught(CancelScope.withDeadline(deadline), body);
  }

  private static <X extends Exception> void failIfCaught(
      CancelScope scope, ThrowingRunnable<X> body) throws X {
    scope.run(body);
    if (scope.cancelledCaught()) {
      throw new TooSlowException("the block did not finish before its deadline");
    }
  }

  private static <T, X extends Exception> T failIfCaught(
      CancelScope scope, ThrowingSupplier<T, X> body) throws X {
    T value = scope.call(body);
    if (scope.cancelledCaught()) {
      throw new TooSlowException("the block did not finish before its deadline");
    }
    return value;
  }
}
