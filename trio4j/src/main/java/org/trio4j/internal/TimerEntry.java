package org.trio4j.internal;

/**
 * Something that happens at a deadline on the run's clock: a sleep ends, or a cancel scope's
 * deadline expires. Kept in the run's {@link DeadlineHeap}.
 */
public abstract class TimerEntry {
  // All three guarded by the owning DeadlineHeap's lock.
  long deadline;
  long sequence;
  int index = -1;

  /** Creates an entry that is not yet in any heap. */
  protected TimerEntry() {}

  /**
   * Called by the run's timer loop once the deadline has passed and the entry has been removed from
   * the heap. Must not block.
   */
  protected abstract void fire();
}
