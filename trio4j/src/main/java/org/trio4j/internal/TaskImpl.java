package org.trio4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.trio4j.Cancelled;
import org.trio4j.Nursery;
import org.trio4j.ThrowingRunnable;
import org.trio4j.TrioInternalError;
import org.trio4j.internal.jfr.Jfr;
import org.trio4j.lowlevel.AbortFunction;
import org.trio4j.lowlevel.CheckpointCounts;
import org.trio4j.lowlevel.Outcome;
import org.trio4j.lowlevel.Task;

/** A task: one virtual thread, its place in the nursery tree, and its park/wake state. */
public final class TaskImpl implements Task, Runnable {
  /*
   * Implementation notes.
   *
   * Parking. Trio's wait_task_rescheduled/reschedule pair runs on one thread; here a task parks on
   * its own virtual thread while wakers and cancellers run on others, so the hand-off is a small
   * state machine:
   *
   *   IDLE --park()--> PARKED --reschedule()--> WOKEN --task resumes--> IDLE
   *   IDLE --reschedule() before park()--> WOKEN  (park() then returns at once)
   *
   * reschedule() first claims the single `wake` slot with a CAS (null -> outcome): that is the
   * exactly-once gate, and a second reschedule for the same park fails loudly. It then swaps the
   * state to WOKEN and unparks the thread only if it was PARKED. The second arrow exists because a
   * task registers itself with a waker (a parking lot, a channel) before it calls park(), and on
   * another core the waker may act in between; LockSupport's permit has the same shape.
   *
   * Cancellation of a parked task goes through its abort function, called at most once per park
   * (ParkRecord.attempted). Both the canceller and the task itself may try: the canceller sets
   * status.effectivelyCancelled and then reads the park state; the task publishes PARKED and then
   * reads effectivelyCancelled. Both are volatile, so at least one of them sees the other (the
   * Dekker pattern); the CAS on `attempted` makes sure only one calls the function. A ParkRecord
   * is made per park (a sleep's timer entry doubles as one; see ParkRecord) so that a late
   * canceller holding an old record can never abort a later, unrelated park.
   *
   * Interrupt bridge (DESIGN rule 12). A task that is not parked in trio4j when its status becomes
   * cancelled may be blocked in plain JDK code, so the canceller interrupts its thread, under the
   * task's monitor and the run's structure lock. The flag stays set for as long as the task is
   * under a cancelled status, which makes JDK blocking calls level-triggered like trio4j's own
   * checkpoints; whenever the task's status changes to one that is not cancelled (it leaves the
   * cancelled scope, or enters a shield) the task clears the interrupt it was given, so no stale
   * interrupt leaks into code that was not cancelled. Parks clear the flag while they wait (or
   * LockSupport.park would spin) and restore it afterwards.
   *
   * Observability (instruments, JFR, task-tree dumps). Each hook on a hot path costs one volatile
   * read when nobody listens: Runner.hasInstruments() (the instrument list) and Jfr.active() (set
   * once JFR has been initialised in the JVM). A park records what the task waits for
   * (ParkRecord.blockedOn, a description object whose toString() is called only by a dump or a
   * committed JFR event), so that a dump can say "parked on sleep until 3.000 s" instead of
   * "parked".
   */

  // Thread-safe, unlike a Thread.Builder, so one serves every run.
  private static final java.util.concurrent.ThreadFactory UNNAMED = Thread.ofVirtual().factory();

  private static final int IDLE = 0;
  private static final int PARKED = 1;
  private static final int WOKEN = 2;
  private static final VarHandle STATE;
  private static final VarHandle WAKE;
  private static final VarHandle AUX;
  private static final VarHandle STATUS;
  private static final VarHandle PARENT;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATE = l.findVarHandle(TaskImpl.class, "state", int.class);
      WAKE = l.findVarHandle(TaskImpl.class, "wake", Outcome.class);
      AUX = l.findVarHandle(TaskImpl.class, "aux", Object.class);
      STATUS = l.findVarHandle(TaskImpl.class, "status", CancelStatus.class);
      PARENT = l.findVarHandle(TaskImpl.class, "parent", TaskParent.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Size. A task is one of these on top of the JDK's virtual thread, and a program may hold a
  // million of them parked, so every field counts: the object is 80 bytes with a 12-byte header
  // and compressed oops (JDK 25's defaults; -XX:+PrintFieldLayout shows it), down from 120. What
  // most tasks never use lives in a TaskExtras, made on first need (see aux); the checkpoint counts
  // are ints whose high halves live there; CurrentTasks finds a task's slot again from its thread
  // id instead of storing it; the task's id is its thread's id; the parallel scheduler's yield
  // counter is the schedule-point count. 79 of the 80 bytes are taken: a field of 4 bytes or more
  // costs 8 bytes per task. Measure first.

  final Runner runner;
  // The body (a ThrowingRunnable) until a TaskExtras is needed, then that TaskExtras, which holds
  // the body from then on: one slot for both, since most tasks never need the extras. Made at
  // construction for a named task, otherwise by extras() with a CAS from whichever thread needs it
  // first; it never changes again after that. Volatile: the CAS publishes the extras.
  private volatile Object aux;
  private Thread thread;

  // Guarded by runner.lock; `status` is also read lock-free by the task itself on checkpoints.
  volatile CancelStatus status;
  TaskImpl statusPrev;
  TaskImpl statusNext;
  // Also read without the lock by the task itself when it exits (TaskStatus.started may move it).
  volatile TaskParent parent;
  TaskImpl siblingPrev;
  TaskImpl siblingNext;
  // RunLock's exit stack (see its notes): the link and depth, written by the task before it
  // pushes itself and read by the thread that drains the stack. A depth other than 0 also says
  // that the task has pushed itself (TaskBreakers notes).
  TaskImpl exitedNext;
  int exitedDepth;

  // Park protocol; see the notes above.
  private volatile int state;
  private volatile Outcome wake;
  volatile ParkRecord currentPark;

  // Guarded by `this`.
  private boolean trioInterrupted;
  // Guarded by `this`: whether the task has broken its parking lots as it exited, after which no
  // breaker may be added (the lots themselves are in TaskExtras.breakers).
  boolean exited;

  // Touched only by the task's own thread: the low 32 bits of the cancel points and schedule
  // points it has passed, for Lowlevel.checkpointCounts (Trio's Task._cancel_points /
  // _schedule_points); the high halves are in TaskExtras, raised when these wrap to 0. The
  // parallel scheduler also yields on every 256th schedule point by reading schedulePoints.
  private int cancelPoints;
  int schedulePoints;

  // Set by the cooperative scheduler when it grants this task the run; cleared by the task.
  volatile boolean granted;

  TaskImpl(Runner runner, String name, ThrowingRunnable<?> body, TaskParent parent) {
    this.runner = runner;
    // Plain writes to these volatile fields (VarHandle.set has plain semantics): a volatile write
    // costs a full fence, and a spawn paid three of them (here and in attachInitial) before the
    // task was visible to anyone. Nothing can read them yet: the task is published to other
    // threads only through the structure lock (the nursery's child list, its cancel status), whose
    // release orders these writes before any reader that takes the lock, and to its own thread
    // through Thread.start, which happens-before everything that thread does.
    AUX.set(this, name == null ? body : new TaskExtras(body, name));
    PARENT.set(this, parent);
  }

  void createThread() {
    // The run's own tasks (the root, which has no nursery, and the tasks of the system nursery:
    // the main task, system tasks) enter through runOwnTask(); see there why.
    Nursery n = parent.nursery();
    Runnable entry = n == null || n == runner.systemNursery() ? this::runOwnTask : this;
    // Naming a thread costs a string per task; unnamed tasks get a name only when one is asked for.
    String name = givenName();
    this.thread =
        name != null ? Thread.ofVirtual().name(name).unstarted(entry) : UNNAMED.newThread(entry);
  }

  /**
   * Returns the task running on this thread, or null.
   *
   * @return the current task
   */
  public static TaskImpl currentOrNull() {
    return CurrentTasks.get();
  }

  /**
   * Returns the task running on this thread.
   *
   * @param operation the operation attempted, for the error message
   * @return the current task
   * @throws IllegalStateException if this thread is not a trio4j task
   */
  public static TaskImpl current(String operation) {
    TaskImpl t = CurrentTasks.get();
    if (t == null) {
      throw new IllegalStateException(
          operation
              + " must be called from a trio4j task, inside Trio.run(...); the current thread ("
              + Thread.currentThread()
              + ") is not one. Run this code inside Trio.run, or start it as a task in a nursery.");
    }
    return t;
  }

  /**
   * Returns the run this task belongs to.
   *
   * @return the runner
   */
  public Runner runner() {
    return runner;
  }

  /**
   * Returns the task's innermost cancel status.
   *
   * @return the status
   */
  public CancelStatus status() {
    return status;
  }

  @Override
  public String name() {
    String n = givenName();
    return n != null ? n : "trio4j-task-" + id();
  }

  private String givenName() {
    return aux instanceof TaskExtras x ? x.name : null;
  }

  /** The side object if it has been made, else null; from any thread. */
  TaskExtras extrasOrNull() {
    return aux instanceof TaskExtras x ? x : null;
  }

  /**
   * Returns the task's extras, made and installed now if it has none yet; from any thread.
   *
   * @return the extras
   */
  TaskExtras extras() {
    Object a = aux;
    while (true) {
      if (a instanceof TaskExtras x) {
        return x;
      }
      // `a` is the body: it moves into the extras, which take its slot. A failed CAS means that
      // another thread installed extras meanwhile; use theirs.
      TaskExtras x = new TaskExtras((ThrowingRunnable<?>) a, null);
      Object witness = AUX.compareAndExchange(this, a, x);
      if (witness == a) {
        return x;
      }
      a = witness;
    }
  }

  /** The task's body; on its own thread as it starts. */
  private ThrowingRunnable<?> body() {
    Object a = aux;
    return a instanceof TaskExtras x ? x.body : (ThrowingRunnable<?>) a;
  }

  @Override
  public Thread thread() {
    return thread;
  }

  @Override
  public Optional<Nursery> parentNursery() {
    runner.lock.lock();
    try {
      return parent == null ? Optional.empty() : Optional.ofNullable(parent.nursery());
    } finally {
      runner.lock.unlock();
    }
  }

  @Override
  public List<Nursery> childNurseries() {
    return TaskExtras.openNurseries(this);
  }

  /**
   * Records a nursery opened in this task.
   *
   * @param n the nursery
   */
  public void nurseryOpened(Nursery n) {
    TaskExtras.nurseryOpened(this, n);
  }

  /**
   * Records that a nursery of this task has closed.
   *
   * @param n the nursery
   */
  public void nurseryClosed(Nursery n) {
    TaskExtras.nurseryClosed(this, n);
  }

  /**
   * Returns the parent; caller holds the structure lock.
   *
   * @return the parent
   */
  public TaskParent parent() {
    return parent;
  }

  /**
   * Moves the task under another nursery (by {@code TaskStatus.started}); caller holds the lock.
   *
   * @param p the new parent
   */
  public void setParent(TaskParent p) {
    this.parent = p;
  }

  // ---- the task's body ----

  @Override
  public void run() {
    // Kept small: this frame stays on the stack of every parked task, and a compiled frame's size
    // grows with the values it keeps across calls. Only `this` lives across the body: the start
    // and the exit are methods of their own, JFR's event is kept in the TaskExtras, and the failure
    // goes straight from the handler to exit() instead of through a local.
    started();
    try {
      body().run();
    } catch (Throwable t) {
      exit(t);
      return;
    }
    exit(null);
  }

  /**
   * The entry of the run's own tasks (the root task, the main task, system tasks): the same steps
   * as {@link #run()}, from a call site of its own. They are few, and their bodies are of other
   * classes than the tasks the program spawns. Through run(), each new run's root and main task
   * would meet code that the JIT compiled from a profile of the previous run's tasks, which never
   * saw those classes or cases, and deoptimize it (a class check at body.run(), a pruned branch):
   * the tasks started meanwhile would then run interpreted frames, which stay several times larger
   * on their parked stacks (measured with the benchmarks' IdleTaskMemory: 50-90 words per parked
   * task instead of about 35, in the runs where it happened).
   */
  private void runOwnTask() {
    started();
    try {
      body().run();
    } catch (Throwable t) {
      exit(t);
      return;
    }
    exit(null);
  }

  /** The first steps on the task's thread (the root task has no cancel status yet). */
  private void started() {
    runner.scheduler().taskStarted(this);
    if (Jfr.active()) {
      TaskJfr.started(this);
    }
    if (status != null && status.effectivelyCancelled) {
      interruptSelfForCancel();
    }
  }

  /** After the body: tells instruments, JFR, the lots it breaks and its parent that it ended. */
  private void exit(Throwable failure) {
    if (failure != null && runner.hasInstruments()) {
      runner.taskFailed(this, failure);
    }
    if (Jfr.active()) {
      TaskJfr.exited(this, failure);
    }
    TaskParent p = parent;
    // A returning child of an ordinary nursery breaks its lots after its deferred exit, without
    // the task's monitor unless it has extras (TaskBreakers notes); every other exit breaks them
    // here.
    boolean breakAfterPush = failure == null && p.exitsWithoutLock();
    if (!breakAfterPush) {
      TaskBreakers.breakAll(this);
    }
    // Instruments hear of the exit before the parent does, and outside the structure lock.
    runner.taskExiting(this);
    if (breakAfterPush
        || (p.exitsWithoutLock()
            && failure instanceof Cancelled
            && p.childCancelledWithoutLock(this, (Cancelled) failure))) {
      // The common case: unlinked from the structure by the next holder of the lock (RunLock
      // notes), then counted out of the nursery, in that order. A child of an already-cancelled
      // nursery ending with Cancelled leaves the same way, once the nursery has kept its Cancelled:
      // 10k of them used to queue up on the lock.
      runner.lock.deferExit(this);
      if (breakAfterPush) {
        TaskBreakers.breakAllAfterDeferredExit(this);
      }
      try {
        p.childReturned(this);
      } finally {
        finishOnThread();
      }
      return;
    }
    Runnable afterExit;
    runner.lock.lock();
    try {
      CancelStatus s = status;
      if (failure instanceof InterruptedException && s != null && s.effectivelyCancelled) {
        failure = runner.cancelledFromInterrupt((InterruptedException) failure, s);
      }
      if (s != null) {
        s.anchor().detachTask(this);
        status = null;
      }
      afterExit = parent.childExitedLocked(this, failure);
    } finally {
      runner.lock.unlock();
    }
    try {
      if (afterExit != null) {
        afterExit.run();
      }
    } finally {
      finishOnThread();
    }
  }

  /** The last acts on the task's thread, once its parent has been told. */
  private void finishOnThread() {
    runner.taskExited(this);
    CurrentTasks.unregister(this);
    runner.scheduler().taskFinished(this);
  }

  /**
   * Unlinks a task that ended through {@link RunLock#deferExit} from its cancel status and its
   * nursery's child list; the caller holds the lock (it drains the stack of such tasks).
   */
  void unlinkEndedLocked() {
    CancelStatus s = status;
    if (s != null) {
      s.anchor().detachTask(this);
      status = null;
    }
    parent.childUnlinkedLocked(this);
  }

  // ---- cancel status ----

  /**
   * Attaches a new task, not yet started, to its first status; caller holds the lock.
   *
   * @param s the status of the nursery's scope
   */
  public void attachInitial(CancelStatus s) {
    s.attachTask(this);
    // A plain write: the task has not started (see the constructor), and every other reader of
    // `status` holds the lock that the caller releases after this.
    STATUS.set(this, s);
  }

  /**
   * Makes {@code s} the task's innermost status, on the task's own thread, when it enters or leaves
   * a cancel scope; caller holds the lock. Call {@link #clearStaleInterrupt()} after releasing it.
   *
   * @param s the new status
   */
  public void switchStatus(CancelStatus s) {
    CancelStatus old = status;
    if (old != null) {
      old.detachTask(this);
    }
    if (s != null) {
      s.attachTask(this);
    }
    status = s;
  }

  /**
   * Called (under the lock) when this task's status becomes cancelled: a parked task is aborted by
   * the caller once it has released the lock; any other is interrupted now.
   */
  void cancelDelivered(ArrayList<ParkRecord> toAbort) {
    ParkRecord p = currentPark;
    if (p != null && state == PARKED) {
      toAbort.add(p);
    } else {
      synchronized (this) {
        if (!trioInterrupted && thread != null) {
          trioInterrupted = true;
          thread.interrupt();
        }
      }
    }
  }

  private void interruptSelfForCancel() {
    synchronized (this) {
      trioInterrupted = true;
      Thread.currentThread().interrupt();
    }
  }

  /**
   * On the task's own thread: drops an interrupt that trio4j delivered for a cancellation that no
   * longer applies, because the task now runs under a status that is not cancelled.
   */
  public void clearStaleInterrupt() {
    if (trioInterrupted) {
      synchronized (this) {
        CancelStatus s = status;
        if (trioInterrupted && (s == null || !s.effectivelyCancelled)) {
          trioInterrupted = false;
          Thread.interrupted();
        }
      }
    }
  }

  /**
   * On the task's own thread, after it left a cancel scope: makes the interrupt flag match the
   * status it is now under. Under a cancelled status the flag is set, so that JDK blocking calls
   * are interrupted as checkpoints throw (a task leaving a shield into a scope that was cancelled
   * meanwhile was never interrupted, since its status did not change when the scope was cancelled);
   * under one that is not cancelled, an interrupt trio4j delivered is dropped.
   */
  public void refreshInterrupt() {
    CancelStatus s = status;
    if (s != null && s.effectivelyCancelled) {
      interruptSelfForCancel();
    } else {
      clearStaleInterrupt();
    }
  }

  // ---- checkpoints ----

  /**
   * A checkpoint: a schedule point (see {@link Scheduler#schedulePoint}), then throws {@link
   * Cancelled} if the task is under a cancelled status. The schedule point comes first, as in Trio,
   * so that a deadline that expired while other tasks ran is seen.
   */
  public void checkpoint() {
    countSchedulePoint();
    runner.scheduler().schedulePoint(this);
    countCancelPoint();
    if (runner.hasInstruments()) {
      runner.taskCheckpointed(this);
    }
    CancelStatus s = status;
    if (s.effectivelyCancelled) {
      throw newCancelled(s);
    }
  }

  /** The scheduling half of a checkpoint, without the cancellation half. */
  public void schedulePoint() {
    countSchedulePoint();
    runner.scheduler().schedulePoint(this);
    if (runner.hasInstruments()) {
      runner.taskCheckpointed(this);
    }
  }

  /** Throws {@link Cancelled} if the task is under a cancelled status; never yields. */
  public void checkpointIfCancelled() {
    countCancelPoint();
    CancelStatus s = status;
    if (s.effectivelyCancelled) {
      throw newCancelled(s);
    }
  }

  /**
   * Creates the Cancelled for this task's current cancellation, on the task's own thread, and keeps
   * the interrupt flag set so that JDK blocking calls made while unwinding are interrupted too.
   */
  Cancelled newCancelled(CancelStatus s) {
    synchronized (this) {
      if (!Thread.currentThread().isInterrupted()) {
        Thread.currentThread().interrupt();
      }
      trioInterrupted = true;
    }
    Cancelled c = Access.newCancelled(s.cancelReason());
    if (runner.hasInstruments()) {
      runner.taskCancelled(this, c);
    }
    return c;
  }

  // ---- parking ----

  /**
   * Parks the task until it is rescheduled; on the task's own thread.
   *
   * @param abortFn called if the task is cancelled while parked
   * @return the outcome it was rescheduled with
   */
  public Outcome park(AbortFunction abortFn) {
    return park(new ParkRecord.OfFunction(this, abortFn));
  }

  /**
   * Parks the task until it is rescheduled, recording what it waits for; on its own thread.
   *
   * @param abortFn called if the task is cancelled while parked
   * @param blockedOn what the task waits for, described by its toString() in dumps and JFR events;
   *     null to describe the wait by {@code abortFn}
   * @return the outcome it was rescheduled with
   */
  public Outcome park(AbortFunction abortFn, Object blockedOn) {
    return park(
        blockedOn == null
            ? new ParkRecord.OfFunction(this, abortFn)
            : new ParkRecord.Described(this, abortFn, blockedOn));
  }

  /**
   * Parks the task until it is rescheduled, on its own thread, with a record that is its own abort
   * function and description (a primitive's waiter node; see {@link ParkRecord}).
   *
   * @param rec a new record for this park, made for this task
   * @return the outcome it was rescheduled with
   */
  public Outcome park(ParkRecord rec) {
    // This frame (or the one it is inlined into) stays on the stack of every parked task, and what
    // it keeps across LockSupport.park makes it large: only `this` now (the record is read back
    // from currentPark, JFR's event waits in TaskExtras, interrupts and early returns go to
    // parkAgain; LockSupport.park() has no blocker, which it would keep across the park too: task
    // dumps say what a task waits for). A park is a cancel and schedule point even if woken first.
    countCancelPoint();
    countSchedulePoint();
    currentPark = rec;
    if (STATE.compareAndSet(this, IDLE, PARKED)) {
      if (Jfr.active()) {
        TaskJfr.parkBegin(this); // only a real park (Jfr notes)
      }
      // A cancellation that is already pending is delivered before the task counts as blocked
      // (as Trio does as soon as a task yields): counted first, the run could look idle for an
      // instant, and an autojumping clock could fire a timer that wakes the task normally.
      CancelStatus s = status;
      if (s != null && s.effectivelyCancelled) {
        rec.tryAbort();
      }
      runner.taskBlocked(this);
      runner.scheduler().parking(this);
      if (state != WOKEN) {
        LockSupport.park();
        // The test after the park is a branch of its own, not a loop's test before the park:
        // C2 compiles this code before any task has woken, with a profile in which the test
        // before the park never found the task woken, and would turn that loop's exit into an
        // uncommon trap that every waking task hits (IdleTaskMemory: 61k deoptimizations in one
        // release, and a recompiled park path of another shape). The interrupt is read with
        // isInterrupted(), a field read: Thread.interrupted() is a virtual call whose type profile
        // is shared with platform threads, and its class check failed in every waking task.
        if (state != WOKEN || Thread.currentThread().isInterrupted()) {
          parkAgain();
        }
      }
      runner.scheduler().resumed(this);
    }
    ParkRecord ended = currentPark;
    currentPark = null;
    Outcome o = wake;
    wake = null;
    state = IDLE;
    if (Jfr.active()) {
      TaskJfr.parkEnd(this, ended, o);
    }
    if (o == null) {
      throw noOutcome();
    }
    return o;
  }

  /**
   * The rest of a park whose first LockSupport.park returned before the wake-up (a spurious return,
   * a permit left by an earlier unpark) or with the thread interrupted: parks until woken, keeping
   * the interrupt flag clear meanwhile (or LockSupport.park would return at once, again and again),
   * then restores it.
   */
  private void parkAgain() {
    boolean interrupted = false;
    while (true) {
      if (Thread.currentThread().isInterrupted()) {
        Thread.interrupted();
        interrupted = true;
      }
      if (state == WOKEN) {
        break;
      }
      LockSupport.park();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private TrioInternalError noOutcome() {
    return new TrioInternalError("task " + name() + " woke from park without an outcome");
  }

  /**
   * Wakes the task with {@code o}; exactly once per park, from any thread.
   *
   * @param o the outcome
   * @throws IllegalStateException if the task was already rescheduled and has not consumed it
   */
  public void reschedule(Outcome o) {
    if (!tryReschedule(o)) {
      throw new IllegalStateException(
          "task " + name() + " was rescheduled twice for one park; reschedule exactly once");
    }
  }

  /**
   * Wakes the task with {@code o} unless it has already been rescheduled for this park.
   *
   * @param o the outcome
   * @return false if someone else had already rescheduled it
   */
  boolean tryReschedule(Outcome o) {
    if (!WAKE.compareAndSet(this, (Outcome) null, o)) {
      return false;
    }
    // Not parked yet (registered with its waker, spinning or on its way to park()): it never
    // counted itself as blocked, so one CAS wakes it without the run's counts (ParkSpin notes).
    if (state == IDLE && STATE.compareAndSet(this, IDLE, WOKEN)) {
      return true;
    }
    runner.taskUnblocking();
    int prev = (int) STATE.getAndSet(this, WOKEN);
    if (prev == PARKED) {
      runner.taskScheduled(this);
      runner.scheduler().wake(this);
    } else {
      runner.taskUnblockingUndone(); // not parked after all (see above): undo the increment
    }
    return true;
  }

  /**
   * For the task-tree dump: the park the task is in, or null if it is not parked.
   *
   * @return the park record
   */
  ParkRecord parkedOn() {
    ParkRecord p = currentPark;
    return p != null && state == PARKED ? p : null;
  }

  /**
   * For the task-tree dump: whether the task has been rescheduled and has not resumed yet.
   *
   * @return true between the wake-up and the return from park
   */
  boolean wokenNotResumed() {
    return state == WOKEN;
  }

  /**
   * Returns the task's id: its thread's {@linkplain Thread#threadId() id}, unique in the JVM and
   * growing in order of creation, so that JFR's and thread dumps' thread ids name the same task.
   *
   * @return the id
   */
  public long id() {
    return thread.threadId();
  }

  /**
   * On the task's own thread: how many cancel points and schedule points it has passed so far.
   *
   * @return the counts
   */
  public CheckpointCounts checkpointCounts() {
    TaskExtras x = aux instanceof TaskExtras e ? e : null;
    int cancelHigh = x == null ? 0 : x.cancelPointsHigh;
    int scheduleHigh = x == null ? 0 : x.schedulePointsHigh;
    return new CheckpointCounts(
        ((long) cancelHigh << 32) | (cancelPoints & 0xFFFF_FFFFL),
        ((long) scheduleHigh << 32) | (schedulePoints & 0xFFFF_FFFFL));
  }

  // On the task's own thread, as are the counters they raise.
  private void countCancelPoint() {
    if (++cancelPoints == 0) {
      extras().cancelPointsHigh++;
    }
  }

  private void countSchedulePoint() {
    if (++schedulePoints == 0) {
      extras().schedulePointsHigh++;
    }
  }

  @Override
  public String toString() {
    return "Task[" + name() + "]";
  }
}
