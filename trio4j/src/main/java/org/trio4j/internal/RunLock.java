package org.trio4j.internal;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The run's structure lock: a {@link ReentrantLock} that spins briefly before it parks, and that
 * unlinks ended tasks from the structure in batches, on behalf of the tasks that ended.
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
   * Deferred exits. A task lives in two intrusive lists: its cancel status's tasks and its
   * nursery's children. In a burst of spawns (SpawnJoinBenchmark, 100k tasks) the ending tasks
   * contended with the spawner for this lock to unlink themselves, waiters parked, and every
   * unlock then had to unpark one (AbstractQueuedSynchronizer.signalNext was half of the
   * samples). So a task that returns normally from an ordinary nursery (Nursery notes) does not
   * take the lock: it pushes itself on the ExitStack (a Treiber stack, CAS on its head, linked
   * through TaskImpl.exitedNext, on a cache line of its own), then counts itself out of its
   * nursery. Every lock() (outermost acquisition only, so that no caller is in the middle of
   * walking a list) first unlinks every task on the stack (drainLocked). A spawner takes the lock
   * without draining (lockWithoutDraining): linking a new task in reads nothing a drain changes,
   * and the spawning loop is the critical path of a burst, so the ending tasks drain the stack
   * themselves: a pusher that makes it DRAIN_DEPTH deep drains it, if tryLock succeeds, which
   * also keeps ended tasks (and their threads) from piling up while nobody takes the lock.
   *
   * Why every reader stays exact: whatever reads the structure does so under the lock, and lock()
   * drains first, so it sees every exit pushed before it acquired the lock, as if each of those
   * tasks had taken the lock itself at the moment it pushed; a task that pushes later is still in
   * the lists, as a task about to take the lock used to be. In detail:
   *   - a nursery counts its children apart (Nursery notes); a child counts itself out only after
   *     it pushed itself, so a nursery that has seen its count reach zero and then takes the lock
   *     (to close, and to exit its cancel scope, which checks that nothing hangs off the scope's
   *     status) finds every child unlinked;
   *   - a cancellation may find in a list a task that has pushed itself but is not unlinked yet:
   *     it interrupts a thread that has finished its body (harmless: no user code runs there any
   *     more, and trio4j's own exit never blocks interruptibly);
   *   - the lists are touched only under the lock; the exit stack is the only lock-free structure,
   *     and a task is pushed on it at most once, as its last act in the structure, so its link is
   *     never reused while it is on the stack.
   *
   * The push also serves TaskBreakers (see its notes): a returning child checks for parking-lot
   * breakers only after it, and a registration from another thread reads the head (readExits)
   * before it looks at the task's exitedDepth, which is set before the push and never reset.
   * Striping the stack (several heads, an ending task picking one from its thread id) was tried
   * and measured no faster: a thread id says nothing about the core a virtual thread runs on.
   */

  private static final long serialVersionUID = 1L;
  private static final int SPINS = 128;
  // A pusher that makes the exit stack this deep (or a multiple) tries to drain it.
  private static final int DRAIN_DEPTH = 64;

  // Ended tasks not yet unlinked; on its own cache line, since ending tasks write it all the time.
  private final transient ExitStack exits = new ExitStack();

  RunLock() {}

  @Override
  public void lock() {
    acquire();
    if (getHoldCount() == 1 && exits.head != null) {
      drainLocked();
    }
  }

  /**
   * Acquires the lock without draining: for a spawner, which only links a new task in and reads
   * nothing that a drain would change (see the notes).
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
   * Records that {@code t} has ended, to be unlinked by the next drain; on the ending task's
   * thread, without the lock, once per task.
   *
   * @param t the task
   */
  void deferExit(TaskImpl t) {
    // Every DRAIN_DEPTH tasks, not at every push past it: a failed tryLock still writes the lock's
    // cache line, which the spawner needs.
    if (exits.push(t) % DRAIN_DEPTH == 0 && tryLock()) {
      try {
        if (getHoldCount() == 1) {
          drainLocked();
        }
      } finally {
        unlock();
      }
    }
  }

  /**
   * A volatile read of the exit stack's head, for {@code TaskBreakers.add}: afterwards, every task
   * whose push precedes this read in the synchronization order is seen with its {@code
   * TaskImpl.exitedDepth} set (every write to the head is a CAS or getAndSet that reads the write
   * before it, so the read synchronizes with that push through the chain). See the TaskBreakers
   * notes.
   */
  void readExits() {
    TaskImpl unused = exits.head;
  }

  /** Unlinks every task on the exit stack; the caller holds the lock (outermost). */
  private void drainLocked() {
    TaskImpl t = exits.takeAll();
    while (t != null) {
      TaskImpl next = t.exitedNext;
      t.exitedNext = null;
      t.unlinkEndedLocked();
      t = next;
    }
  }

  /** Padding before the exit stack's head, so that nothing else shares its cache line. */
  @SuppressWarnings("unused")
  private static class PadBefore {
    long p0, p1, p2, p3, p4, p5, p6, p7;
  }

  /** The exit stack's head (see the notes); the JVM lays out superclass fields first. */
  private static class Head extends PadBefore {
    volatile TaskImpl head;
  }

  /** A Treiber stack of ended tasks, linked through TaskImpl.exitedNext, padded on both sides. */
  @SuppressWarnings("unused")
  private static final class ExitStack extends Head {
    private static final java.lang.invoke.VarHandle HEAD;

    static {
      try {
        HEAD =
            java.lang.invoke.MethodHandles.lookup()
                .findVarHandle(Head.class, "head", TaskImpl.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    long q0, q1, q2, q3, q4, q5, q6, q7;

    /** Pushes {@code t}; returns how many tasks the stack holds with it. */
    int push(TaskImpl t) {
      TaskImpl h;
      do {
        h = head;
        t.exitedNext = h;
        t.exitedDepth = h == null ? 1 : h.exitedDepth + 1;
      } while (!HEAD.compareAndSet(this, h, t));
      return t.exitedDepth;
    }

    TaskImpl takeAll() {
      return head == null ? null : (TaskImpl) HEAD.getAndSet(this, (TaskImpl) null);
    }
  }
}
