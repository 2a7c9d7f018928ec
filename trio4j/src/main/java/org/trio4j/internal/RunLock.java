package org.trio4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The run's structure lock: a {@link ReentrantLock} that spins briefly before it parks, and that
 * takes in the exits of tasks that ended without taking it.
 */
public final class RunLock extends ReentrantLock {
  /*
   * Implementation notes.
   *
   * Spinning. The critical sections are a few dozen instructions, so a thread that finds the lock
   * held almost always gets it within a few hundred nanoseconds; parking a virtual thread and
   * waking it again costs microseconds. Spinning is bounded, so a holder that is descheduled by
   * the operating system costs the waiter a bounded amount of wasted work before it parks.
   *
   * Deferred exits. A task that returns normally from a nursery that is not start()'s hidden one
   * (Nursery notes) does not take this lock to leave the structure: it pushes itself on
   * `exitedHead`, a Treiber stack linked through TaskImpl.exitedNext, and the next thread to take
   * the lock (outermost acquisition only, so that no caller is in the middle of walking a list)
   * first unlinks every task on the stack from its cancel status and from its nursery's child
   * list. Measured in SpawnJoinBenchmark (100k tasks), the exits contended with the spawner for
   * the lock, waiters parked, and every unlock then had to unpark one (AbstractQueuedSynchronizer
   * .signalNext was half of the samples); now the lock is mostly taken by the spawner alone.
   *
   * Why this keeps every reader exact: whatever reads the structure does so under the lock, and
   * lock() drains first, so it sees every exit that was pushed before it acquired the lock, as if
   * each of those tasks had taken the lock itself at the moment it pushed. A task that pushes
   * after that moment is still in the lists, exactly as a task that was about to take the lock
   * used to be. Nothing needs more than that:
   *   - the nursery's own count of live children is a separate atomic (Nursery notes), which the
   *     task decrements only after pushing; so a nursery that saw the count reach zero and then
   *     takes the lock (to close, or to exit its cancel scope, which checks that nothing hangs off
   *     the scope's status) finds every child unlinked;
   *   - a cancellation that walks a status's tasks may still find a task that has pushed: it then
   *     interrupts a thread that has finished its body (a no-op once it has terminated, and never
   *     seen by user code, which has returned) or, if the task still parks somewhere in its exit,
   *     nothing parks there (exits never park in trio4j);
   *   - the status's and the nursery's intrusive lists are touched only under the lock, as before:
   *     the stack is the only lock-free structure, and a task is pushed at most once (its last
   *     act in the run's structure), so its link field cannot be reused while it is on the stack.
   * The stack is drained also when it grows past DRAIN_DEPTH, by the pusher if tryLock succeeds,
   * so that exited tasks (and their threads) do not pile up in memory while nobody takes the lock.
   */

  private static final long serialVersionUID = 1L;
  private static final int SPINS = 128;
  // A pusher that finds this many tasks waiting on the stack tries to drain it.
  private static final int DRAIN_DEPTH = 64;
  private static final VarHandle EXITED_HEAD;

  static {
    try {
      EXITED_HEAD =
          MethodHandles.lookup().findVarHandle(RunLock.class, "exitedHead", TaskImpl.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // The tasks that have exited and are still linked into the structure; see the notes.
  @SuppressWarnings("unused") // through EXITED_HEAD
  private transient volatile TaskImpl exitedHead;

  RunLock() {}

  @Override
  public void lock() {
    acquire();
    if (exitedHead != null && getHoldCount() == 1) {
      drainLocked();
    }
  }

  /**
   * Acquires the lock without taking in the deferred exits: for a caller that only links a new task
   * into the structure and reads nothing a deferred exit could change (Nursery's spawn). A spawn
   * loop thus never does the exits' work on its own thread, the critical path of a spawn burst; the
   * exiting tasks drain the stack themselves (deferExit).
   */
  public void lockWithoutDraining() {
    acquire();
  }

  private void acquire() {
    for (int i = 0; i < SPINS; i++) {
      if (tryLock()) {
        return;
      }
      Thread.onSpinWait();
    }
    super.lock();
  }

  /**
   * Records that {@code t} has exited and is to be unlinked from the structure by the next holder
   * of the lock; on the exiting task's thread, without the lock, once per task.
   *
   * @param t the task
   */
  void deferExit(TaskImpl t) {
    TaskImpl h;
    do {
      h = exitedHead;
      t.exitedNext = h;
      t.exitedDepth = h == null ? 1 : h.exitedDepth + 1;
    } while (!EXITED_HEAD.compareAndSet(this, h, t));
    if (t.exitedDepth >= DRAIN_DEPTH && tryLock()) {
      try {
        if (getHoldCount() == 1) {
          drainLocked();
        }
      } finally {
        unlock();
      }
    }
  }

  /** Unlinks every task on the stack; caller holds the lock (outermost). */
  private void drainLocked() {
    TaskImpl t = (TaskImpl) EXITED_HEAD.getAndSet(this, (TaskImpl) null);
    while (t != null) {
      TaskImpl next = t.exitedNext;
      t.exitedNext = null;
      t.unlinkExitedLocked();
      t = next;
    }
  }
}
