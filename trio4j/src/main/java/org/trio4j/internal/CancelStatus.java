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
   *
   * Private statuses. A plain cancel scope (not a nursery's) gets a *private* status: it points to
   * its parent but is not in the parent's children, and its task stays attached to the nearest
   * linked status above (its anchor). Entering and leaving one takes no structure lock, so tasks
   * on different cores that enter timeouts under the same nursery do not write the same list
   * heads and lock word (docs/performance.md, "Cancel scopes across cores"). Private statuses
   * only ever sit below linked ones: a task's chain is linked statuses down to its anchor, then
   * private ones down to its innermost. The private part belongs to one task and is guarded by
   * that task's monitor (the chain lock): the owner takes it to push or pop a private status, and
   * whoever recomputes the chain's flags takes it after the structure lock (the only order).
   *
   * Flags stay exact: a cancellation of a linked status reaches each attached task, and
   * refreshChain recomputes that task's private flags top-down under the chain lock, delivering
   * the cancellation if the innermost is now cancelled (a shield in the chain stops it). The
   * cancellation or shield change of a private scope itself does the same for its owner. An owner
   * that pushes a private status reads its parent's flag under the chain lock: a canceller that
   * set the anchor's flag before taking the chain lock is seen, and one that takes the chain lock
   * after the push finds the new status in the chain. Something that must hang under a private
   * status (a nursery's scope, which children attach to) first links the task's whole private
   * chain into the tree (linkChain), and TaskStatus.started, which moves a task to another
   * nursery, re-parents the top of its private chain (moveTask).
   */

  final Runner runner;
  final ScopeView scope;
  // The task whose scope this is, for a private status; null for one created linked.
  private final TaskImpl owner;
  // Whether this status is in the tree (see the notes). Written under runner.lock and the owner's
  // chain lock, by the owner only; read by the owner, or under either lock.
  private boolean linked;

  // Guarded by runner.lock; a private status's parent also by its owner's chain lock, which its
  // owner holds alone to read it (moveTask writes it under both).
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
    this.owner = null;
    this.linked = true;
    if (parent != null) {
      parent.addChild(this);
    }
    this.effectivelyCancelled = computeEffective();
  }

  // A private status under the task's current one; caller holds the task's chain lock.
  private CancelStatus(Runner runner, ScopeView scope, TaskImpl owner) {
    this.runner = runner;
    this.scope = scope;
    this.parent = owner.status;
    this.owner = owner;
    this.effectivelyCancelled = computeEffective();
  }

  // ---- private statuses (see the notes) ----

  /**
   * Returns the lock that guards a task's private statuses: held to push or pop one, or to read or
   * recompute the chain; taken after the structure lock when both are needed.
   *
   * @param t the task
   * @return its chain lock
   */
  public static Object chainLock(TaskImpl t) {
    return t;
  }

  /**
   * Makes a private status for the scope {@code t} enters, under its current status, without the
   * structure lock; the task must already have a status.
   *
   * @param runner the run
   * @param scope the scope being entered
   * @param t the current task
   * @return the task's new innermost status
   */
  public static CancelStatus enterPrivate(Runner runner, ScopeView scope, TaskImpl t) {
    synchronized (chainLock(t)) {
      CancelStatus s = new CancelStatus(runner, scope, t);
      t.status = s;
      return s;
    }
  }

  /**
   * Makes the parent of the private status {@code this} the task's innermost again; the caller
   * holds the owner's chain lock and has checked that this is the innermost.
   */
  public void leavePrivate() {
    owner.status = parent;
  }

  /**
   * Tells whether this status is in the tree; the owner may ask without a lock.
   *
   * @return false for a private status
   */
  public boolean isLinked() {
    return linked;
  }

  /**
   * Links the private part of {@code t}'s chain into the tree, so that something can hang under its
   * innermost status, and attaches the task there; caller holds the structure lock.
   *
   * @param t the current task
   */
  public static void linkChain(TaskImpl t) {
    synchronized (chainLock(t)) {
      CancelStatus inner = t.status;
      if (inner == null || inner.linked) {
        return;
      }
      CancelStatus anchor = inner.link();
      anchor.detachTask(t);
      inner.attachTask(t);
    }
  }

  // Links this private status and the private ones above it; returns the anchor.
  private CancelStatus link() {
    CancelStatus anchor = parent.linked ? parent : parent.link();
    parent.addChild(this);
    linked = true;
    return anchor;
  }

  /**
   * Recomputes the flags of {@code t}'s private statuses from its anchor down, and delivers the
   * cancellation if its innermost status is cancelled; caller holds the structure lock.
   */
  static void refreshChain(TaskImpl t, ArrayList<ParkRecord> toAbort) {
    synchronized (chainLock(t)) {
      CancelStatus inner = t.status;
      if (inner == null) {
        return;
      }
      if (!inner.linked) {
        inner.recomputePrivate();
      }
      if (inner.effectivelyCancelled) {
        t.cancelDelivered(toAbort);
      }
    }
  }

  private void recomputePrivate() {
    if (!parent.linked) {
      parent.recomputePrivate();
    }
    effectivelyCancelled = computeEffective();
  }

  /**
   * Returns the nearest linked status at or above this one: the one its task is attached to.
   *
   * @return the anchor
   */
  public CancelStatus anchor() {
    CancelStatus s = this;
    while (!s.linked) {
      s = s.parent;
    }
    return s;
  }

  // TaskStatus.started: moves t, attached to this status, under target with its private chain.
  private static void moveTask(TaskImpl t, CancelStatus target, ArrayList<ParkRecord> toAbort) {
    synchronized (chainLock(t)) {
      CancelStatus inner = t.status;
      CancelStatus anchor = inner.anchor();
      anchor.detachTask(t);
      target.attachTask(t);
      if (inner == anchor) {
        t.status = target;
      } else {
        CancelStatus top = inner;
        while (!top.parent.linked) {
          top = top.parent;
        }
        top.parent = target;
      }
      refreshChain(t, toAbort);
    }
  }

  /**
   * Returns the statuses from {@code t}'s innermost up to, not including, {@code anchor}: its
   * private chain, innermost first; for the task-tree dump, under the structure lock.
   */
  static ArrayList<CancelStatus> privateChain(TaskImpl t, CancelStatus anchor) {
    ArrayList<CancelStatus> chain = new ArrayList<>(0);
    synchronized (chainLock(t)) {
      for (CancelStatus s = t.status; s != null && s != anchor; s = s.parent) {
        chain.add(s);
      }
    }
    return chain;
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
    if (!linked) {
      // This private scope's own cancellation or shield changed: its owner's chain (which no
      // longer holds this status if the scope has been left) is recomputed.
      refreshChain(owner, toAbort);
      return;
    }
    boolean now = computeEffective();
    if (now == effectivelyCancelled) {
      return;
    }
    effectivelyCancelled = now;
    // Every attached task's private statuses follow, in both directions; a task is told of the
    // cancellation if its innermost status is now cancelled (not if a private shield stops it).
    for (TaskImpl t = firstTask; t != null; t = t.statusNext) {
      refreshChain(t, toAbort);
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
      moveTask(t, target, toAbort);
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
