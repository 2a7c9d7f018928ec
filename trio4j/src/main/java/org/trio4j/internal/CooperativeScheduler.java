package org.trio4j.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The cooperative policy: exactly one task of the run executes at a time, and switches happen only
 * at checkpoints, as in Trio; the order in which runnable tasks get their turn comes from a seeded
 * random source, so the same seed (with a {@code MockClock}) replays the same interleaving.
 */
final class CooperativeScheduler extends Scheduler {
  /*
   * Implementation notes.
   *
   * Tasks are still virtual threads; a baton decides which one may execute. A task runs only
   * while it holds the baton (`holder`); at a checkpoint or a park it hands the baton on, and it
   * waits (LockSupport.park on its own thread) until the baton is granted back.
   *
   * Batches follow Trio's scheduler (_run.py unrolled_run): the tasks that became runnable while a
   * batch ran form the next batch; between two batches, and only then, the run's timer loop (the
   * thread that called Trio.run) fires expired deadlines, wakes waitAllTasksBlocked waiters and
   * autojumps the clock, and starts the next batch in an order drawn from the seeded Random. Trio
   * reverses each batch with probability one half; a full shuffle explores more orders. Since
   * only the baton holder and the timer loop (at batch boundaries) act, and both act in program
   * order, every choice the Random makes is made in the same sequence on every replay.
   *
   * The common boundary is taken inline, by the task that exhausts the batch (release): if tasks
   * are waiting for the next batch and no deadline is due, there is nothing for the timer loop to
   * do but shuffle and grant, so the releasing task does that itself, under the same lock and with
   * the same Random calls in the same order as the loop would make them (the replay is unchanged).
   * Handing every boundary to the loop thread cost two platform-thread wake-ups per boundary, and
   * a boundary comes at every checkpoint of a lone runnable task: about 15-40 us per value in a
   * channel pair. A boundary with a due deadline (fire it first, as Trio does), an empty next batch
   * (idleness, autojump, waitAllTasksBlocked) or a finished root still goes to the loop. The loop
   * keeps its own watch while RUNNING: the slow-holder report, and its thread's interrupt.
   *
   * States: RUNNING (a holder runs), BOUNDARY (the batch is exhausted and the timer loop owns the
   * run), IDLE (nothing is runnable; the timer loop waits for a deadline or an outside event).
   * A task woken from outside the run (another thread) while IDLE moves the state to BOUNDARY and
   * signals the loop. A holder that keeps the baton for longer than slowTaskNanos (it is blocked
   * in foreign code, or computing without checkpoints) is reported through System.Logger with its
   * stack trace, and deadlines that expire meanwhile are fired anyway, which interrupts it.
   */

  private static final System.Logger LOG = System.getLogger("org.trio4j");

  private static final int RUNNING = 0;
  private static final int BOUNDARY = 1;
  private static final int IDLE = 2;

  private final ReentrantLock lock = new ReentrantLock();
  private final Random random;
  private final long seed;
  // RunOptions.slowTaskThreshold, in real nanoseconds.
  private final long slowTaskNanos;
  // Guarded by lock.
  private final ArrayDeque<TaskImpl> batch = new ArrayDeque<>();
  private final ArrayList<TaskImpl> nextBatch = new ArrayList<>();
  private int state = IDLE;
  private TaskImpl holder;
  private long grantedAt;
  private boolean slowReported;
  private Runner runner;

  CooperativeScheduler(long seed, long slowTaskNanos) {
    this.seed = seed;
    this.slowTaskNanos = slowTaskNanos;
    this.random = new Random(seed);
  }

  @Override
  void taskSpawned(TaskImpl t) {
    enqueue(t);
  }

  @Override
  void taskStarted(TaskImpl t) {
    awaitTurn(t);
  }

  @Override
  void schedulePoint(TaskImpl t) {
    lock.lock();
    try {
      nextBatch.add(t);
    } finally {
      lock.unlock();
    }
    release(t);
    awaitTurn(t);
  }

  @Override
  void parking(TaskImpl t) {
    release(t);
  }

  @Override
  void wake(TaskImpl t) {
    enqueue(t);
  }

  @Override
  void resumed(TaskImpl t) {
    awaitTurn(t);
  }

  @Override
  void taskFinished(TaskImpl t) {
    release(t);
  }

  private void enqueue(TaskImpl t) {
    lock.lock();
    try {
      nextBatch.add(t);
      if (state == IDLE) {
        state = BOUNDARY;
        if (runner != null) {
          runner.signal();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void release(TaskImpl t) {
    lock.lock();
    try {
      if (holder != t) {
        throw new IllegalStateException(
            "cooperative scheduling: " + t + " released the run but " + holder + " holds it");
      }
      holder = null;
      TaskImpl next = batch.poll();
      if (next != null) {
        grant(next);
      } else if (!nextBatch.isEmpty() && !runner.rootDone() && !runner.deadlineDue()) {
        startBatch(); // the boundary, inline (notes)
      } else {
        state = BOUNDARY;
        runner.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  // Caller holds lock.
  private void grant(TaskImpl t) {
    state = RUNNING;
    holder = t;
    grantedAt = System.nanoTime();
    slowReported = false;
    t.granted = true;
    // A task granted its own turn (a lone runnable task's checkpoint, at an inline boundary) sees
    // the flag before it would park; an unpark would only leave a stray permit.
    if (t.thread() != Thread.currentThread()) {
      LockSupport.unpark(t.thread());
    }
  }

  // The batch boundary's draw: the tasks made runnable during the last batch, in an order from the
  // seeded Random, and the first of them granted. Caller holds lock; nextBatch is not empty.
  private void startBatch() {
    Collections.shuffle(nextBatch, random);
    batch.addAll(nextBatch);
    nextBatch.clear();
    grant(batch.poll());
  }

  private static void awaitTurn(TaskImpl t) {
    boolean interrupted = false;
    while (!t.granted) {
      LockSupport.park(t);
      if (Thread.interrupted()) {
        interrupted = true;
      }
    }
    t.granted = false;
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  void runLoop(Runner r) {
    lock.lock();
    try {
      runner = r;
      if (!nextBatch.isEmpty()) {
        state = BOUNDARY;
      }
    } finally {
      lock.unlock();
    }
    while (!r.rootDone()) {
      r.checkInterrupt();
      int st;
      long heldFor;
      lock.lock();
      try {
        st = state;
        heldFor = System.nanoTime() - grantedAt;
      } finally {
        lock.unlock();
      }
      if (st == RUNNING) {
        if (heldFor >= slowTaskNanos) {
          reportSlowHolder(heldFor);
          if (r.fireExpired()) {
            continue;
          }
          r.parkLoop(Math.min(r.timeToNextDeadline(), slowTaskNanos));
        } else {
          r.parkLoop(slowTaskNanos - heldFor);
        }
        continue;
      }
      r.fireExpired();
      lock.lock();
      try {
        if (!nextBatch.isEmpty()) {
          startBatch();
          continue;
        }
        state = IDLE;
      } finally {
        lock.unlock();
      }
      long wait = r.timeToNextDeadline();
      if (wait == 0) {
        continue;
      }
      wait = r.idleStep(wait);
      if (wait < 0) {
        continue;
      }
      lock.lock();
      try {
        if (state != IDLE) {
          continue;
        }
      } finally {
        lock.unlock();
      }
      r.parkLoop(wait);
    }
  }

  private void reportSlowHolder(long heldFor) {
    TaskImpl t;
    lock.lock();
    try {
      if (slowReported || holder == null) {
        return;
      }
      slowReported = true;
      t = holder;
    } finally {
      lock.unlock();
    }
    Throwable where = new Throwable("stack of " + t);
    where.setStackTrace(t.thread().getStackTrace());
    if (org.trio4j.internal.jfr.Jfr.active()) {
      org.trio4j.internal.jfr.Jfr.slowTask(t, heldFor);
    }
    LOG.log(
        System.Logger.Level.WARNING,
        t
            + " has held the cooperative run for "
            + heldFor / 1_000_000
            + " ms without a checkpoint (blocked in foreign code, or computing without"
            + " checkpoints); no other task can run meanwhile",
        where);
  }

  @Override
  boolean holdsRun(TaskImpl t) {
    lock.lock();
    try {
      return holder == t;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "CooperativeScheduler[seed=" + seed + "]";
  }
}
