package org.trio4j.internal;

import org.trio4j.Nursery;

/** The nursery side of a task: told when a child ends. Implemented privately by {@link Nursery}. */
public interface TaskParent {
  /**
   * Called on the child's own thread as its last act.
   *
   * @param child the task that ended
   * @param failure what it threw, or null if it returned
   */
  void childExited(TaskImpl child, Throwable failure);

  /**
   * Returns the public nursery object.
   *
   * @return the nursery, or null for the run's root task's parent
   */
  Nursery nursery();
}
