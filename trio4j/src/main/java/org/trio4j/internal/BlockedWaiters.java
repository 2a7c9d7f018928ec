package org.trio4j.internal;

import java.util.ArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.trio4j.lowlevel.Abort;
import org.trio4j.lowlevel.Outcome;

/**
 * The tasks parked in {@code waitAllTasksBlocked}, each with its cushion of real time. The run's
 * timer loop wakes the waiters with the smallest cushion once every task has been blocked that long
 * (Trio's rule: smallest cushion first, equal cushions together).
 */
final class BlockedWaiters {
  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock.
  private final ArrayList<Waiter> waiters = new ArrayList<>();

  private record Waiter(TaskImpl task, long cushion) {
    /** What the task is parked on, as task-tree dumps and JFR park events say it. */
    @Override
    public String toString() {
      return "waitAllTasksBlocked(cushion " + Durations.seconds(cushion) + " of real time)";
    }
  }

  boolean isEmpty() {
    lock.lock();
    try {
      return waiters.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the smallest cushion of any waiter.
   *
   * @return real nanoseconds, or {@link Long#MAX_VALUE} if nobody waits
   */
  long smallestCushion() {
    lock.lock();
    try {
      long min = Long.MAX_VALUE;
      for (Waiter w : waiters) {
        min = Math.min(min, w.cushion);
      }
      return min;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes every waiter with this cushion, for the caller to wake once the run's idle state has
   * been recomputed.
   *
   * @param cushion the cushion
   * @return the tasks to wake
   */
  ArrayList<TaskImpl> takeWithCushion(long cushion) {
    ArrayList<TaskImpl> woken = new ArrayList<>();
    lock.lock();
    try {
      for (int i = 0; i < waiters.size(); ) {
        Waiter w = waiters.get(i);
        if (w.cushion == cushion) {
          woken.add(w.task);
          waiters.remove(i);
        } else {
          i++;
        }
      }
    } finally {
      lock.unlock();
    }
    return woken;
  }

  /**
   * Parks {@code task} as a waiter until the timer loop wakes it or it is cancelled.
   *
   * @param runner the run
   * @param task the current task
   * @param cushion real nanoseconds
   */
  void await(Runner runner, TaskImpl task, long cushion) {
    task.checkpointIfCancelled();
    Waiter w = new Waiter(task, cushion);
    lock.lock();
    try {
      waiters.add(w);
    } finally {
      lock.unlock();
    }
    runner.signal();
    Outcome o =
        task.park(
            () -> {
              lock.lock();
              try {
                if (!waiters.remove(w)) {
                  return Abort.FAILED;
                }
              } finally {
                lock.unlock();
              }
              runner.signal();
              return Abort.SUCCEEDED;
            },
            w);
    Runner.unwrap(task, o);
  }
}
