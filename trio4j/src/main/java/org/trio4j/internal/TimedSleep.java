package org.trio4j.internal;

import org.trio4j.lowlevel.Abort;
import org.trio4j.lowlevel.Outcome;

/**
 * The record and abort function of a sleep that the JDK times: with the system clock, a sleeping
 * task waits in its own timed park ({@link TaskImpl#parkUntil}) instead of putting a timer in the
 * run's {@link DeadlineHeap}. One object per sleep, as a {@link SleepTimer}.
 *
 * <p>Exactly one wake-up: the sleeper that times out and a canceller both claim the task's single
 * wake slot with the same CAS ({@link TaskImpl#tryReschedule}); whoever wins wakes the task, and
 * the other does nothing.
 */
public final class TimedSleep extends ParkRecord {
  private final long deadline;

  /**
   * Creates the record of a sleep of {@code task} until {@code deadline}; on the task's thread.
   *
   * @param task the sleeping task
   * @param deadline when it wakes, on the run's clock
   */
  public TimedSleep(TaskImpl task, long deadline) {
    super(task);
    this.deadline = deadline;
  }

  /**
   * Wakes the task with {@code Cancelled}, unless its own timeout claimed the wake first (then the
   * task is already on its way out of the sleep, normally).
   *
   * <p>Returns FAILED in both cases: on SUCCEEDED, {@link ParkRecord#tryAbort} would reschedule the
   * task itself, unconditionally, and fail loudly when the timeout has already claimed the wake.
   * Claiming here with {@code tryReschedule} is the same act (the same outcome, the same CAS), made
   * conditional on winning the race.
   */
  @Override
  protected Abort abort() {
    task().tryReschedule(Outcome.cancelled());
    return Abort.FAILED;
  }

  /** What the task is parked on, as task-tree dumps and JFR park events say it. */
  @Override
  public String toString() {
    return SleepTimer.describe(task().runner, deadline);
  }
}
