package org.trio4j.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * The default policy: tasks are virtual threads on the JDK's scheduler, on every core. A woken task
 * is simply unparked; a checkpoint yields the carrier only every 256th time, so that a loop of
 * checkpoints cannot starve other tasks when every carrier is busy (virtual threads are not
 * preempted) while a checkpoint stays a few nanoseconds.
 */
final class ParallelScheduler extends Scheduler {
  @Override
  void taskSpawned(TaskImpl t) {}

  @Override
  void taskStarted(TaskImpl t) {}

  @Override
  void schedulePoint(TaskImpl t) {
    // The task's schedule-point count, raised just before this call (parks raise it too).
    if ((t.schedulePoints & 255) == 0) {
      Thread.yield();
    }
  }

  @Override
  void parking(TaskImpl t) {}

  @Override
  void wake(TaskImpl t) {
    LockSupport.unpark(t.thread());
  }

  @Override
  void resumed(TaskImpl t) {}

  @Override
  void taskFinished(TaskImpl t) {}

  @Override
  void runLoop(Runner r) {
    r.parallelLoop();
  }

  @Override
  public String toString() {
    return "ParallelScheduler";
  }
}
