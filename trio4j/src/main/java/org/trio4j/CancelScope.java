package org.trio4j;

import java.time.Duration;
import java.util.Objects;
import org.trio4j.internal.CancelStatus;
import org.trio4j.internal.Durations;
import org.trio4j.internal.Runner;
import org.trio4j.internal.ScopeView;
import org.trio4j.internal.TaskImpl;
import org.trio4j.internal.TimerEntry;
import org.trio4j.internal.jfr.Jfr;

/**
 * A block of code that can be cancelled, explicitly or by a deadline.
 *
 * <p>Create a scope, optionally give it a deadline or make it a shield, then run a block in it with
 * {@link #run} or {@link #call}. When the scope is cancelled, every checkpoint inside the block
 * (every blocking trio4j operation, and {@link Trio#checkpoint()}) throws {@link Cancelled}; when
 * that exception reaches the scope, the scope catches it and {@code run} returns normally.
 *
 * {@snippet :
 * CancelScope scope = CancelScope.withTimeout(Duration.ofSeconds(5));
 * String page = scope.call(() -> fetch(url)); // null if it took longer than 5 s
 * if (scope.cancelledCaught()) {
 *   System.out.println("gave up");
 * }
 * }
 *
 * <h2>Cancellation</h2>
 *
 * Cancellation is level-triggered: once cancelled, the scope stays cancelled, and every checkpoint
 * inside it throws, until the block has been left. Scopes nest: the effective deadline of code is
 * the earliest deadline of its enclosing scopes up to the nearest {@link #setShield shield}, and a
 * shielded scope protects its inside from the cancellation of outer scopes (not from its own). When
 * both an inner and an outer scope are cancelled, the outer one catches the {@code Cancelled}. A
 * task blocked in plain JDK code inside a cancelled scope ({@code Thread.sleep}, {@code
 * BlockingQueue.take}) is interrupted, and an {@link InterruptedException} that leaves a cancelled
 * scope counts as that scope's cancellation.
 *
 * <h2>Deadlines</h2>
 *
 * Deadlines are {@code long} nanoseconds on the run's clock ({@link Trio#currentTime()}); {@link
 * Long#MAX_VALUE} means none. A relative deadline ({@link #withTimeout}) is fixed when the scope is
 * entered. Both kinds can be changed at any time, including while the block runs.
 *
 * <h2>Thread safety</h2>
 *
 * A scope is entered once, by one task. {@link #cancel()}, the deadline and shield setters and the
 * getters may be called from any thread, inside the run or not.
 */
public final class CancelScope {
  /*
   * Implementation notes.
   *
   * The scope object holds the user-visible configuration; while the block runs, an internal
   * CancelStatus node represents it in the run's cancel-status tree (see CancelStatus), and a
   * TimerEntry in the run's DeadlineHeap represents a finite deadline. The monitor of this object
   * guards the configuration and the entered/exited transitions; it is taken before the run's
   * structure lock and the task's chain lock, never after. A nursery's scope is linked into the
   * tree under the structure lock; any other scope's status is private to its task, entered and
   * left under the task's chain lock alone (CancelStatus notes, ADR 0008).
   *
   * Observability: a scope that belongs to a nursery knows it (`nursery`), so that the task-tree
   * dump can label the scope's status; cancel() and exit() emit the JFR events org.trio4j.Cancel
   * and org.trio4j.CancelScopeExit when JFR is in use (one volatile read otherwise).
   */

  private static final long NO_RELATIVE = -1;

  // Guarded by `this`; volatile where the status tree reads them lock-free.
  private volatile long deadline = Long.MAX_VALUE;
  private long relativeDeadline = NO_RELATIVE;
  private volatile boolean shield;
  private volatile boolean cancelCalled;
  private volatile String cancelReason;
  private volatile boolean cancelledCaught;
  private boolean entered;
  private boolean exited;
  private long enteredAt;
  private Runner runner;
  private TaskImpl owner;
  private CancelStatus status;
  // Set once, right after entry, by the nursery that owns this scope; read by the task-tree dump.
  private volatile Nursery nursery;

  private final TimerEntry timer = new DeadlineTimer();
  private final ScopeView view = new View();

  /** Creates a scope with no deadline that is not a shield. */
  public CancelScope() {}

  /**
   * Creates a scope that is cancelled when the run's clock reaches {@code deadline}.
   *
   * @param deadline a time on the run's clock, in nanoseconds; {@link Long#MAX_VALUE} for none
   * @return the scope, not yet entered
   */
  public static CancelScope withDeadline(long deadline) {
    CancelScope s = new CancelScope();
    s.deadline = deadline;
    return s;
  }

  /**
   * Creates a scope that is cancelled {@code timeout} after it is entered.
   *
   * @param timeout how long the block may run; must not be negative
   * @return the scope, not yet entered
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static CancelScope withTimeout(Duration timeout) {
    CancelScope s = new CancelScope();
    s.relativeDeadline = Durations.toNanos(timeout, "timeout");
    return s;
  }

  /**
   * Runs {@code body} inside this scope.
   *
   * @param body the block
   * @param <X> what the block may throw
   * @throws X what the block threw, unless it was this scope's cancellation
   * @throws IllegalStateException if the scope was already entered, or outside a run
   */
  public <X extends Exception> void run(ThrowingRunnable<X> body) throws X {
    Objects.requireNonNull(body, "body");
    TaskImpl task = TaskImpl.current("CancelScope.run");
    enter(task);
    Throwable failure = null;
    try {
      body.run();
    } catch (Throwable t) {
      failure = t;
    }
    Throwable rethrow = exit(task, failure);
    if (rethrow != null) {
      throw Runner.<X>sneaky(rethrow);
    }
  }

  /**
   * Runs {@code body} inside this scope and returns its value.
   *
   * @param body the block
   * @param <T> the type of its value
   * @param <X> what the block may throw
   * @return the block's value, or null if this scope caught a cancellation
   * @throws X what the block threw, unless it was this scope's cancellation
   * @throws IllegalStateException if the scope was already entered, or outside a run
   */
  public <T, X extends Exception> T call(ThrowingSupplier<T, X> body) throws X {
    Objects.requireNonNull(body, "body");
    TaskImpl task = TaskImpl.current("CancelScope.call");
    enter(task);
    T value = null;
    Throwable failure = null;
    try {
      value = body.get();
    } catch (Throwable t) {
      failure = t;
    }
    Throwable rethrow = exit(task, failure);
    if (rethrow != null) {
      throw Runner.<X>sneaky(rethrow);
    }
    return cancelledCaught ? null : value;
  }

  /** Cancels the scope. Idempotent; does not block; not a checkpoint. */
  public void cancel() {
    cancel("cancel() was called");
  }

  /**
   * Cancels the scope, recording why; the first reason given is kept and appears in the message of
   * the {@link Cancelled} exceptions thrown inside.
   *
   * @param reason why, for debugging
   */
  public void cancel(String reason) {
    CancelStatus st;
    Runner r;
    TaskImpl o;
    synchronized (this) {
      if (cancelCalled) {
        return;
      }
      cancelReason = reason == null ? "cancel() was called" : reason;
      cancelCalled = true;
      st = exited ? null : status;
      r = runner;
      o = owner;
    }
    if (Jfr.active()) {
      Jfr.scopeCancelled(o, nursery != null, cancelReason, deadline, shield);
    }
    if (st != null) {
      r.recalculate(st);
    }
  }

  /**
   * Tells whether the scope has been cancelled, explicitly or by its deadline. Being cancelled does
   * not mean a {@code Cancelled} was thrown: the block may have finished first.
   *
   * @return true once cancelled
   */
  public boolean cancelCalled() {
    if (!cancelCalled) {
      // As Trio: a deadline that has passed counts as a cancellation even if the run's timer loop
      // has not fired it yet.
      Runner r;
      synchronized (this) {
        r = entered && !exited && deadline != Long.MAX_VALUE ? runner : null;
      }
      if (r != null && r.now() >= deadline) {
        cancel("deadline exceeded");
      }
    }
    return cancelCalled;
  }

  /**
   * Tells whether {@link #cancel} has taken effect, with one volatile read: unlike {@link
   * #cancelCalled()} it neither takes this scope's monitor nor looks at the deadline, so it may be
   * called under the run's structure lock. A true answer is final; a false one may be stale.
   *
   * @return true once cancel() has recorded its reason
   */
  boolean cancelCalledFlag() {
    return cancelCalled;
  }

  /**
   * Tells whether this scope caught a {@link Cancelled} when its block ended.
   *
   * @return true if the block was cut short by this scope's cancellation
   */
  public boolean cancelledCaught() {
    return cancelledCaught;
  }

  /**
   * Returns the absolute deadline.
   *
   * @return nanoseconds on the run's clock; {@link Long#MAX_VALUE} if none
   * @throws IllegalStateException for a relative scope that has not been entered yet, whose
   *     deadline is not fixed
   */
  public synchronized long deadline() {
    if (!entered && relativeDeadline != NO_RELATIVE) {
      throw new IllegalStateException(
          "the deadline of a relative cancel scope is fixed when the scope is entered; read"
              + " relativeDeadline() instead");
    }
    return deadline;
  }

  /**
   * Sets the absolute deadline; takes effect at once, even while the block runs. A deadline in the
   * past cancels the scope (at once if it is running, on entry otherwise).
   *
   * @param newDeadline nanoseconds on the run's clock; {@link Long#MAX_VALUE} for none
   */
  public void setDeadline(long newDeadline) {
    boolean cancelNow = false;
    synchronized (this) {
      relativeDeadline = NO_RELATIVE;
      deadline = newDeadline;
      if (entered && !exited) {
        runner.timers().remove(timer);
        if (newDeadline != Long.MAX_VALUE) {
          if (newDeadline <= runner.now()) {
            cancelNow = true;
          } else {
            runner.addTimer(timer, newDeadline);
          }
        }
      }
    }
    if (cancelNow) {
      cancel("deadline exceeded");
    }
  }

  /**
   * Returns the relative deadline: the time the block may run, counted from entry.
   *
   * @return the duration, or null if the scope has an absolute deadline or none
   */
  public synchronized Duration relativeDeadline() {
    return relativeDeadline == NO_RELATIVE ? null : Duration.ofNanos(relativeDeadline);
  }

  /**
   * Sets a deadline relative to the moment the scope is entered: before entry it is fixed at entry;
   * after entry the deadline becomes entry time plus {@code timeout}.
   *
   * @param timeout the time the block may run; must not be negative
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public void setRelativeDeadline(Duration timeout) {
    long nanos = Durations.toNanos(timeout, "timeout");
    long absolute;
    synchronized (this) {
      if (!entered) {
        relativeDeadline = nanos;
        return;
      }
      absolute = Durations.plus(enteredAt, nanos);
    }
    setDeadline(absolute);
    synchronized (this) {
      relativeDeadline = nanos;
    }
  }

  /**
   * Tells whether the scope is a shield.
   *
   * @return the flag
   */
  public boolean shield() {
    return shield;
  }

  /**
   * Makes the scope a shield, or not: a shield protects the code inside from the cancellation of
   * enclosing scopes, while its own {@link #cancel()} and deadline still work. Takes effect at
   * once.
   *
   * @param newShield the flag
   */
  public void setShield(boolean newShield) {
    CancelStatus st;
    Runner r;
    TaskImpl o;
    synchronized (this) {
      if (shield == newShield) {
        return;
      }
      shield = newShield;
      st = entered && !exited ? status : null;
      r = runner;
      o = owner;
    }
    if (st != null) {
      r.recalculate(st);
      if (TaskImpl.currentOrNull() == o) {
        o.clearStaleInterrupt();
      }
    }
  }

  // ---- entering and leaving ----

  void enter(TaskImpl task) {
    enter(task, false);
  }

  /**
   * Enters the scope in {@code task}. A nursery's scope ({@code forNursery}) is linked into the
   * run's status tree, since the nursery's children attach to it; any other scope gets a private
   * status, entered and left without the run's structure lock (CancelStatus notes).
   */
  void enter(TaskImpl task, boolean forNursery) {
    boolean cancelNow = false;
    synchronized (this) {
      if (entered) {
        throw new IllegalStateException(
            "a CancelScope can be entered only once; create a new scope for each block");
      }
      entered = true;
      owner = task;
      runner = task.runner();
      enteredAt = runner.now();
      if (relativeDeadline != NO_RELATIVE) {
        deadline = Durations.plus(enteredAt, relativeDeadline);
      }
      if (!forNursery && task.status() != null) {
        status = CancelStatus.enterPrivate(runner, view, task);
      } else {
        runner.lock.lock();
        try {
          CancelStatus.linkChain(task);
          status = new CancelStatus(runner, view, task.status());
          task.switchStatus(status);
        } finally {
          runner.lock.unlock();
        }
      }
      if (deadline != Long.MAX_VALUE) {
        if (deadline <= enteredAt) {
          cancelNow = true;
        } else {
          runner.addTimer(timer, deadline);
        }
      }
    }
    if (cancelNow) {
      cancel("deadline exceeded");
    }
    if (shield) {
      task.clearStaleInterrupt();
    }
  }

  /**
   * Leaves the scope: decides whether it catches {@code failure}, and returns what to rethrow.
   *
   * @return null if the block ended normally or this scope caught the cancellation
   */
  Throwable exit(TaskImpl task, Throwable failure) {
    boolean caught = false;
    synchronized (this) {
      if (task != owner || exited) {
        throw new IllegalStateException(
            "cancel scope misnested: it is being left by "
                + task
                + " but was entered by "
                + owner
                + (exited ? " and has already been left" : ""));
      }
      if (!status.isLinked()) {
        synchronized (CancelStatus.chainLock(task)) {
          checkInnermost(task, false);
          failure = cancelledIfInterrupted(failure);
          caught = catches(failure);
          status.leavePrivate();
        }
      } else {
        runner.lock.lock();
        try {
          checkInnermost(task, status.hasDependentsOtherThan(task));
          failure = cancelledIfInterrupted(failure);
          caught = catches(failure);
          task.switchStatus(status.parent());
          status.close();
        } finally {
          runner.lock.unlock();
        }
      }
      exited = true;
      runner.timers().remove(timer);
    }
    task.refreshInterrupt();
    if (Jfr.active()) {
      Jfr.scopeExited(task, nursery != null, caught, cancelCalled, cancelReason, deadline, shield);
    }
    if (caught) {
      cancelledCaught = true;
      return null;
    }
    return failure;
  }

  // Caller holds the lock that guards the status (the chain lock, or the structure lock).
  private void checkInnermost(TaskImpl task, boolean othersUnder) {
    if (task.status() != status || othersUnder) {
      throw new IllegalStateException(
          "cancel scope stack corrupted: the scope being left is not the innermost scope of "
              + task
              + ", or tasks still run under it");
    }
  }

  private Throwable cancelledIfInterrupted(Throwable failure) {
    if (failure instanceof InterruptedException && status.effectivelyCancelled()) {
      return runner.cancelledFromInterrupt((InterruptedException) failure, status);
    }
    return failure;
  }

  private boolean catches(Throwable failure) {
    return failure instanceof Cancelled
        && status.effectivelyCancelled()
        && !status.parentCancellationVisible();
  }

  /**
   * Marks this scope as the scope of {@code n}; called once by the nursery, right after entry.
   *
   * @param n the nursery
   */
  void ownedBy(Nursery n) {
    this.nursery = n;
  }

  /**
   * Returns the internal status while the scope is entered; for the nursery's bookkeeping.
   *
   * @return the status
   */
  synchronized CancelStatus status() {
    return status;
  }

  @Override
  public synchronized String toString() {
    String state = !entered ? "unentered" : exited ? "exited" : "active";
    StringBuilder sb = new StringBuilder("CancelScope[").append(state);
    if (cancelCalled) {
      sb.append(", cancelled: ").append(cancelReason);
    }
    if (deadline != Long.MAX_VALUE) {
      sb.append(", deadline=").append(deadline);
    } else if (relativeDeadline != NO_RELATIVE) {
      sb.append(", relative deadline=").append(Duration.ofNanos(relativeDeadline));
    }
    if (shield) {
      sb.append(", shield");
    }
    return sb.append(']').toString();
  }

  private final class DeadlineTimer extends TimerEntry {
    @Override
    protected void fire() {
      cancel("deadline exceeded");
    }
  }

  private final class View implements ScopeView {
    @Override
    public boolean cancelCalled() {
      return cancelCalled;
    }

    @Override
    public boolean shield() {
      return shield;
    }

    @Override
    public String cancelReason() {
      return cancelReason;
    }

    @Override
    public long deadline() {
      return deadline;
    }

    @Override
    public Nursery nursery() {
      return nursery;
    }
  }
}
