package org.trio4j.thread;

import java.util.Objects;
import org.trio4j.Cancelled;
import org.trio4j.RunFinishedException;
import org.trio4j.ThrowingSupplier;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.Outcome;
import org.trio4j.lowlevel.TrioToken;

/**
 * Calls back into a run from a thread that is not one of its tasks: a worker thread started by
 * {@link ToThread#runSync}, or any other thread that holds the run's {@link TrioToken} (Trio's
 * {@code trio.from_thread}).
 *
 * {@snippet :
 * // On a worker thread started by ToThread.runSync: back into the task that started it.
 * ToThread.runSync(() -> {
 *   for (Row row : blockingQuery()) {
 *     FromThread.run(() -> { channel.send(row); return null; }); // in the task's cancel scope
 *   }
 *   return null;
 * });
 *
 * // On any thread, with the run's token: in a new system task.
 * TrioToken token = Lowlevel.currentTrioToken();
 * callbackLibrary.onMessage(m -> FromThread.run(token, () -> { inbox.send(m); return null; }));
 * }
 *
 * <h2>Where the function runs</h2>
 *
 * <ul>
 *   <li>Without a token, on a worker of {@code ToThread.runSync} that does not abandon on
 *       cancellation: in the task that called {@code ToThread.runSync}, which runs it while it
 *       waits for the worker. The function is inside that task's cancel scopes: if they are
 *       cancelled, its checkpoints throw {@link Cancelled}.
 *   <li>With a token, or on a worker that abandons on cancellation (its task may be gone): {@code
 *       run} in a new system task (outside every user cancel scope; cancelled when the run ends);
 *       {@code runSync} directly on the run's entry task ({@link TrioToken#runSyncSoon}), in order
 *       with every other callback from outside, which is cheaper but means the function must not
 *       block.
 * </ul>
 *
 * <h2>Results and exceptions</h2>
 *
 * The calling thread blocks until the function has finished, then gets its value, or its exception
 * unchanged (a checked one too, declared as {@code X}), {@link Cancelled} included. The wait cannot
 * be interrupted (the interrupt status is kept): the function runs inside the run, and stopping it
 * is the run's business (it is cancelled at the latest when the run ends).
 *
 * <h2>Misuse</h2>
 *
 * Calling these methods from a task of a run throws {@link IllegalStateException} at once: the task
 * is already in a run, and blocking it would deadlock (call the function directly). Calling them
 * without a token from a thread that {@code ToThread.runSync} did not start throws {@link
 * IllegalStateException}. When the run has finished, or is in its final clean-up, they throw {@link
 * RunFinishedException}; they never hang.
 */
public final class FromThread {
  /*
   * Implementation notes (after Trio's from_thread_run / _send_message_to_trio).
   *
   * Every call becomes a Request: the function plus a one-shot slot for its outcome, which the
   * calling thread waits on. The request reaches the run by one of three routes:
   *   - worker of a non-abandoning ToThread call: posted to the WorkerCall, whose task is parked
   *     waiting for the worker and runs the request itself (WorkerCall.awaitWorker);
   *   - run with a token (or from an abandoning worker): a TrioToken.runSyncSoon callback spawns a
   *     system task that runs it; if the system nursery has closed, the request fails with
   *     RunFinishedException;
   *   - runSync with a token (or from an abandoning worker): the runSyncSoon callback runs it
   *     directly on the entry task.
   * runSyncSoon itself throws RunFinishedException once the run no longer accepts callbacks, and
   * every callback it accepted runs, so the calling thread is always answered. Request.execute
   * catches everything, so no callback or system task ever fails because of user code.
   */

  private FromThread() {}

  /**
   * From a worker thread of {@link ToThread#runSync}: runs {@code fn} in the run, in the task that
   * started the worker (or in a system task if it abandons on cancellation), and returns its value.
   * {@code fn} may block and use every trio4j operation.
   *
   * @param fn the function
   * @param <T> its value's type
   * @param <X> what it may throw
   * @return what {@code fn} returned
   * @throws X what {@code fn} threw
   * @throws IllegalStateException on a task, or on a thread not started by {@code ToThread}
   * @throws RunFinishedException if the run has finished
   */
  public static <T, X extends Exception> T run(ThrowingSupplier<T, X> fn) throws X {
    Objects.requireNonNull(fn, "fn");
    WorkerCall call = workerCall("FromThread.run");
    if (call.abandonOnCancel) {
      return inSystemTask(call.token, fn);
    }
    return unwrap(call.runInTask(new Request(fn)));
  }

  /**
   * From a worker thread of {@link ToThread#runSync}: runs the quick, non-blocking {@code fn} in
   * the run, in the task that started the worker (or on the run's entry task if the worker abandons
   * on cancellation), and returns its value.
   *
   * @param fn the function; it should not block
   * @param <T> its value's type
   * @param <X> what it may throw
   * @return what {@code fn} returned
   * @throws X what {@code fn} threw
   * @throws IllegalStateException on a task, or on a thread not started by {@code ToThread}
   * @throws RunFinishedException if the run has finished
   */
  public static <T, X extends Exception> T runSync(ThrowingSupplier<T, X> fn) throws X {
    Objects.requireNonNull(fn, "fn");
    WorkerCall call = workerCall("FromThread.runSync");
    if (call.abandonOnCancel) {
      return onEntryTask(call.token, fn);
    }
    return unwrap(call.runInTask(new Request(fn)));
  }

  /**
   * From any thread that is not a task: runs {@code fn} in a new system task of the run that {@code
   * token} belongs to, and returns its value. {@code fn} may block and use every trio4j operation;
   * it is cancelled when the run's main task has finished.
   *
   * @param token the run's token, from {@link Lowlevel#currentTrioToken()}
   * @param fn the function
   * @param <T> its value's type
   * @param <X> what it may throw
   * @return what {@code fn} returned
   * @throws X what {@code fn} threw
   * @throws IllegalStateException on a task
   * @throws RunFinishedException if the run has finished or is finishing
   */
  public static <T, X extends Exception> T run(TrioToken token, ThrowingSupplier<T, X> fn)
      throws X {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(fn, "fn");
    rejectTask("FromThread.run");
    return inSystemTask(token, fn);
  }

  /**
   * From any thread that is not a task: runs the quick, non-blocking {@code fn} on the entry task
   * of the run that {@code token} belongs to ({@link TrioToken#runSyncSoon}), and returns its
   * value. This works until the very end of the run, when system tasks can no longer be started.
   *
   * @param token the run's token, from {@link Lowlevel#currentTrioToken()}
   * @param fn the function; it should not block, as every other callback from outside waits
   * @param <T> its value's type
   * @param <X> what it may throw
   * @return what {@code fn} returned
   * @throws X what {@code fn} threw
   * @throws IllegalStateException on a task
   * @throws RunFinishedException if the run has finished
   */
  public static <T, X extends Exception> T runSync(TrioToken token, ThrowingSupplier<T, X> fn)
      throws X {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(fn, "fn");
    rejectTask("FromThread.runSync");
    return onEntryTask(token, fn);
  }

  /**
   * From a worker thread of {@link ToThread#runSync}: throws {@link Cancelled} if the task that
   * started it has been cancelled while it waited (whether or not it abandoned the thread), so that
   * long-running work can stop early. Not a checkpoint of the run; it only reads a flag.
   *
   * {@snippet :
   * ToThread.runSync(() -> {
   *   for (Path p : manyFiles) {
   *     FromThread.checkCancelled();
   *     process(p);
   *   }
   *   return null;
   * });
   * }
   *
   * @throws Cancelled if the task was cancelled
   * @throws IllegalStateException on a thread not started by {@code ToThread}
   */
  public static void checkCancelled() {
    WorkerCall call = WorkerCall.CURRENT.get();
    if (call == null) {
      throw new IllegalStateException(
          "FromThread.checkCancelled works only on a worker thread started by ToThread.runSync;"
              + " this thread ("
              + Thread.currentThread()
              + ") was not");
    }
    call.checkCancelled();
  }

  private static WorkerCall workerCall(String operation) {
    rejectTask(operation);
    WorkerCall call = WorkerCall.CURRENT.get();
    if (call == null) {
      throw new IllegalStateException(
          operation
              + " without a token works only on a worker thread started by ToThread.runSync; this"
              + " thread ("
              + Thread.currentThread()
              + ") was not. Pass the run's TrioToken (Lowlevel.currentTrioToken()).");
    }
    return call;
  }

  private static void rejectTask(String operation) {
    if (Lowlevel.inTrioTask()) {
      throw new IllegalStateException(
          operation
              + " was called from a task ("
              + Thread.currentThread()
              + "): you are already in the run, and blocking this task to wait for another"
              + " would deadlock. Call the function directly.");
    }
  }

  private static <T> T inSystemTask(TrioToken token, ThrowingSupplier<T, ?> fn) {
    Request r = new Request(fn);
    token.runSyncSoon(
        () -> {
          try {
            Lowlevel.spawnSystemTask("trio4j-from-thread", r::execute);
          } catch (IllegalStateException e) {
            r.fail(
                new RunFinishedException(
                    "the run is in its final clean-up: its system nursery has closed", e));
          } catch (Throwable t) {
            r.fail(t);
          }
        });
    return unwrap(r.await());
  }

  private static <T> T onEntryTask(TrioToken token, ThrowingSupplier<T, ?> fn) {
    Request r = new Request(fn);
    token.runSyncSoon(r::execute);
    return unwrap(r.await());
  }

  @SuppressWarnings("unchecked")
  private static <T> T unwrap(Outcome o) {
    return (T) o.unwrap();
  }
}
