package org.trio4j.internal;

/**
 * How the tasks of a run share the processors: the policy the engine consults at the few points
 * where scheduling happens. The park/reschedule protocol, cancellation and deadlines are the same
 * in every mode; only these hooks differ (DESIGN rule 4: same semantics, two modes).
 */
public abstract class Scheduler {
  /** For subclasses. */
  protected Scheduler() {}

  /**
   * Returns the parallel policy.
   *
   * @return a new scheduler
   */
  public static Scheduler parallel() {
    return new ParallelScheduler();
  }

  /**
   * Returns the cooperative policy with a seeded choice of the next task.
   *
   * @param seed the seed
   * @param slowTaskNanos real nanoseconds a task may hold the run before it is reported
   * @return a new scheduler
   */
  public static Scheduler cooperative(long seed, long slowTaskNanos) {
    return new CooperativeScheduler(seed, slowTaskNanos);
  }

  /**
   * A task was created and is about to start; on the spawner's thread.
   *
   * @param t the new task
   */
  abstract void taskSpawned(TaskImpl t);

  /**
   * First thing on the new task's own thread.
   *
   * @param t the task
   */
  abstract void taskStarted(TaskImpl t);

  /**
   * The scheduling half of a checkpoint, on the task's thread.
   *
   * @param t the task
   */
  abstract void schedulePoint(TaskImpl t);

  /**
   * The task has published that it is parked and is about to block; on its thread.
   *
   * @param t the task
   */
  abstract void parking(TaskImpl t);

  /**
   * A parked task was rescheduled; on the waker's thread (any thread).
   *
   * @param t the task
   */
  abstract void wake(TaskImpl t);

  /**
   * The task has seen that it was rescheduled, before it continues; on its thread.
   *
   * @param t the task
   */
  abstract void resumed(TaskImpl t);

  /**
   * The task's last act on its thread.
   *
   * @param t the task
   */
  abstract void taskFinished(TaskImpl t);

  /**
   * For the task-tree dump: tells whether {@code t} is the task that currently holds the run (in
   * cooperative mode, where one task at a time does). Callable from any thread.
   *
   * @param t a task
   * @return true if the mode has a holder and it is {@code t}
   */
  boolean holdsRun(TaskImpl t) {
    return false;
  }

  /**
   * Runs the timer loop on the thread that called {@code Trio.run}, until the root task ends.
   *
   * @param r the run
   */
  abstract void runLoop(Runner r);
}
