package org.trio4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.trio4j.internal.CancelStatus;
import org.trio4j.internal.Runner;
import org.trio4j.internal.TaskImpl;
import org.trio4j.internal.TaskList;
import org.trio4j.internal.TaskParent;
import org.trio4j.lowlevel.AbortFunction;
import org.trio4j.lowlevel.Outcome;

/**
 * A scope that owns concurrent tasks: the block that opens it returns only when every task started
 * in it has finished, so no task is ever orphaned and no failure is ever lost.
 *
 * {@snippet :
 * Nursery.open(nursery -> {
 *   nursery.startSoon(() -> child("one", Duration.ofSeconds(2)));
 *   nursery.startSoon(() -> child("two", Duration.ofSeconds(5)));
 * }); // returns after 5 s, when both children are done
 * }
 *
 * <h2>Failures</h2>
 *
 * When the body or any child throws, the nursery's {@link #cancelScope() cancel scope} is
 * cancelled, so every other child (and the body, if it still runs) is cancelled at its next
 * checkpoint. Once all have finished, {@code open} rethrows the <em>first</em> failure, unchanged
 * and unwrapped (a checked exception stays checked, so {@code catch (IOException e)} around the
 * nursery works), with every later failure attached to it as {@linkplain Throwable#getSuppressed()
 * suppressed}. {@link Cancelled} exceptions are the consequence of a failure, not failures of their
 * own: they are never attached, and a {@code Cancelled} is rethrown only if nothing else failed (it
 * then belongs to an enclosing cancel scope, which catches it).
 *
 * <h2>Cancellation</h2>
 *
 * Children run under the cancel scopes that enclosed {@code Nursery.open}, wherever {@code
 * startSoon} is called from. Waiting for the children at the end of the block is not a checkpoint
 * and cannot itself be cancelled: cancelling the nursery cancels the children, and the block
 * returns once they have unwound.
 *
 * <h2>Thread safety</h2>
 *
 * A nursery may be passed to other tasks of the same run and used from them while it is open.
 * Starting a task in a nursery that has closed throws {@link IllegalStateException}.
 */
public final class Nursery {
  /*
   * Implementation notes.
   *
   * Children are listed in an intrusive list (TaskList) guarded by the run's structure lock, for
   * childTasks(), dumps and start(); they are counted by two counters: `admitted` (children and
   * start() calls let in, written only under the lock, together with the check that the nursery
   * is still open) and `departures` (those counted out, an atomic written by the leaving side
   * without the lock). The live count is their difference. Two counters rather than one, so that
   * a spawn does no atomic operation on a word that the exiting children (on other cores) write
   * all the time: measured in SpawnJoinBenchmark, where the spawning loop is the critical path.
   * A nursery that finds the two equal under the lock can close: nothing can be let in any more.
   * A child that returns normally leaves without the lock (RunLock notes: it queues itself to be
   * unlinked from the list by the lock's next holder, then counts itself out). So does one that
   * ends with Cancelled once the nursery's scope is cancelled (the usual way a cancelled nursery
   * unwinds): it keeps its Cancelled with a CAS if it is the first, and has nothing else to do.
   * One that fails otherwise, or whose parent is start()'s hidden nursery, leaves under the lock
   * (records its failure, and is counted out only after the nursery's scope has been cancelled).
   *
   * Waiting. When the body is done the opening task closes the nursery if nothing is live, and
   * otherwise publishes itself in `waiter` and parks; whoever counts out the last one takes the
   * waiter (getAndSet to null, so exactly one waker) and reschedules it. The two sides write
   * their own volatile (the waiter; the departures) and then read the other's, so one sees
   * the other (the Dekker pattern): either the leaving side sees the waiter and wakes it, or the
   * waiter sees nothing live and takes itself back with a CAS (if that CAS fails, a waker took it
   * and the wake-up is on its way, so it parks to consume it). The leaving side may read an
   * `admitted` that is already out of date (a sibling was let in meanwhile) and wake the waiter
   * too early, never too late: a child is let in before its thread starts, so its own exit, and
   * every exit counted before it, sees it in `admitted`. The waiter therefore looks again under
   * the lock each time it wakes. That park uses AbortFunction.NEVER: the parent cannot be
   * cancelled out of waiting for its children (Trio does the same), it waits for them to unwind
   * instead.
   *
   * start() follows Trio: the new task first runs in a hidden inner nursery opened by the caller
   * of start(), under the caller's cancel scopes; TaskStatus.started() moves it, together with
   * the cancel statuses it has entered, into this nursery, and the inner nursery, now empty,
   * lets start() return the value. If the caller has been cancelled by then, started() leaves
   * the task where it is, so that its Cancelled is caught by the scope that caused it.
   */

  private static final VarHandle ADMITTED;
  private static final VarHandle FIRST_CANCELLED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      ADMITTED = l.findVarHandle(Nursery.class, "admitted", int.class);
      FIRST_CANCELLED = l.findVarHandle(Nursery.class, "firstCancelled", Cancelled.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Runner runner;
  private final TaskImpl owner;
  private final CancelScope scope;
  private final CancelStatus status;
  // start()'s hidden nursery, whose children TaskStatus.started moves elsewhere: they leave under
  // the lock, which makes the move and the exit exclusive.
  private final boolean hidden;
  private final Parent asParent;

  // Guarded by runner.lock. The failures that are not Cancelled, in order.
  private final TaskList children = new TaskList();
  private final ArrayList<Throwable> failures = new ArrayList<>(0);
  private boolean closed;

  // The first Cancelled of the body or a child, the only one that can ever be rethrown (see
  // combineLocked; a cancelled nursery of 10k children used to keep them all). Set once, by a CAS,
  // with or without the lock: children of a cancelled nursery record it without the lock before
  // they count themselves out, and the owner reads it after it has seen them all counted out.
  private volatile Cancelled firstCancelled;

  // What a child that needs nothing else does after leaving: one shared object, not a lambda each.
  private final Runnable countOutOne = () -> countOut(1);

  // Children and start() calls let in: written under runner.lock (with the closed check), read
  // anywhere. See the notes.
  private volatile int admitted;

  // Children and start() calls counted out, and the owner while it waits for the children (taken
  // by whoever wakes it), on a cache line of their own. See the notes.
  private final Departures departures = new Departures();

  private Nursery(TaskImpl owner, CancelScope scope, boolean hidden) {
    this.runner = owner.runner();
    this.owner = owner;
    this.scope = scope;
    this.status = scope.status();
    this.hidden = hidden;
    this.asParent = new Parent();
  }

  /**
   * Opens a nursery, runs {@code body} with it, then waits until every child has finished.
   *
   * @param body starts the children; it runs in the calling task
   * @throws Exception the first failure of the body or of any child, with the others suppressed
   * @throws IllegalStateException if called outside a run
   */
  public static void open(NurseryBody body) throws Exception {
    Objects.requireNonNull(body, "body");
    open(body, false);
  }

  private static void open(NurseryBody body, boolean hidden) throws Exception {
    TaskImpl task = TaskImpl.current("Nursery.open");
    CancelScope scope = new CancelScope();
    scope.enter(task, true);
    Nursery n = new Nursery(task, scope, hidden);
    scope.ownedBy(n);
    task.nurseryOpened(n);
    Throwable bodyFailure = null;
    try {
      body.run(n);
    } catch (Throwable t) {
      bodyFailure = t;
    }
    Throwable failure = n.finish(bodyFailure);
    task.nurseryClosed(n);
    Throwable rethrow = scope.exit(task, failure);
    if (rethrow != null) {
      throw Runner.<Exception>sneaky(rethrow);
    }
  }

  /**
   * Starts {@code fn} as a child task with a generated name. The call does not wait for the child:
   * the child starts soon after, possibly (in parallel mode, on another core) before this method
   * has returned. It is not a checkpoint.
   *
   * @param fn the child's body
   * @throws IllegalStateException if the nursery has closed, or if called from outside the run
   */
  public void startSoon(ThrowingRunnable<?> fn) {
    startSoon(null, fn);
  }

  /**
   * Starts {@code fn} as a child task named {@code name} (also its thread's name).
   *
   * @param name the task's name; null for a generated one
   * @param fn the child's body
   * @throws IllegalStateException if the nursery has closed, or if called from outside the run
   */
  public void startSoon(String name, ThrowingRunnable<?> fn) {
    Objects.requireNonNull(fn, "fn");
    checkCaller("Nursery.startSoon");
    spawn(name, fn);
  }

  /**
   * Starts {@code fn} as a child task and waits until it calls {@link TaskStatus#started(Object)};
   * returns the value it passed. The task then lives on in this nursery.
   *
   * <p>Until it calls {@code started}, the task runs under the cancel scopes of the caller of
   * {@code start}: cancelling the caller cancels it, and a failure of it comes out of {@code start}
   * (unchanged) instead of going to this nursery.
   *
   * @param fn the task's body
   * @param <T> the type of the value
   * @return the value passed to {@code started}
   * @throws Exception what the task threw before calling {@code started}
   * @throws IllegalStateException if the task returned without calling {@code started}, or if the
   *     nursery has closed
   */
  public <T> T start(StartFunction<T> fn) throws Exception {
    return start(null, fn);
  }

  /**
   * Same as {@link #start(StartFunction)}, naming the task.
   *
   * @param name the task's name; null for a generated one
   * @param fn the task's body
   * @param <T> the type of the value
   * @return the value passed to {@code started}
   * @throws Exception what the task threw before calling {@code started}
   */
  public <T> T start(String name, StartFunction<T> fn) throws Exception {
    Objects.requireNonNull(fn, "fn");
    checkCaller("Nursery.start");
    runner.lock.lock();
    try {
      checkOpen();
      admit(1);
    } finally {
      runner.lock.unlock();
    }
    try {
      StatusImpl<T> ts = new StatusImpl<>();
      Nursery.open(
          inner -> {
            ts.inner = inner;
            inner.spawn(name, () -> fn.run(ts));
          },
          true);
      if (!ts.called) {
        throw new IllegalStateException(
            "the task started with Nursery.start returned without calling TaskStatus.started()");
      }
      return ts.value;
    } finally {
      countOut(1);
    }
  }

  /**
   * Returns the nursery's cancel scope: cancelling it cancels the body and every child.
   *
   * @return the scope
   */
  public CancelScope cancelScope() {
    return scope;
  }

  /**
   * Returns the task that opened this nursery.
   *
   * @return the task, as the low-level API sees it
   */
  public org.trio4j.lowlevel.Task parentTask() {
    return owner;
  }

  /**
   * Returns the children that have not finished yet.
   *
   * @return a snapshot
   */
  public List<org.trio4j.lowlevel.Task> childTasks() {
    runner.lock.lock();
    try {
      return List.copyOf(children.snapshot());
    } finally {
      runner.lock.unlock();
    }
  }

  /**
   * Tells whether the nursery has closed: its block has ended and it accepts no new tasks.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    runner.lock.lock();
    try {
      return closed;
    } finally {
      runner.lock.unlock();
    }
  }

  @Override
  public String toString() {
    // Read before taking the structure lock: cancelCalled() may take the scope's monitor, which
    // comes before the structure lock in the lock order (CancelScope.enter and exit hold the
    // monitor while they take the structure lock).
    boolean cancelled = scope.cancelCalled();
    runner.lock.lock();
    try {
      return "Nursery[owner="
          + owner.name()
          + ", children="
          + children.size()
          + (closed ? ", closed" : "")
          + (cancelled ? ", cancelled" : "")
          + "]";
    } finally {
      runner.lock.unlock();
    }
  }

  // ---- internals ----

  private void checkCaller(String operation) {
    TaskImpl me = TaskImpl.current(operation);
    if (me.runner() != runner) {
      throw new IllegalStateException(
          operation + " was called from a task of another run; a nursery belongs to one run");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(
          "this nursery is closed to new arrivals: its block has finished. Start the task in a"
              + " nursery that is still open");
    }
  }

  private void spawn(String name, ThrowingRunnable<?> fn) {
    TaskImpl t = runner.newTask(name, fn, asParent);
    // Linking a child in reads nothing that a deferred exit changes (RunLock notes).
    runner.lock.lockWithoutDraining();
    try {
      checkOpen();
      admit(1);
      children.add(t);
      t.attachInitial(status);
    } finally {
      runner.lock.unlock();
    }
    runner.startTask(t);
  }

  /** Records the body's end, waits for every child, closes, and combines the failures. */
  private Throwable finish(Throwable bodyFailure) {
    if (bodyFailure != null) {
      runner.lock.lock();
      try {
        recordFailureLocked(bodyFailure);
      } finally {
        runner.lock.unlock();
      }
      if (!scope.cancelCalledFlag()) {
        scope.cancel("the body of the nursery threw " + bodyFailure);
      }
    }
    while (true) {
      runner.lock.lock();
      try {
        if (admitted == departures.departed()) {
          closed = true;
          return combineLocked();
        }
      } finally {
        runner.lock.unlock();
      }
      // See the notes: publish, then look again; take the waiter back if nobody else did.
      departures.publishWaiter(owner);
      if (admitted == departures.departed() && departures.takeBack(owner)) {
        continue;
      }
      Runner.unwrap(owner, owner.park(AbortFunction.NEVER, asParent));
    }
  }

  /**
   * Lets {@code n} children (or start() calls) in; caller holds the lock and checked it is open.
   */
  private void admit(int n) {
    // A release store, not an atomic add: only holders of the lock write this field.
    ADMITTED.setRelease(this, admitted + n);
  }

  /**
   * Counts {@code n} children (or pending starts) out, and wakes the owner if it waits and that was
   * the last; callable from any thread, without the lock.
   */
  private void countOut(int n) {
    // The waiter first: ending children do not read `admitted` (the spawner's cache line) unless
    // someone waits. Reading them in this order is still the Dekker handshake of the notes.
    int d = departures.depart(n);
    if (departures.hasWaiter() && d == admitted) {
      TaskImpl w = departures.takeWaiter();
      if (w != null) {
        w.reschedule(Outcome.value(null));
      }
    }
  }

  /**
   * Keeps a failure of the body or of a child for {@link #combineLocked}; caller holds the lock.
   */
  private void recordFailureLocked(Throwable failure) {
    if (failure instanceof Cancelled) {
      // Never attached to anything (rule 7: a Cancelled is the consequence of a failure), and
      // rethrown only if it is the first and nothing else failed: so only the first is kept.
      FIRST_CANCELLED.compareAndSet(this, (Cancelled) null, (Cancelled) failure);
    } else {
      failures.add(failure);
    }
  }

  /**
   * The first failure that is not a Cancelled, with the other such failures suppressed; or the
   * first Cancelled if nothing else failed; or null. Caller holds the lock.
   */
  private Throwable combineLocked() {
    Throwable primary = null;
    for (Throwable f : failures) {
      if (primary == null) {
        primary = f;
      } else if (f != primary) {
        primary.addSuppressed(f);
      }
    }
    return primary != null ? primary : firstCancelled;
  }

  /** Caller holds the structure lock; see {@link TaskParent#childExitedLocked}. */
  private Runnable childExitedLocked(TaskImpl child, Throwable failure) {
    children.remove(child);
    if (failure == null) {
      return countOutOne;
    }
    recordFailureLocked(failure);
    if (scope.cancelCalledFlag()) {
      // Fast path, when a cancelled nursery unwinds: cancel() would return at once (its flag is
      // final once set), so neither build its reason nor take the scope's monitor.
      return countOutOne;
    }
    // Cancel before counting the child out (which may wake the waiter), so that the nursery's
    // scope is cancelled by the time its block decides whether to catch a Cancelled.
    return () -> {
      scope.cancel("child task " + child.name() + " threw " + failure);
      countOut(1);
    };
  }

  private final class Parent implements TaskParent {
    // A copy of the nursery's flag, so that ending children read this object, not the nursery's
    // (whose `admitted` the spawner writes).
    private final boolean exitsWithoutLock = !hidden;

    @Override
    public Runnable childExitedLocked(TaskImpl child, Throwable failure) {
      return Nursery.this.childExitedLocked(child, failure);
    }

    @Override
    public boolean exitsWithoutLock() {
      return exitsWithoutLock;
    }

    @Override
    public boolean childCancelledWithoutLock(TaskImpl child, Cancelled cancelled) {
      // Only once the scope is cancelled (a final state): then childExitedLocked would do nothing
      // but keep the Cancelled and count the child out. Before that, the child must cancel the
      // scope before it counts itself out, which the locked path does.
      if (!scope.cancelCalledFlag()) {
        return false;
      }
      FIRST_CANCELLED.compareAndSet(Nursery.this, (Cancelled) null, cancelled);
      return true;
    }

    @Override
    public void childReturned(TaskImpl child) {
      countOut(1);
    }

    @Override
    public void childUnlinkedLocked(TaskImpl child) {
      children.remove(child);
    }

    @Override
    public Nursery nursery() {
      return Nursery.this;
    }

    /** What the owner waits for at the end of the block, as task-tree dumps show it. */
    @Override
    public String toString() {
      return "the children of " + Nursery.this;
    }
  }

  /** The status handed to a task started with {@link #start}. */
  private final class StatusImpl<T> implements TaskStatus<T> {
    // Guarded by runner.lock.
    Nursery inner;
    boolean called;
    T value;

    @Override
    public void started(T v) {
      ArrayList<org.trio4j.internal.ParkRecord> toAbort = new ArrayList<>(0);
      int moved = 0;
      runner.lock.lock();
      try {
        if (called) {
          throw new IllegalStateException("TaskStatus.started was called twice on the same status");
        }
        called = true;
        value = v;
        if (inner.status.effectivelyCancelled()) {
          // The caller of start() has been cancelled: leave the task where it is, so that its
          // Cancelled is caught by the scope that caused it; start() will not return the value.
          return;
        }
        if (closed) {
          throw new IllegalStateException("the target nursery closed while start() was pending");
        }
        for (TaskImpl t : inner.children.snapshot()) {
          inner.children.remove(t);
          children.add(t);
          // Counted in here before it can see its new parent (a volatile write) and count itself
          // out of here; counted out of the hidden nursery below.
          admit(1);
          t.setParent(asParent);
          moved++;
        }
        inner.status.moveContentsTo(status, inner.owner, toAbort);
      } finally {
        runner.lock.unlock();
      }
      Runner.abortAll(toAbort);
      TaskImpl me = TaskImpl.currentOrNull();
      if (me != null) {
        me.clearStaleInterrupt();
      }
      if (moved > 0) {
        inner.countOut(moved);
      }
    }

    @Override
    public String toString() {
      return "TaskStatus[" + (called ? "started" : "pending") + "]";
    }
  }

  /** Padding before {@link Departures}' fields: the JVM lays out superclass fields first. */
  @SuppressWarnings("unused")
  private static class DeparturesPad {
    long p0, p1, p2, p3, p4, p5, p6, p7;
  }

  /** The fields of {@link Departures}, between padding. */
  private static class DeparturesFields extends DeparturesPad {
    static final VarHandle DEPARTED;
    static final VarHandle WAITER;

    static {
      try {
        MethodHandles.Lookup l = MethodHandles.lookup();
        DEPARTED = l.findVarHandle(DeparturesFields.class, "departed", int.class);
        WAITER = l.findVarHandle(DeparturesFields.class, "waiter", TaskImpl.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    volatile int departed;
    volatile TaskImpl waiter;
  }

  /**
   * The leaving side of the count of children: how many have been counted out, and the owner while
   * it waits for the last one (see the notes), alone on their cache line, which ending children
   * write all the time, away from `admitted`, which the spawner writes.
   */
  @SuppressWarnings("unused")
  private static final class Departures extends DeparturesFields {
    long q0, q1, q2, q3, q4, q5, q6, q7;

    /** Counts {@code n} out; returns how many have been counted out in all. */
    int depart(int n) {
      return (int) DEPARTED.getAndAdd(this, n) + n;
    }

    int departed() {
      return departed;
    }

    void publishWaiter(TaskImpl t) {
      waiter = t;
    }

    boolean hasWaiter() {
      return waiter != null;
    }

    /** Takes the waiter, if any; at most one caller gets it. */
    TaskImpl takeWaiter() {
      return (TaskImpl) WAITER.getAndSet(this, (TaskImpl) null);
    }

    /** Takes {@code t} back as the waiter unless someone took it already. */
    boolean takeBack(TaskImpl t) {
      return WAITER.compareAndSet(this, t, (TaskImpl) null);
    }
  }
}
