package org.trio4j.internal;

import org.trio4j.Nursery;

/** The nursery side of a task: told when a child ends. Implemented privately by {@link Nursery}. */
public interface TaskParent {
  /**
   * Called on the child's own thread as one of its last acts, with the run's structure lock held:
   * the parent updates its bookkeeping and returns what must be done once the lock is released
   * (cancel the nursery, wake the task waiting for the children), or null if nothing.
   *
   * @param child the task that ended
   * @param failure what it threw, or null if it returned
   * @return an action to run after the lock is released, or null
   */
  Runnable childExitedLocked(TaskImpl child, Throwable failure);

  /**
   * Returns the public nursery object.
   *
   * @return the nursery, or null for the run's root task's parent
   */
  Nursery nursery();
}
