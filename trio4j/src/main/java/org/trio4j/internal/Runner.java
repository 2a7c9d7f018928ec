package org.trio4j.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.trio4j.Cancelled;
import org.trio4j.Clock;
import org.trio4j.Nursery;
import org.trio4j.ThrowingRunnable;
import org.trio4j.internal.jfr.Jfr;
import org.trio4j.lowlevel.Instrument;
import org.trio4j.lowlevel.Outcome;
import org.trio4j.lowlevel.RunStatistics;

/** The state of one run: its clock, deadlines, tasks, instruments and run variables. */
public final class Runner {
  /*
   * Implementation notes.
   *
   * Tasks are virtual threads scheduled by the JDK (parallel mode). What Trio's single-threaded
   * event loop does between batches is done here by the timer loop, which runs on the thread that
   * called Trio.run (that thread has nothing else to do until the run ends). It
   *   - fires expired deadlines (DeadlineHeap: sleeps end, cancel scopes are cancelled);
   *   - wakes waitAllTasksBlocked() waiters once every task has been blocked for their cushion;
   *   - autojumps the clock to the next deadline once every task has been blocked for the clock's
   *     autojump threshold, unless someone waits in waitAllTasksBlocked (Trio gives them
   *     priority);
   * and otherwise sleeps until the next deadline or until it is signalled (LockSupport.unpark).
   *
   * "Blocked" means parked in a trio4j wait (TaskImpl.park). The runnable count (the low half of
   * `counts`) counts the tasks that are not: it is incremented when a task is spawned or woken and decremented when it parks or ends.
   * The decrement that reaches zero stamps `idleSince` and bumps `idleGeneration`; the timer loop
   * acts only if the count is still zero and the generation unchanged when it decides, so a run
   * that was busy in between is never mistaken for idle. A task blocked in foreign code
   * (Thread.sleep, a JDK socket) counts as runnable, as DESIGN rule 14 says.
   *
   * The structure lock (`lock`) guards the cancel-status tree, which task is attached where, and
   * the nurseries' child lists. Critical sections are short and never block or call user code.
   * Tasks that return normally leave those lists without taking it (RunLock notes).
   * Lock order: a CancelScope's monitor, then `lock`, then a task's monitor. Abort functions are
   * called after `lock` is released.
   *
   * Other threads reach into the run through the EntryQueue (TrioToken.runSyncSoon), served by a
   * task, not by the timer loop: callbacks need a task context. That task is started when the run
   * first hands out its TrioToken. Ctrl-C reaches it through
   * requestInterrupt(), which the loop treats like an interrupt of its own thread (it cancels the
   * run) without leaving an interrupt status behind on the thread that called Trio.run.
   *
   * Every run registers itself in LiveRuns while it executes, so that a task-tree dump (and the
   * JFR TaskTree event) can reach runs from any thread; that costs one set insertion and removal
   * per run.
   */

  private static final System.Logger LOG = System.getLogger("org.trio4j");
  private static final AtomicLong RUN_IDS = new AtomicLong();

  /** The structure lock; see the notes above. */
  public final RunLock lock = new RunLock();

  private final long id = RUN_IDS.incrementAndGet();
  private final Clock clock;
  private final Scheduler scheduler;
  private final DeadlineHeap timers = new DeadlineHeap();
  private final RunInstruments instruments;
  private final ConcurrentHashMap<Object, Object> runVars = new ConcurrentHashMap<>();
  // The living tasks (high 32 bits) and the runnable ones (low 32 bits), in one word so that a
  // spawn, which adds one to both, is one atomic operation on one cache line: in a burst of spawns
  // the exiting tasks on other cores write this word too, and each atomic operation of the
  // spawner then waits for the line to come back.
  private final AtomicLong counts = new AtomicLong();
  private static final long ONE_LIVING = 1L << 32;
  private final AtomicLong idleGeneration = new AtomicLong();
  private volatile long idleSince;
  private final LoopThread loop;
  private final Clock.Listener clockListener = this::signal;
  private volatile boolean idleWatched;
  private volatile boolean rootDone;
  private volatile boolean loopInterrupted;
  private final AtomicBoolean interruptRequested = new AtomicBoolean();
  private final EntryQueue entryQueue = new EntryQueue(this);
  private final AtomicBoolean entryTaskStarted = new AtomicBoolean();
  // Written by the root task before the main task starts; read by tasks.
  private volatile Nursery entryNursery;

  private final BlockedWaiters waiters = new BlockedWaiters();

  // Written before the root task starts or by the system nursery's body; read by tasks.
  private volatile Nursery systemNursery;
  private volatile TaskImpl rootTask;
  private final AtomicLong internalErrors = new AtomicLong();
  private final ConcurrentHashMap<Throwable, Boolean> internalErrorList = new ConcurrentHashMap<>();
  private volatile Runnable onInterrupt;
  // Created on the first I/O wait (lazily: a run without I/O pays nothing); see io().
  private volatile IoManager io;

  /**
   * Creates a run; {@link #execute} runs it from the calling thread (LoopThread notes).
   *
   * @param clock the run's clock
   * @param instruments instruments installed from the start
   * @param scheduler the scheduling policy
   */
  public Runner(Clock clock, List<Instrument> instruments, Scheduler scheduler) {
    this.clock = clock;
    this.scheduler = scheduler;
    this.instruments = new RunInstruments(instruments);
    this.loop = new LoopThread(clock, this);
  }

  /**
   * Returns the run of the current task, failing clearly outside a run.
   *
   * @param operation the operation attempted, for the error message
   * @return the runner
   */
  public static Runner current(String operation) {
    return TaskImpl.current(operation).runner;
  }

  /**
   * Returns the run's clock.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Returns the current time on the run's clock.
   *
   * @return nanoseconds
   */
  public long now() {
    return clock.currentTime();
  }

  /**
   * Returns the run's scheduling policy.
   *
   * @return the scheduler
   */
  public Scheduler scheduler() {
    return scheduler;
  }

  /**
   * Returns the run's deadline heap.
   *
   * @return the heap
   */
  public DeadlineHeap timers() {
    return timers;
  }

  /**
   * Returns the run's variables' storage.
   *
   * @return the map from RunVar to value
   */
  public ConcurrentHashMap<Object, Object> runVars() {
    return runVars;
  }

  /**
   * Returns the system nursery, where system tasks live.
   *
   * @return the nursery
   */
  public Nursery systemNursery() {
    return systemNursery;
  }

  /**
   * Sets the system nursery; called once by the root task.
   *
   * @param n the nursery
   */
  public void setSystemNursery(Nursery n) {
    this.systemNursery = n;
  }

  /**
   * Returns the root task.
   *
   * @return the task
   */
  public TaskImpl rootTask() {
    return rootTask;
  }

  /**
   * Returns the run's I/O manager, creating it on first use.
   *
   * @return the I/O manager
   */
  public IoManager io() {
    IoManager m = io;
    if (m == null) {
      synchronized (this) {
        m = io;
        if (m == null) {
          m = new IoManager(this);
          io = m;
        }
      }
    }
    return m;
  }

  /**
   * Returns the run's I/O manager if any I/O wait has created it.
   *
   * @return the I/O manager, or null
   */
  public IoManager ioIfStarted() {
    return io;
  }

  /**
   * Sets what to do when the thread running the run is interrupted (cancel the run).
   *
   * @param r the action, run on the timer loop thread
   */
  public void setOnInterrupt(Runnable r) {
    this.onInterrupt = r;
  }

  /**
   * Asks the timer loop to do what it does when its thread is interrupted (cancel the run), without
   * touching that thread's interrupt status: how Ctrl-C reaches the run. Callable from any thread,
   * any number of times; does not block.
   */
  public void requestInterrupt() {
    interruptRequested.set(true);
    LockSupport.unpark(loop.thread);
  }

  /**
   * Returns the run's entry queue, through which other threads reach into the run.
   *
   * @return the queue
   */
  public EntryQueue entryQueue() {
    return entryQueue;
  }

  /**
   * Sets the nursery the entry task is started in; called once by the root task.
   *
   * @param n the nursery, which encloses the system nursery
   */
  public void setEntryNursery(Nursery n) {
    this.entryNursery = n;
  }

  /**
   * Starts the task that serves the entry queue, unless it is running already; on a task of the
   * run. Called when a TrioToken is first handed out: without a token nobody can queue anything, so
   * a run that never hands one out never pays for the task.
   */
  public void startEntryTask() {
    if (!entryTaskStarted.get() && entryTaskStarted.compareAndSet(false, true)) {
      entryNursery.startSoon("trio4j-entry-queue", entryQueue::serve);
    }
  }

  /**
   * Tells whether the thread that called {@code Trio.run} was interrupted during the run.
   *
   * @return true if it was
   */
  public boolean wasInterrupted() {
    return loopInterrupted || loop.callerInterrupted();
  }

  // ---- running ----

  /**
   * Runs the root task and the timer loop until the root task has finished.
   *
   * @param rootBody the root task's body
   * @param rootParent told when the root task ends
   */
  public void execute(ThrowingRunnable<?> rootBody, TaskParent rootParent) {
    Jfr.init();
    clock.start(clockListener);
    LiveRuns.add(this);
    try {
      recomputeIdleWatch();
      instruments.beforeRun();
      TaskImpl root = newTask("trio4j-root", rootBody, rootParent);
      rootTask = root;
      startTask(root);
      loop.runLoop();
    } finally {
      LiveRuns.remove(this);
      IoManager m = io;
      if (m != null) {
        m.close();
      }
      entryQueue.close();
      clock.stop(clockListener);
      instruments.afterRun();
    }
  }

  /** Called by the root task's parent when the root task has ended. */
  public void rootFinished() {
    rootDone = true;
    LockSupport.unpark(loop.thread);
  }

  /**
   * Creates a task that is not yet started.
   *
   * @param name its name, or null for a generated one
   * @param body what it runs
   * @param parent told when it ends
   * @return the task
   */
  public TaskImpl newTask(String name, ThrowingRunnable<?> body, TaskParent parent) {
    TaskImpl t = new TaskImpl(this, name, body, parent);
    t.createThread();
    return t;
  }

  /**
   * Starts a task created by {@link #newTask} and attached to its status.
   *
   * @param t the task
   */
  public void startTask(TaskImpl t) {
    counts.getAndAdd(ONE_LIVING + 1);
    if (!instruments.isEmpty()) {
      instruments.taskSpawned(t);
    }
    scheduler.taskSpawned(t);
    CurrentTasks.register(t);
    try {
      t.thread().start();
    } catch (Throwable e) {
      CurrentTasks.unregister(t);
      throw e;
    }
  }

  /**
   * A task is about to tell its parent that it has ended: report it, and stop counting it as
   * living. This must happen before the parent learns of it, or the hook and the count could lag
   * behind the nursery's exit and even behind the end of the run (afterRun, Trio.run returning).
   */
  void taskExiting(TaskImpl t) {
    if (!instruments.isEmpty()) {
      instruments.taskExited(t);
    }
    counts.getAndAdd(-ONE_LIVING);
  }

  /**
   * A task has told its parent that it has ended; it stops counting as runnable only now, so that
   * the run never looks idle (and the clock never autojumps) before the parent has been woken.
   */
  void taskExited(TaskImpl t) {
    decrementRunnable();
  }

  void taskBlocked(TaskImpl t) {
    if (!instruments.isEmpty()) {
      instruments.taskParked(t);
    }
    decrementRunnable();
  }

  void taskUnblocking() {
    counts.getAndIncrement();
  }

  void taskUnblockingUndone() {
    decrementRunnable();
  }

  /**
   * Tells whether any instrument is installed: the one volatile read that guards every hook on a
   * hot path (checkpoints, cancellation).
   *
   * @return true if some instrument listens
   */
  boolean hasInstruments() {
    return !instruments.isEmpty();
  }

  void taskCheckpointed(TaskImpl t) {
    instruments.taskCheckpointed(t);
  }

  void taskCancelled(TaskImpl t, Cancelled c) {
    instruments.taskCancelled(t, c);
  }

  void taskFailed(TaskImpl t, Throwable failure) {
    instruments.taskFailed(t, failure);
  }

  void taskScheduled(TaskImpl t) {
    if (!instruments.isEmpty()) {
      instruments.taskScheduled(t);
    }
  }

  int runnable() {
    return (int) counts.get();
  }

  private void decrementRunnable() {
    if ((int) counts.decrementAndGet() == 0) {
      idleSince = System.nanoTime();
      idleGeneration.incrementAndGet();
      if (idleWatched) {
        LockSupport.unpark(loop.thread);
      }
    }
  }

  /** Wakes the timer loop so it re-examines deadlines, the clock and idleness. */
  public void signal() {
    recomputeIdleWatch();
    LockSupport.unpark(loop.thread);
  }

  private void recomputeIdleWatch() {
    idleWatched = !waiters.isEmpty() || clock.autojumpThresholdNanos() != Long.MAX_VALUE;
  }

  /**
   * Adds a timer and wakes the loop if it became the earliest.
   *
   * @param e the entry
   * @param deadline when it fires
   */
  public void addTimer(TimerEntry e, long deadline) {
    if (timers.add(e, deadline)) {
      LockSupport.unpark(loop.thread);
    }
  }

  // ---- the timer loop ----

  boolean rootDone() {
    return rootDone;
  }

  // The parallel loop fires at most this many expired timers per round, so that the carriers run
  // the tasks of one batch while the loop pops the next (with 1M deadlines due at once, popping
  // them all first kept one core busy for a second or more while no task had been woken, and held
  // the heap's lock throughout). The cooperative loop fires every expired timer before it runs a
  // batch of tasks, as Trio's run loop does.
  private static final int FIRE_BATCH = 4096;

  /** The parallel mode's timer loop: everything but running tasks, which the JDK does. */
  void parallelLoop() {
    while (!rootDone) {
      checkInterrupt();
      if (fireExpired(FIRE_BATCH)) {
        continue;
      }
      long wait = timeToNextDeadline();
      if (wait == 0) {
        continue;
      }
      if (runnable() == 0) {
        wait = idleStep(wait);
        if (wait < 0) {
          continue;
        }
      }
      parkLoop(wait);
    }
  }

  /** Cancels the run if the thread running the timer loop was interrupted. */
  void checkInterrupt() {
    boolean threadInterrupted = Thread.interrupted();
    if (threadInterrupted) {
      loopInterrupted = true;
    }
    if (threadInterrupted | interruptRequested.getAndSet(false)) {
      Runnable r = onInterrupt;
      if (r != null) {
        r.run();
      }
    }
  }

  /**
   * Fires every expired deadline.
   *
   * @return true if any fired
   */
  boolean fireExpired() {
    return fireExpired(Integer.MAX_VALUE);
  }

  private boolean fireExpired(int max) {
    ArrayList<TimerEntry> expired = timers.popExpired(clock.currentTime(), max);
    // Waking a task from this platform thread submits it to the carrier pool from outside (its
    // shared submission queue, plus signalling an idle carrier) for every task; from a virtual
    // thread the wakes go to the current carrier's local queue, cheaply. So a large batch (1M
    // sleeps expire in batches of thousands) is fired by a short-lived virtual thread, joined
    // before going on: firing stays synchronous, so autojump and deadline order do not change.
    // Small batches are not worth the thread.
    if (expired.size() >= 8 && !Thread.currentThread().isVirtual()) {
      Thread t = Thread.ofVirtual().start(() -> fireAll(expired));
      boolean interrupted = false;
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    } else {
      fireAll(expired);
    }
    return !expired.isEmpty();
  }

  private void fireAll(ArrayList<TimerEntry> expired) {
    for (TimerEntry e : expired) {
      try {
        e.fire();
      } catch (Throwable t) {
        internalError(new org.trio4j.TrioInternalError("a timer failed to fire", t));
      }
    }
  }

  /**
   * Returns the real time until the next deadline.
   *
   * @return real nanoseconds, 0 if one is due, {@link Long#MAX_VALUE} if there is none
   */
  long timeToNextDeadline() {
    long next = timers.nextDeadline();
    return next == Long.MAX_VALUE ? Long.MAX_VALUE : clock.deadlineToSleepTime(next);
  }

  /**
   * Whether a deadline is due, so that a cooperative batch boundary must go through the loop to
   * fire it. Callable from any thread.
   */
  boolean deadlineDue() {
    long next = timers.peekNextDeadline();
    return next != Long.MAX_VALUE && next <= clock.currentTime();
  }

  /**
   * What the loop does while no task is runnable: wakes waitAllTasksBlocked waiters whose cushion
   * has passed, or else autojumps the clock once the threshold has passed.
   *
   * @param wait how long the loop would wait otherwise
   * @return -1 if it acted (the caller loops again), otherwise how long to wait
   */
  long idleStep(long wait) {
    long gen = idleGeneration.get();
    long idleFor = System.nanoTime() - idleSince;
    long cushion = smallestCushion();
    if (cushion != Long.MAX_VALUE) {
      if (idleFor >= cushion) {
        if (runnable() == 0 && gen == idleGeneration.get()) {
          wakeWaiters(cushion);
        }
        return -1;
      }
      return Math.min(wait, cushion - idleFor);
    }
    long threshold = clock.autojumpThresholdNanos();
    long next = timers.nextDeadline();
    if (threshold != Long.MAX_VALUE && next != Long.MAX_VALUE) {
      if (idleFor >= threshold) {
        long jump = next - clock.currentTime();
        if (jump > 0 && runnable() == 0 && gen == idleGeneration.get()) {
          clock.autojump(jump);
        }
        return -1;
      }
      return Math.min(wait, threshold - idleFor);
    }
    return wait;
  }

  /**
   * Parks the loop thread until signalled or for {@code wait} real nanoseconds.
   *
   * @param wait real nanoseconds; {@link Long#MAX_VALUE} for until signalled
   */
  void parkLoop(long wait) {
    if (rootDone) {
      return;
    }
    if (wait == Long.MAX_VALUE) {
      LockSupport.park(this);
    } else if (wait > 0) {
      LockSupport.parkNanos(this, wait);
    }
  }

  // ---- waitAllTasksBlocked ----

  private long smallestCushion() {
    return waiters.smallestCushion();
  }

  private void wakeWaiters(long cushion) {
    ArrayList<TaskImpl> woken = waiters.takeWithCushion(cushion);
    recomputeIdleWatch();
    for (TaskImpl t : woken) {
      t.reschedule(Outcome.value(null));
    }
  }

  /**
   * Parks the current task until every task of the run has been blocked for {@code cushion} real
   * nanoseconds.
   *
   * @param task the current task
   * @param cushion real nanoseconds
   */
  public void waitAllTasksBlocked(TaskImpl task, long cushion) {
    waiters.await(this, task, cushion);
  }

  /**
   * Turns a park outcome into a return or a throw, on the woken task's thread.
   *
   * @param task the current task
   * @param o the outcome
   * @return the value
   */
  public static Object unwrap(TaskImpl task, Outcome o) {
    if (o.isCancelled()) {
      throw task.newCancelled(task.status);
    }
    Throwable f = o.failure();
    if (f != null) {
      throw Runner.<RuntimeException>sneaky(f);
    }
    return o.value();
  }

  /**
   * Throws any throwable without declaring it.
   *
   * @param t the throwable
   * @param <T> inferred as an unchecked type
   * @return never returns
   * @throws T always
   */
  @SuppressWarnings("unchecked")
  public static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }

  // ---- cancellation ----

  /**
   * Recomputes cancellation below {@code s} and delivers it to the tasks that became cancelled.
   *
   * @param s a status whose scope was cancelled or changed its shield
   */
  public void recalculate(CancelStatus s) {
    ArrayList<ParkRecord> toAbort = new ArrayList<>(0);
    lock.lock();
    try {
      s.recalculate(toAbort);
    } finally {
      lock.unlock();
    }
    abortAll(toAbort);
  }

  /**
   * Calls the abort functions collected under the lock.
   *
   * @param toAbort the parks to abort
   */
  public static void abortAll(ArrayList<ParkRecord> toAbort) {
    for (ParkRecord p : toAbort) {
      p.tryAbort();
    }
  }

  /**
   * Converts an InterruptedException that escaped a cancelled status into that status's
   * cancellation, keeping the interrupt as the cause.
   *
   * @param e the interrupt
   * @param s the cancelled status it escaped
   * @return the Cancelled to propagate instead
   */
  public Cancelled cancelledFromInterrupt(InterruptedException e, CancelStatus s) {
    return Access.newCancelled(s.cancelReason(), e);
  }

  // ---- failures of trio4j itself ----

  /**
   * Records a failure of trio4j or of a low-level extension and cancels the run; {@code Trio.run}
   * throws it once every task has finished.
   *
   * @param t the failure
   */
  public void internalError(Throwable t) {
    internalErrors.incrementAndGet();
    internalErrorList.put(t, Boolean.TRUE);
    LOG.log(System.Logger.Level.ERROR, "trio4j internal error; cancelling the run", t);
    Nursery sys = systemNursery;
    if (sys != null) {
      sys.cancelScope().cancel("internal error: " + t);
    }
  }

  /**
   * Returns the internal errors recorded during the run.
   *
   * @return the failures
   */
  public List<Throwable> internalErrors() {
    return List.copyOf(internalErrorList.keySet());
  }

  // ---- instruments and statistics ----

  /**
   * Adds an instrument to the run.
   *
   * @param i the instrument
   */
  public void addInstrument(Instrument i) {
    instruments.add(i);
  }

  /**
   * Removes an instrument from the run.
   *
   * @param i the instrument
   * @return true if it was installed
   */
  public boolean removeInstrument(Instrument i) {
    return instruments.remove(i);
  }

  /**
   * Returns a snapshot of the run's statistics.
   *
   * @return the statistics
   */
  public RunStatistics statistics() {
    long next = timers.peekNextDeadline();
    long toNext = next == Long.MAX_VALUE ? Long.MAX_VALUE : next - clock.currentTime();
    long c = counts.get();
    return new RunStatistics((int) (c >>> 32), (int) c, toNext, timers.size());
  }

  /**
   * Returns the run's number, unique in this JVM, in order of creation.
   *
   * @return the id
   */
  public long id() {
    return id;
  }

  /**
   * Describes the whole run as text: its nurseries, tasks and cancel scopes, and what each task is
   * blocked on (see {@link TaskTreeDump}). Callable from any thread.
   *
   * @return the dump
   */
  public String dumpTaskTree() {
    return TaskTreeDump.dump(this);
  }

  @Override
  public String toString() {
    return "Run#" + id + "[" + clock + ", " + scheduler + "]";
  }
}
