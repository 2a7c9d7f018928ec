package org.trio4j.internal;

import org.trio4j.Nursery;

/**
 * What the cancel-status tree needs to know of the cancel scope a status belongs to. Every method
 * reads volatile state only and takes no lock, so the tree (and the task-tree dump) can call them
 * under the structure lock.
 */
public interface ScopeView {
  /**
   * Tells whether {@code cancel()} was called or the deadline expired.
   *
   * @return true once cancelled
   */
  boolean cancelCalled();

  /**
   * Tells whether the scope shields its inside from outer cancellation.
   *
   * @return the shield flag
   */
  boolean shield();

  /**
   * Returns why the scope was cancelled.
   *
   * @return a short description for {@code Cancelled}'s message
   */
  String cancelReason();

  /**
   * Returns the scope's own deadline.
   *
   * @return the deadline, {@link Long#MAX_VALUE} if none
   */
  long deadline();

  /**
   * Returns the nursery whose scope this is, for the task-tree dump.
   *
   * @return the nursery, or null for a plain cancel scope
   */
  default Nursery nursery() {
    return null;
  }
}
