package org.trio4j.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.trio4j.Cancelled;
import org.trio4j.lowlevel.Abort;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.Task;

/**
 * A lock and a set of tasks waiting for the state it guards to change: a condition variable for
 * trio4j tasks, built on {@link Lowlevel#park} (the testing module's streams and {@link Sequencer}
 * use it; {@code org.trio4j.sync} is not a dependency).
 *
 * <pre>{@code
 * monitor.lock();
 * try {
 *   while (!ready) monitor.await();   // parks; a cancel point
 * } finally {
 *   monitor.unlock();                 // wakes whoever signalAll() chose
 * }
 * }</pre>
 */
final class TaskMonitor {
  /*
   * Implementation notes.
   *
   * ParkingLot alone cannot do this race-free in parallel mode: between "the state is not ready"
   * and ParkingLot.park() a waker on another core may change the state and unpark nobody. Here the
   * waiter registers under the same lock that guards the state, then releases it and parks; the
   * waker changes the state and takes the waiters under that lock. Lowlevel.reschedule may precede
   * the park, so nothing is lost.
   *
   * signalAll() only moves the waiters to `toWake`; unlock() (and await(), which releases the lock)
   * reschedules them after releasing the lock, so no critical section calls into the scheduler.
   * Whoever removes a task from `waiting` under the lock owns its single wake-up: signalAll, or the
   * task's abort function when it is cancelled (which then returns SUCCEEDED).
   */

  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock.
  private final List<Task> waiting = new ArrayList<>();
  private final List<Task> toWake = new ArrayList<>();

  void lock() {
    lock.lock();
  }

  /** Releases the lock and wakes the tasks that {@link #signalAll()} took while it was held. */
  void unlock() {
    List<Task> wake = drainToWake();
    lock.unlock();
    for (Task t : wake) {
      Lowlevel.reschedule(t);
    }
  }

  /** With the lock held: every waiting task will wake when the lock is released. */
  void signalAll() {
    toWake.addAll(waiting);
    waiting.clear();
  }

  /**
   * With the lock held: releases it, parks until {@link #signalAll()} (or cancellation), and takes
   * the lock again before returning or throwing. Callers re-check their condition in a loop.
   *
   * @throws Cancelled if the task is cancelled while waiting (the lock is held again)
   */
  void await() {
    Task me = Lowlevel.currentTask();
    waiting.add(me);
    unlock();
    try {
      Lowlevel.park(
          () -> {
            lock.lock();
            try {
              return waiting.remove(me) ? Abort.SUCCEEDED : Abort.FAILED;
            } finally {
              lock.unlock();
            }
          });
    } finally {
      lock.lock();
    }
  }

  /**
   * Returns how many tasks wait.
   *
   * @return the count
   */
  int waiting() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  private List<Task> drainToWake() {
    if (toWake.isEmpty()) {
      return List.of();
    }
    List<Task> out = new ArrayList<>(toWake);
    toWake.clear();
    return out;
  }
}
