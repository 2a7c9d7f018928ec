package org.trio4j.internal;

import org.trio4j.lowlevel.Abort;
import org.trio4j.lowlevel.Outcome;

/**
 * One sleeping task's timer, which is also the record and the abort function of its park: a sleep
 * costs this one object (1M sleepers are 1M of them).
 *
 * <p>Exactly one wake-up: the timer loop fires an entry only after taking it out of the heap, and
 * the abort succeeds only if it is the one that takes it out ({@link DeadlineHeap#remove}, under
 * the heap's lock); an abort that finds it gone knows the wake-up is already on its way.
 */
public final class SleepTimer extends TimerEntry {
  /**
   * Creates the timer of a sleep of {@code task} until {@code deadline}; on the task's thread.
   *
   * @param task the sleeping task
   * @param deadline when it wakes, on the run's clock
   */
  public SleepTimer(TaskImpl task, long deadline) {
    super(task);
    // DeadlineHeap.add writes the same value again; set here so that a description is right even
    // before that.
    this.deadline = deadline;
  }

  @Override
  protected void fire() {
    task().reschedule(Outcome.value(null));
  }

  @Override
  protected Abort abort() {
    return task().runner.timers().remove(this) ? Abort.SUCCEEDED : Abort.FAILED;
  }

  /** What the task is parked on, as task-tree dumps and JFR park events say it. */
  @Override
  public String toString() {
    long left = deadline - task().runner.now();
    return "sleep until "
        + Durations.seconds(deadline)
        + (left > 0 ? " (in " + Durations.seconds(left) + ")" : "");
  }
}
