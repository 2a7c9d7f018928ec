package org.trio4j.thread;

import org.trio4j.Cancelled;
import org.trio4j.RunFinishedException;
import org.trio4j.ThrowingSupplier;
import org.trio4j.lowlevel.Abort;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.Outcome;
import org.trio4j.lowlevel.Task;
import org.trio4j.lowlevel.TrioToken;

/**
 * One {@code ToThread.runSync} call: the task waiting in it, the worker thread running the
 * function, and the mailbox between them.
 */
final class WorkerCall {
  /*
   * Implementation notes (after Trio's to_thread_run_sync message loop in _threads.py).
   *
   * The task parks in a loop and is woken with messages from the worker: a Request (the worker
   * called FromThread.run/runSync and the task must run the function itself, in its own cancel
   * scopes), or the worker's final Outcome. Every message goes through post(), which under the
   * monitor of this object either claims the task's pending wake-up (`waiting`, set by the task
   * under the same monitor before it parks) and reschedules it, or leaves the message in
   * `pending` for the task to pick up before it parks again. There is at most one message in
   * flight: a worker that posted a Request waits for it to be executed before it can post
   * anything else.
   *
   * The abort function takes the same monitor, so it and post() agree on who wakes the task:
   *   - abandonOnCancel=false: it records the cancellation (FromThread.checkCancelled then throws
   *     in the worker) and returns FAILED; the task keeps waiting for the worker, as Trio does;
   *   - abandonOnCancel=true: it also marks the call abandoned, so every later post() is dropped,
   *     and returns SUCCEEDED; the task throws Cancelled at once. The task also checks for
   *     cancellation before it takes a message that arrived before it parked (the worker can
   *     finish before the task gets to its first park), so a cancellation that came first
   *     abandons the call there too.
   *
   * The worker's final outcome travels through the run's entry queue (TrioToken.runSyncSoon), and
   * the limiter token is released there, on a task of the run, before the outcome is posted: the
   * token is given back when the thread has really finished, never earlier, and a task that
   * returns from ToThread.runSync finds it already back. If the run has finished by then (only
   * possible for an abandoned call) there is nothing to release it into, as in Trio.
   */

  static final ThreadLocal<WorkerCall> CURRENT = new ThreadLocal<>();

  final TrioToken token;
  final boolean abandonOnCancel;
  private final Task task;
  private final ThreadLimiter limiter;
  private final Object placeholder;
  private final ThrowingSupplier<?, ?> fn;
  private final String threadName;

  // Guarded by `this`.
  private boolean waiting;
  private Object pending;
  private boolean abandoned;
  private boolean cancelRequested;

  WorkerCall(
      TrioToken token,
      Task task,
      boolean abandonOnCancel,
      ThreadLimiter limiter,
      Object placeholder,
      ThrowingSupplier<?, ?> fn,
      String threadName) {
    this.token = token;
    this.task = task;
    this.abandonOnCancel = abandonOnCancel;
    this.limiter = limiter;
    this.placeholder = placeholder;
    this.fn = fn;
    this.threadName = threadName;
  }

  // ---- the task's side ----

  /**
   * On the task: runs the requests the worker sends until the worker's outcome arrives, and returns
   * or throws it.
   *
   * @return the function's value
   * @throws Cancelled if abandoned on cancellation
   */
  Object awaitWorker() {
    while (true) {
      Object msg = receive();
      if (msg instanceof Request r) {
        r.execute();
      } else {
        return ((Outcome) msg).unwrap();
      }
    }
  }

  private Object receive() {
    if (abandonOnCancel) {
      // The worker may have finished before this task first parks: a cancellation that arrived
      // meanwhile still abandons the call, as it would have had the task been parked already.
      try {
        Lowlevel.checkpointIfCancelled();
      } catch (Cancelled c) {
        synchronized (this) {
          cancelRequested = true;
          abandoned = true;
          pending = null;
        }
        throw c;
      }
    }
    synchronized (this) {
      if (pending != null) {
        Object msg = pending;
        pending = null;
        return msg;
      }
      waiting = true;
    }
    return Lowlevel.park(this::abort, this);
  }

  private synchronized Abort abort() {
    cancelRequested = true;
    if (abandonOnCancel && waiting) {
      waiting = false;
      abandoned = true;
      return Abort.SUCCEEDED;
    }
    return Abort.FAILED;
  }

  // ---- the worker's side ----

  /** The body of the worker thread. */
  void runOnWorker() {
    Thread me = Thread.currentThread();
    String idleName = me.getName();
    me.setName(threadName);
    CURRENT.set(this);
    Outcome result;
    try {
      result = Outcome.value(fn.get());
    } catch (Throwable t) {
      result = Outcome.failure(t);
    } finally {
      CURRENT.remove();
      me.setName(idleName);
      Thread.interrupted(); // a pooled thread starts its next call uninterrupted
    }
    Outcome finalResult = result;
    try {
      token.runSyncSoon(() -> releaseAndReport(finalResult));
    } catch (RunFinishedException e) {
      // Only an abandoned call can outlive its run; its result goes nowhere, as in Trio.
    }
  }

  /** On the run's entry task: gives the limiter token back, then hands over the outcome. */
  private void releaseAndReport(Outcome result) {
    Outcome o = result;
    try {
      limiter.releaseOnBehalfOf(placeholder);
    } catch (Throwable t) {
      // As in Trio, a failing release replaces the function's outcome, keeping it attached.
      if (result.failure() != null) {
        t.addSuppressed(result.failure());
      }
      o = Outcome.failure(t);
    }
    post(o);
  }

  /**
   * From the worker: has the task run {@code fn} and returns its outcome.
   *
   * @param r the request
   * @return its outcome
   */
  Outcome runInTask(Request r) {
    post(r);
    return r.await();
  }

  private void post(Object msg) {
    boolean wake;
    synchronized (this) {
      if (abandoned) {
        if (msg instanceof Request r) {
          // Cannot happen (an abandoning call routes requests to system tasks); never hang.
          r.fail(new IllegalStateException("the task that started this thread has abandoned it"));
        }
        return;
      }
      if (pending != null) {
        throw new IllegalStateException("two messages in flight to " + task + ": " + msg);
      }
      wake = waiting;
      if (wake) {
        waiting = false;
      } else {
        pending = msg;
      }
    }
    if (wake) {
      Lowlevel.reschedule(task, Outcome.value(msg));
    }
  }

  /**
   * From the worker: throws Cancelled if the task has been cancelled while it waited.
   *
   * @throws Cancelled if so
   */
  void checkCancelled() {
    boolean cancelled;
    synchronized (this) {
      cancelled = cancelRequested;
    }
    if (cancelled) {
      Outcome.cancelled().unwrap();
    }
  }

  @Override
  public synchronized String toString() {
    return "WorkerCall["
        + threadName
        + (abandoned ? ", abandoned" : "")
        + (cancelRequested ? ", cancel requested" : "")
        + (waiting ? ", task waiting" : "")
        + "]";
  }
}
