package org.trio4j.internal;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;
import org.trio4j.Cancelled;
import org.trio4j.RunFinishedException;
import org.trio4j.TrioInternalError;
import org.trio4j.lowlevel.Abort;
import org.trio4j.lowlevel.Outcome;

/**
 * The run's door to the outside world: callbacks submitted from any thread ({@code
 * TrioToken.runSyncSoon}) and run one at a time, in order, on a task of the run.
 */
public final class EntryQueue {
  /*
   * Implementation notes (after Trio's _core/_entry_queue.py).
   *
   * Trio runs run_sync_soon callbacks on its event-loop thread, from a system task that sleeps
   * until a callback arrives. Here that task is the "entry task", started in a nursery of the root
   * task that encloses the system nursery (RunDriver), when the run first hands out its TrioToken
   * (Runner.startEntryTask): nobody can queue a callback without the token. Callbacks therefore run with
   * a task context: they may reschedule tasks, spawn system tasks, cancel scopes and read run
   * variables, exactly what code coming back from a foreign thread needs.
   *
   * The entry task sleeps with the usual waker protocol: under `lock` it finds the queue empty and
   * registers itself as `sleeper`; a submitter that finds a sleeper clears the field (claiming the
   * single wake-up) and reschedules it after releasing the lock. The abort function claims the
   * same field under the same lock, so the task is woken exactly once per park.
   *
   * Each pass runs only the callbacks that were queued when it started (bounded work, as Trio),
   * then checkpoints if more arrived meanwhile.
   *
   * Shutdown. The root task cancels the entry task's nursery only when the system nursery has
   * closed, so the queue keeps serving system tasks and threads that report back to them while
   * the run winds down (Trio's run_sync_soon task is also the last to go). When the entry task is
   * cancelled it sets `done` under the lock, so every later submission throws
   * RunFinishedException, and then runs whatever was accepted before. A callback accepted is
   * therefore always run, and a submitter is never left waiting for a run that has gone.
   * Runner.execute calls close() once more after the loop, on the thread that called Trio.run, as
   * a backstop for a run whose entry task never got to serve.
   *
   * A callback that throws is a bug in whoever submitted it (Trio treats it like a crashed system
   * task): it is recorded as an internal error, which cancels the run and makes Trio.run throw
   * TrioInternalError, and the queue carries on.
   */

  private final Runner runner;
  private final ReentrantLock lock = new ReentrantLock();

  // Guarded by lock.
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private boolean done;
  private TaskImpl sleeper;
  private long submitted;

  EntryQueue(Runner runner) {
    this.runner = runner;
  }

  /**
   * Queues {@code fn} to run soon on the run's entry task; callable from any thread.
   *
   * @param fn the callback; it should be quick and must not throw
   * @throws RunFinishedException if the run has finished or is finishing
   */
  public void runSyncSoon(Runnable fn) {
    TaskImpl wake;
    lock.lock();
    try {
      if (done) {
        throw new RunFinishedException(
            "the run has finished (or is in its final clean-up) and accepts no more work from"
                + " outside");
      }
      queue.addLast(fn);
      submitted++;
      wake = sleeper;
      sleeper = null;
    } finally {
      lock.unlock();
    }
    if (wake != null) {
      wake.reschedule(Outcome.value(null));
    }
  }

  /**
   * Tells whether the queue has closed: the run has finished or is finishing.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    lock.lock();
    try {
      return done;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The body of the entry task: runs callbacks until cancelled, then closes the queue.
   *
   * @throws Cancelled when the run is finishing
   */
  public void serve() {
    TaskImpl me = TaskImpl.current("EntryQueue.serve");
    try {
      while (true) {
        runBatch();
        boolean idle;
        lock.lock();
        try {
          idle = queue.isEmpty();
          if (idle) {
            sleeper = me;
          }
        } finally {
          lock.unlock();
        }
        if (idle) {
          Runner.unwrap(
              me,
              me.park(
                  () -> claimSleeper(me) ? Abort.SUCCEEDED : Abort.FAILED,
                  "the entry queue (callbacks from other threads through TrioToken)"));
        } else {
          me.checkpoint();
        }
      }
    } catch (Cancelled c) {
      close();
      throw c;
    }
  }

  private boolean claimSleeper(TaskImpl me) {
    lock.lock();
    try {
      if (sleeper != me) {
        return false;
      }
      sleeper = null;
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void runBatch() {
    int n;
    lock.lock();
    try {
      n = queue.size();
    } finally {
      lock.unlock();
    }
    for (int i = 0; i < n; i++) {
      Runnable r = poll();
      if (r == null) {
        return;
      }
      runOne(r);
    }
  }

  /**
   * Closes the queue, so that later submissions throw {@link RunFinishedException}, and runs every
   * callback already accepted. Idempotent.
   */
  public void close() {
    lock.lock();
    try {
      done = true;
    } finally {
      lock.unlock();
    }
    for (Runnable r = poll(); r != null; r = poll()) {
      runOne(r);
    }
  }

  private Runnable poll() {
    lock.lock();
    try {
      return queue.pollFirst();
    } finally {
      lock.unlock();
    }
  }

  private void runOne(Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      runner.internalError(
          new TrioInternalError("a callback given to TrioToken.runSyncSoon threw: " + r, t));
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "EntryQueue["
          + (done ? "closed" : "open")
          + ", queued="
          + queue.size()
          + ", submitted="
          + submitted
          + "]";
    } finally {
      lock.unlock();
    }
  }
}
