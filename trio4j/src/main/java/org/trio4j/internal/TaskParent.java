package org.trio4j.internal;

import org.trio4j.Cancelled;
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
   * Tells whether a child that returned normally may leave without taking the structure lock:
   * through {@link RunLock#deferExit} and then {@link #childReturned}. Parents whose children can
   * be moved to another parent ({@code Nursery.start}'s hidden nursery) or that must act under the
   * lock answer false, and their children call {@link #childExitedLocked}.
   *
   * @return true if {@link #childReturned} is supported
   */
  default boolean exitsWithoutLock() {
    return false;
  }

  /**
   * Called on the child's own thread, without the structure lock, when it returned normally and has
   * queued itself to be unlinked ({@link RunLock#deferExit}): the parent counts it out and wakes
   * whoever waits for the children.
   *
   * @param child the task that returned
   */
  default void childReturned(TaskImpl child) {
    throw new UnsupportedOperationException("childReturned on " + this);
  }

  /**
   * Called on the child's own thread, without the structure lock, when it ended with {@code
   * cancelled} and its parent {@link #exitsWithoutLock() exits without the lock}: if the parent can
   * take that ending as it takes a normal return (its scope is cancelled already, so there is
   * nothing to do but keep the Cancelled), it records it and returns true, and the child then
   * leaves as a returning child does ({@link RunLock#deferExit}, {@link #childReturned}). Returns
   * false to send the child through {@link #childExitedLocked}.
   *
   * @param child the task that ended
   * @param cancelled what it threw
   * @return true if the failure was recorded and the child may leave without the lock
   */
  default boolean childCancelledWithoutLock(TaskImpl child, Cancelled cancelled) {
    return false;
  }

  /**
   * Called with the structure lock held when a child that left through {@link #childReturned} is
   * unlinked: the parent removes it from its child list.
   *
   * @param child the task that returned
   */
  default void childUnlinkedLocked(TaskImpl child) {}

  /**
   * Returns the public nursery object.
   *
   * @return the nursery, or null for the run's root task's parent
   */
  Nursery nursery();
}
