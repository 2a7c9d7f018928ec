package org.trio4j.internal;

import org.trio4j.lowlevel.Abort;

/**
 * Something that happens at a deadline on the run's clock: a sleep ends, or a cancel scope's
 * deadline expires. Kept in the run's {@link DeadlineHeap}.
 *
 * <p>An entry is also a {@link ParkRecord}, so that a sleep costs one object (its entry is the
 * record and the abort function of its park: see {@link SleepTimer}); an entry that is not a park
 * (a cancel scope's deadline) has no task and is never aborted.
 */
public abstract class TimerEntry extends ParkRecord {
  // Guarded by the owning DeadlineHeap's lock: the entry's slot in the heap's arrays, -1 when in
  // none, DeadlineHeap.IN_INTAKE while on its intake stack (REMOVED once removed there, DRAINING
  // while a drain inserts it; those changes are CASes: see DeadlineHeap's notes). The sort keys
  // live in the heap's own arrays; the deadline is also here, for the intake (DeadlineHeap.add
  // writes it, and a sleep's description reads it).
  int index = -1;
  long deadline;
  // The next (older) entry on the heap's intake stack; null once drained.
  TimerEntry next;
  // Guarded by the heap's lock: the tie-breaker among equal deadlines, given out in order of add
  // when the entry is drained from the intake (wraps around: see DeadlineHeap's notes). While the
  // entry is on the intake, the intake's depth with it (a hint for when to drain).
  int sequence;

  /** Creates an entry that is not yet in any heap and is not the record of a park. */
  protected TimerEntry() {
    super(null);
  }

  /**
   * Creates an entry that is also the record of a park that {@code task} is about to make.
   *
   * @param task the parking task
   */
  protected TimerEntry(TaskImpl task) {
    super(task);
  }

  /**
   * Called by the run's timer loop once the deadline has passed and the entry has been removed from
   * the heap. Must not block.
   */
  protected abstract void fire();

  /**
   * The abort function of an entry that is a park's record; entries that are not parks never get
   * here (nothing parks with them).
   *
   * @return never
   * @throws IllegalStateException always, unless overridden
   */
  @Override
  protected Abort abort() {
    throw new IllegalStateException(this + " is a timer, not the record of a park");
  }
}
