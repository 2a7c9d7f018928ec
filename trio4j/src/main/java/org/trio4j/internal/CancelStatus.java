package org.trio4j.internal;

import java.util.ArrayList;

/**
 * One node of a run's cancel-status tree: the state of one entered cancel scope. A task's current
 * status is that of its innermost scope; a nursery's children hang off the status of the scope the
 * nursery was opened in.
 */
public final class CancelStatus {
  /*
   * Implementation notes (after Trio's CancelStatus in _core/_run.py).
   *
   * A status is effectively cancelled when its own scope was cancelled, or when its parent is
   * effectively cancelled and its scope is not a shield. The flag is kept up to date eagerly: any
   * change (cancel, shield toggle, re-parenting) recomputes it for the subtree below, and every
   * task attached to a status that *becomes* cancelled is told at once (parked tasks get their
   * abort function called, running ones are interrupted: see TaskImpl.cancelDelivered). Readers on
   * the hot path (checkpoints) therefore read one volatile boolean and never walk the tree.
   *
   * All structure (parent, children, tasks) is guarded by the run's structure lock. The flag is
   * written only under that lock and read without it. Children and tasks are intrusive
   * doubly-linked lists, so attaching and detaching allocate nothing and cost O(1) even for a
   * nursery with 100,000 children.
   */

  final Runner runner;
  final ScopeView scope;

  // Guarded by runner.lock.
  CancelStatus parent;
  private CancelStatus firstChild;
  private CancelStatus prevSibling;
  private CancelStatus nextSibling;
  TaskImpl firstTask;

  // Written under runner.lock, read anywhere.
  volatile boolean effectivelyCancelled;

  /**
   * Creates a status under {@code parent}; the caller holds the run's structure lock.
   *
   * @param runner the run
   * @param scope the scope this status belongs to
   * @param parent the enclosing status, or null at the root
   */
  public CancelStatus(Runner runner, ScopeView scope, CancelStatus parent) {
    this.runner = runner;
    this.scope = scope;
    this.parent = parent;
    if (parent != null) {
      parent.addChild(this);
    }
    this.effectivelyCancelled = computeEffective();
  }

  /**
   * Tells whether code under this status is cancelled.
   *
   * @return the flag
   */
  public boolean effectivelyCancelled() {
    return effectivelyCancelled;
  }

  /**
   * Returns the enclosing status; caller holds the structure lock.
   *
   * @return the parent, or null at the root
   */
  public CancelStatus parent() {
    return parent;
  }

  /**
   * Tells whether the cancellation of an enclosing scope reaches this one, in which case a {@code
   * Cancelled} leaving this scope belongs to an outer scope and must not be caught here.
   *
   * @return true if the parent is cancelled and this scope is not a shield
   */
  public boolean parentCancellationVisible() {
    return parent != null && parent.effectivelyCancelled && !scope.shield();
  }

  /**
   * Recomputes the flag for this subtree after its scope's state changed; caller holds the lock.
   *
   * @param toAbort collects the parks of tasks that became cancelled while parked
   */
  public void recalculate(ArrayList<ParkRecord> toAbort) {
    boolean now = computeEffective();
    if (now == effectivelyCancelled) {
      return;
    }
    effectivelyCancelled = now;
    if (now) {
      for (TaskImpl t = firstTask; t != null; t = t.statusNext) {
        t.cancelDelivered(toAbort);
      }
    }
    for (CancelStatus c = firstChild; c != null; c = c.nextSibling) {
      c.recalculate(toAbort);
    }
  }

  /**
   * Returns the description of the cancellation that reaches this status.
   *
   * @return the responsible scope's reason
   */
  public String cancelReason() {
    for (CancelStatus s = this; s != null; s = s.parent) {
      if (s.scope.cancelCalled()) {
        return s.scope.cancelReason();
      }
      if (s.scope.shield()) {
        break;
      }
    }
    return "cancelled";
  }

  /**
   * Returns the earliest deadline that applies here: this scope's and its parents' up to the
   * nearest shield; {@link Long#MIN_VALUE} if cancelled.
   *
   * @return the effective deadline
   */
  public long effectiveDeadline() {
    if (effectivelyCancelled) {
      return Long.MIN_VALUE;
    }
    long d = Long.MAX_VALUE;
    for (CancelStatus s = this; s != null; s = s.parent) {
      d = Math.min(d, s.scope.deadline());
      if (s.scope.shield()) {
        break;
      }
    }
    return d;
  }

  /** Detaches this status from its parent, when its scope exits; caller holds the lock. */
  public void close() {
    if (parent != null) {
      parent.removeChild(this);
      parent = null;
    }
  }

  /**
   * Moves every child status, and every attached task but {@code except}, under {@code target}: how
   * {@code TaskStatus.started} re-parents a started task into its eventual nursery. Caller holds
   * the lock.
   *
   * @param target the new parent
   * @param except a task that stays (the caller of {@code start})
   * @param toAbort collects parks of tasks that became cancelled by the move
   */
  public void moveContentsTo(CancelStatus target, TaskImpl except, ArrayList<ParkRecord> toAbort) {
    ArrayList<CancelStatus> kids = new ArrayList<>();
    for (CancelStatus c = firstChild; c != null; c = c.nextSibling) {
      kids.add(c);
    }
    ArrayList<TaskImpl> tasks = new ArrayList<>();
    for (TaskImpl t = firstTask; t != null; t = t.statusNext) {
      if (t != except) {
        tasks.add(t);
      }
    }
    for (CancelStatus c : kids) {
      removeChild(c);
      c.parent = target;
      target.addChild(c);
      c.recalculate(toAbort);
    }
    for (TaskImpl t : tasks) {
      t.moveToStatus(target, toAbort);
    }
  }

  // ---- for the task-tree dump; caller holds the lock ----

  CancelStatus firstChild() {
    return firstChild;
  }

  CancelStatus nextSibling() {
    return nextSibling;
  }

  void attachTask(TaskImpl t) {
    t.statusPrev = null;
    t.statusNext = firstTask;
    if (firstTask != null) {
      firstTask.statusPrev = t;
    }
    firstTask = t;
  }

  void detachTask(TaskImpl t) {
    if (t.statusPrev != null) {
      t.statusPrev.statusNext = t.statusNext;
    } else {
      firstTask = t.statusNext;
    }
    if (t.statusNext != null) {
      t.statusNext.statusPrev = t.statusPrev;
    }
    t.statusPrev = null;
    t.statusNext = null;
  }

  /**
   * Tells whether tasks or child statuses are still attached; caller holds the lock.
   *
   * @return true if anything hangs off this status
   */
  public boolean hasDependents() {
    return firstChild != null || firstTask != null;
  }

  /**
   * Tells whether child statuses, or tasks other than {@code t}, are attached; caller holds the
   * lock.
   *
   * @param t the task expected to be the only one attached
   * @return true if anything else hangs off this status
   */
  public boolean hasDependentsOtherThan(TaskImpl t) {
    if (firstChild != null) {
      return true;
    }
    for (TaskImpl x = firstTask; x != null; x = x.statusNext) {
      if (x != t) {
        return true;
      }
    }
    return false;
  }

  private boolean computeEffective() {
    return scope.cancelCalled()
        || (parent != null && parent.effectivelyCancelled && !scope.shield());
  }

  private void addChild(CancelStatus c) {
    c.prevSibling = null;
    c.nextSibling = firstChild;
    if (firstChild != null) {
      firstChild.prevSibling = c;
    }
    firstChild = c;
  }

  private void removeChild(CancelStatus c) {
    if (c.prevSibling != null) {
      c.prevSibling.nextSibling = c.nextSibling;
    } else if (firstChild == c) {
      firstChild = c.nextSibling;
    }
    if (c.nextSibling != null) {
      c.nextSibling.prevSibling = c.prevSibling;
    }
    c.prevSibling = null;
    c.nextSibling = null;
  }
}
