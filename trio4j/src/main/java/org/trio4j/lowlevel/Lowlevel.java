package org.trio4j.lowlevel;

import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.Objects;
import org.trio4j.BusyResourceException;
import org.trio4j.Cancelled;
import org.trio4j.Clock;
import org.trio4j.ClosedResourceException;
import org.trio4j.Nursery;
import org.trio4j.ThrowingRunnable;
import org.trio4j.internal.Durations;
import org.trio4j.internal.IoManager;
import org.trio4j.internal.LiveRuns;
import org.trio4j.internal.ParkSpin;
import org.trio4j.internal.Runner;
import org.trio4j.internal.TaskBreakers;
import org.trio4j.internal.TaskImpl;

/**
 * The low-level API that trio4j's own primitives, channels and streams are built on, for writing
 * new ones: the current task, parking with an abort function and waking, checkpoints, system tasks,
 * instruments and statistics (Trio's {@code trio.lowlevel}).
 *
 * <p>The basic pattern of a blocking primitive, as Trio's: check for cancellation, try the
 * operation without blocking, and only if it would block register the task with whoever will wake
 * it and {@linkplain #park park}:
 *
 * {@snippet :
 * Lowlevel.checkpointIfCancelled();
 * synchronized (this) {
 *   if (ready) { ready = false; }
 *   else { waiters.add(Lowlevel.currentTask()); }
 * }
 * // ... park with an abort function that removes the task from `waiters` under the same lock,
 * // and have the code that makes `ready` true call Lowlevel.reschedule(waiter) exactly once.
 * Lowlevel.cancelShieldedCheckpoint();
 * }
 *
 * {@link ParkingLot} packages this pattern for queues of waiting tasks.
 */
public final class Lowlevel {
  /** The key under which a run keeps its TrioToken among its run variables. */
  private static final Object TOKEN_KEY = new Object();

  private Lowlevel() {}

  /**
   * Returns the task running on this thread.
   *
   * @return the task
   * @throws IllegalStateException if this thread is not a trio4j task
   */
  public static Task currentTask() {
    return TaskImpl.current("Lowlevel.currentTask");
  }

  /**
   * Returns the run's root task, the ancestor of every other task.
   *
   * @return the root task
   */
  public static Task currentRootTask() {
    return Runner.current("Lowlevel.currentRootTask").rootTask();
  }

  /**
   * Parks the current task until someone calls {@link #reschedule(Task, Outcome)} for it, and
   * returns the value (or throws the failure) it was rescheduled with.
   *
   * <p>If the task is cancelled while parked (or is already cancelled when it parks), {@code
   * abortFn} is called once; if it returns {@link Abort#SUCCEEDED} the task wakes with {@link
   * Cancelled}. This is not a checkpoint by itself beyond that: callers check for cancellation
   * first ({@link #checkpointIfCancelled()}).
   *
   * @param abortFn takes the task off its wait when it is cancelled
   * @return the value it was woken with
   */
  public static Object park(AbortFunction abortFn) {
    Objects.requireNonNull(abortFn, "abortFn");
    TaskImpl task = TaskImpl.current("Lowlevel.park");
    return Runner.unwrap(task, task.park(abortFn));
  }

  /**
   * Parks the current task on a primitive's own node, as {@link #park(AbortFunction)} does: the
   * node is the park's abort function ({@link WaitNode#abort()}) and its description ({@code
   * toString()}), so the park costs no object beyond the node. See {@link WaitNode} for the
   * contract and an example.
   *
   * @param node a new node, made for the current task, never parked on before
   * @return the value it was woken with
   * @throws IllegalStateException if the node was parked on before or belongs to another task
   */
  public static Object park(WaitNode node) {
    TaskImpl task = node.claimPark();
    return Runner.unwrap(task, task.park(node));
  }

  /**
   * Before {@linkplain #park(WaitNode) parking} on {@code node}, waits up to about 10 µs on this
   * carrier for the wake-up, when {@code partner}, the task expected to wake it, may be running on
   * another carrier: parallel scheduling, more than one carrier, no more runnable tasks in the run
   * than carriers, and {@code partner} not parked (after 2 µs, also not woken and waiting for a
   * carrier, which is likely this one). A task rescheduled while it spins is woken without an
   * unpark, and its park returns at once; two tasks handing values to each other from two carriers
   * then stop parking. Not a checkpoint, and no change to the park: cancellation is delivered by
   * the park that follows, which must follow whatever this returns. Worth it only for hand-offs
   * between two tasks (a rendezvous, as {@code Channels.open(0)} uses it); a buffered primitive
   * loses by it, because a waiter that wakes at once is woken for every freed slot instead of once
   * for many.
   *
   * {@snippet :
   * Node me = new Node(Lowlevel.currentTask()); // queued where its waker finds it, under a lock
   * if (Lowlevel.spinBeforePark(me, lastPartner) == SpinOutcome.GAVE_UP) {
   *   backOff(); // park at once for the next few waits
   * }
   * Lowlevel.park(me); // returns at once if the outcome was WOKEN
   * }
   *
   * <p>A spin that gives up has burnt up to 10 µs of a core. On a machine whose cores are busy with
   * other work the partner is often descheduled and spins keep giving up, so a primitive should
   * stop asking for a while after {@link SpinOutcome#GAVE_UP}, as the rendezvous channels do.
   *
   * @param node the node the current task is about to park on, made for the current task
   * @param partner the task expected to wake it, or null if unknown (then it does not spin)
   * @return how the spin ended: {@link SpinOutcome#WOKEN} if the task was rescheduled (its park
   *     returns at once), {@link SpinOutcome#NOT_TRIED} or {@link SpinOutcome#GAVE_UP} otherwise
   * @throws IllegalStateException if {@code node} was made for another task than the current one
   */
  public static SpinOutcome spinBeforePark(WaitNode node, Task partner) {
    TaskImpl task = node.task();
    if (task.thread() != Thread.currentThread()) {
      throw new IllegalStateException(
          "spinBeforePark is called by the task the WaitNode was made for ("
              + task
              + "), on its own thread, before it parks on the node");
    }
    return ParkSpin.spin(task, partner instanceof TaskImpl t ? t : null);
  }

  /**
   * Parks the current task as {@link #park(AbortFunction)} does, recording what it waits for: the
   * task-tree dump ({@link #dumpTaskTree()}) and the JFR event {@code org.trio4j.Park} show {@code
   * blockedOn.toString()}, so a dump says "parked on receive on MyQueue[...]" rather than just
   * "parked". Without a description, the abort function describes the wait if it is an object with
   * a {@code toString()} of its own (not a lambda).
   *
   * {@snippet :
   * Object value = Lowlevel.park(() -> removeWaiter(me), this); // "parked on MyPrimitive[...]"
   * }
   *
   * <p>{@code blockedOn.toString()} is called only when a dump or a JFR event asks for it, from
   * another thread and while the task may be woken: it must be thread-safe, quick, and must not
   * block or take locks that the wakers of this park hold while they wait for others.
   *
   * @param abortFn takes the task off its wait when it is cancelled
   * @param blockedOn what the task waits for, for debugging; null if nothing better than {@code
   *     abortFn} can be said
   * @return the value it was woken with
   */
  public static Object park(AbortFunction abortFn, Object blockedOn) {
    Objects.requireNonNull(abortFn, "abortFn");
    TaskImpl task = TaskImpl.current("Lowlevel.park");
    return Runner.unwrap(task, task.park(abortFn, blockedOn));
  }

  /**
   * Describes the current run as text, for debugging: every nursery, cancel scope (with its
   * deadline, shield and cancelled state) and task, nested as they are, and what each task is
   * doing: running, or parked and on what ({@link #park(AbortFunction, Object)}), with the first
   * frames of its stack. Not a checkpoint; does not block the other tasks.
   *
   * {@snippet :
   * System.err.println(Lowlevel.dumpTaskTree());
   * // Run#1[SystemClock[...], ParallelScheduler] at 10234.500 s: 4 tasks living, 1 runnable, ...
   * // nursery of trio4j-root
   * //   nursery of trio4j-root
   * //     nursery of trio4j-main
   * //       task fetcher: parked on sleep until 10235.000 s
   * //           at org.trio4j.Trio.sleep(Trio.java:106)
   * //           at com.example.Crawler.fetch(Crawler.java:42)
   * //       task trio4j-main: running
   * }
   *
   * <p>The format is for people and may change; do not parse it. To see a run from outside, use
   * {@link #dumpAllTaskTrees()} or the JFR event {@code org.trio4j.TaskTree} (see {@code
   * docs/observability.md}).
   *
   * @return the dump, one line per scope and task
   * @throws IllegalStateException outside a run
   */
  public static String dumpTaskTree() {
    return Runner.current("Lowlevel.dumpTaskTree").dumpTaskTree();
  }

  /**
   * Describes every run executing in this JVM, as {@link #dumpTaskTree()} does for one; callable
   * from any thread, inside a run or not (a management endpoint, a signal handler, a debugger).
   *
   * @return the dumps, oldest run first, or a line saying that no run is executing
   */
  public static String dumpAllTaskTrees() {
    return LiveRuns.dumpAll();
  }

  /**
   * Wakes a parked task with an outcome. Must be called exactly once per park, and only for a task
   * that has registered itself to be woken (it may not have reached {@code park} yet: it then
   * returns at once). May be called from any thread.
   *
   * @param task the task
   * @param outcome what {@code park} returns or throws
   * @throws IllegalStateException if the task was already rescheduled for this park
   */
  public static void reschedule(Task task, Outcome outcome) {
    Objects.requireNonNull(outcome, "outcome");
    impl(task).reschedule(outcome);
  }

  /**
   * Wakes a parked task with a null value.
   *
   * @param task the task
   */
  public static void reschedule(Task task) {
    reschedule(task, Outcome.value(null));
  }

  /**
   * Registers {@code task} as a breaker of {@code lot}: if the task exits while still registered,
   * the lot is {@linkplain ParkingLot#breakLot broken}, so that its parked and future waiters fail
   * with {@link org.trio4j.BrokenResourceException} instead of waiting forever (Trio's {@code
   * add_parking_lot_breaker}). A lock registers its owner and deregisters it on release:
   *
   * {@snippet :
   * owner = Lowlevel.currentTask();
   * Lowlevel.addParkingLotBreaker(owner, lot);
   * // ... and in release():
   * Lowlevel.removeParkingLotBreaker(owner, lot);
   * }
   *
   * <p>A task may be registered for a lot more than once; each registration needs its own removal.
   * The lots are broken on the exiting task's thread, after its body has returned or thrown and
   * before its nursery learns that it has exited. May be called from any thread.
   *
   * @param task the task whose exit breaks the lot
   * @param lot the lot to break
   * @throws org.trio4j.BrokenResourceException if the task has already exited
   */
  public static void addParkingLotBreaker(Task task, ParkingLot lot) {
    Objects.requireNonNull(lot, "lot");
    TaskBreakers.add(impl(task), lot);
  }

  /**
   * Removes one registration made by {@link #addParkingLotBreaker}. May be called from any thread.
   *
   * @param task the task
   * @param lot the lot
   * @throws IllegalStateException if the task is not registered as a breaker of the lot
   */
  public static void removeParkingLotBreaker(Task task, ParkingLot lot) {
    Objects.requireNonNull(lot, "lot");
    TaskBreakers.remove(impl(task), lot);
  }

  /**
   * A full checkpoint, the same as {@code Trio.checkpoint()}.
   *
   * @throws Cancelled if the caller is cancelled
   */
  public static void checkpoint() {
    TaskImpl.current("Lowlevel.checkpoint").checkpoint();
  }

  /**
   * Throws {@link Cancelled} if the caller is cancelled; otherwise does nothing (does not yield).
   *
   * @throws Cancelled if the caller is cancelled
   */
  public static void checkpointIfCancelled() {
    TaskImpl.current("Lowlevel.checkpointIfCancelled").checkpointIfCancelled();
  }

  /**
   * The scheduling half of a checkpoint without the cancellation half: used after an operation
   * succeeded without blocking, so that it cannot be cancelled after the fact. In parallel mode it
   * only occasionally yields the carrier thread.
   */
  public static void cancelShieldedCheckpoint() {
    TaskImpl.current("Lowlevel.cancelShieldedCheckpoint").schedulePoint();
  }

  /**
   * Returns how many cancel points and schedule points the current task has passed so far, for test
   * helpers that check an operation is a checkpoint (Trio's {@code assert_checkpoints}, which reads
   * the same counters). Take the counts before and after the operation: a full checkpoint raised
   * both.
   *
   * {@snippet :
   * CheckpointCounts before = Lowlevel.checkpointCounts();
   * stream.sendAll(data);
   * CheckpointCounts after = Lowlevel.checkpointCounts();
   * assert after.cancelPoints() > before.cancelPoints()
   *     && after.schedulePoints() > before.schedulePoints();
   * }
   *
   * <p>{@link #checkpoint()} counts one of each, {@link #checkpointIfCancelled()} a cancel point,
   * {@link #cancelShieldedCheckpoint()} a schedule point, and {@link #park} one of each. Not a
   * checkpoint itself.
   *
   * @return the current task's counts
   * @throws IllegalStateException if this thread is not a trio4j task
   */
  public static CheckpointCounts checkpointCounts() {
    return TaskImpl.current("Lowlevel.checkpointCounts").checkpointCounts();
  }

  /**
   * Returns the run's clock.
   *
   * @return the clock
   */
  public static Clock currentClock() {
    return Runner.current("Lowlevel.currentClock").clock();
  }

  /**
   * Returns a snapshot of the run's statistics.
   *
   * @return the statistics
   */
  public static RunStatistics currentStatistics() {
    return Runner.current("Lowlevel.currentStatistics").statistics();
  }

  /**
   * Installs an instrument in the current run.
   *
   * @param instrument the instrument
   */
  public static void addInstrument(Instrument instrument) {
    Objects.requireNonNull(instrument, "instrument");
    Runner.current("Lowlevel.addInstrument").addInstrument(instrument);
  }

  /**
   * Removes an instrument from the current run.
   *
   * @param instrument the instrument
   * @throws IllegalArgumentException if it was not installed
   */
  public static void removeInstrument(Instrument instrument) {
    if (!Runner.current("Lowlevel.removeInstrument").removeInstrument(instrument)) {
      throw new IllegalArgumentException("instrument " + instrument + " is not installed");
    }
  }

  /**
   * Starts a system task: a task in the run's system nursery, outside every user cancel scope, that
   * is cancelled when the main task has finished. A system task that throws is a bug: the run is
   * cancelled and {@code Trio.run} throws {@link org.trio4j.TrioInternalError}.
   *
   * @param name the task's name
   * @param fn the body
   */
  public static void spawnSystemTask(String name, ThrowingRunnable<?> fn) {
    Objects.requireNonNull(fn, "fn");
    Nursery sys = Runner.current("Lowlevel.spawnSystemTask").systemNursery();
    sys.startSoon(name, fn);
  }

  /**
   * Waits until every other task of the run is blocked in a trio4j wait, and has been for {@code
   * cushion} of real time. Tasks inside foreign blocking code count as running. A checkpoint.
   *
   * @param cushion real time that every task must have been blocked
   * @throws Cancelled if cancelled
   */
  public static void waitAllTasksBlocked(Duration cushion) {
    long nanos = Durations.toNanos(cushion, "cushion");
    TaskImpl task = TaskImpl.current("waitAllTasksBlocked");
    task.runner().waitAllTasksBlocked(task, nanos);
  }

  /**
   * Waits until every other task of the run is blocked, with no cushion.
   *
   * @throws Cancelled if cancelled
   */
  public static void waitAllTasksBlocked() {
    waitAllTasksBlocked(Duration.ZERO);
  }

  /**
   * Parks the current task until {@code channel} is readable: it has data (or end-of-stream, or an
   * error) to read or, for a {@link java.nio.channels.ServerSocketChannel}, a connection to accept
   * (Trio's {@code wait_readable}). The channel must be in non-blocking mode.
   *
   * <p>This is how trio4j does I/O: try the non-blocking operation first, and wait only when it
   * would block. Tasks must never block inside a channel operation, because the JDK closes a
   * channel when a virtual thread blocked on it is interrupted, and cancellation interrupts tasks
   * that are not parked in trio4j.
   *
   * {@snippet :
   * ByteBuffer buf = ByteBuffer.allocate(4096);
   * int n;
   * while ((n = channel.read(buf)) == 0) {   // channel.configureBlocking(false) was called
   *   Lowlevel.waitReadable(channel);
   * }
   * }
   *
   * <h2>Cancellation</h2>
   *
   * A checkpoint: it always parks, at least until the poller has looked at the channel. A cancelled
   * wait throws {@link Cancelled} and has consumed nothing: the channel is as it was.
   *
   * <h2>Exceptions and concurrency</h2>
   *
   * Only one task may wait for a channel to become readable at a time; a second one fails at once
   * with {@link BusyResourceException} (one task may wait for readable while another waits for
   * writable). If {@link #notifyClosing} is called for the channel meanwhile, or was already, the
   * wait throws {@link ClosedResourceException}, as it does if the channel is closed.
   *
   * @param channel a non-blocking channel
   * @throws Cancelled if cancelled before or while waiting
   * @throws BusyResourceException if another task is waiting for it to become readable
   * @throws ClosedResourceException if it is closed or closing
   * @throws IllegalArgumentException if it is in blocking mode, or can never be readable
   */
  public static void waitReadable(SelectableChannel channel) {
    Objects.requireNonNull(channel, "channel");
    TaskImpl task = TaskImpl.current("Lowlevel.waitReadable");
    task.runner().io().waitReadable(task, channel);
  }

  /**
   * Parks the current task until {@code channel} is writable: there is room in its send buffer, or,
   * for a {@link java.nio.channels.SocketChannel} whose non-blocking connect is pending, the
   * connection has been established or has failed ({@code finishConnect} then tells which). Trio's
   * {@code wait_writable}; the same rules as {@link #waitReadable} apply.
   *
   * {@snippet :
   * while (data.hasRemaining()) {
   *   if (channel.write(data) == 0) {
   *     Lowlevel.waitWritable(channel);
   *   }
   * }
   * }
   *
   * @param channel a non-blocking channel
   * @throws Cancelled if cancelled before or while waiting
   * @throws BusyResourceException if another task is waiting for it to become writable
   * @throws ClosedResourceException if it is closed or closing
   * @throws IllegalArgumentException if it is in blocking mode, or can never be writable
   */
  public static void waitWritable(SelectableChannel channel) {
    Objects.requireNonNull(channel, "channel");
    TaskImpl task = TaskImpl.current("Lowlevel.waitWritable");
    task.runner().io().waitWritable(task, channel);
  }

  /**
   * Tells the run that {@code channel} is about to be closed: every task waiting for it to become
   * readable or writable wakes with {@link ClosedResourceException}, and so does any wait that
   * starts afterwards (Trio's {@code notify_closing}). Call it right before {@code
   * channel.close()}; it does not close the channel itself.
   *
   * {@snippet :
   * Lowlevel.notifyClosing(channel);
   * channel.close();
   * }
   *
   * <p>Closing a channel without calling this first leaves any task waiting on it parked until it
   * is cancelled: the JDK tells nobody when a non-blocking channel is closed. Not a checkpoint;
   * thread-safe; calling it twice is harmless.
   *
   * @param channel the channel about to be closed
   */
  public static void notifyClosing(SelectableChannel channel) {
    Objects.requireNonNull(channel, "channel");
    Runner.current("Lowlevel.notifyClosing").io().notifyClosing(channel);
  }

  /**
   * Returns a snapshot of the current run's I/O readiness waits.
   *
   * @return the statistics; all zero if the run has not waited for I/O
   */
  public static IoStatistics currentIoStatistics() {
    Runner r = Runner.current("Lowlevel.currentIoStatistics");
    IoManager io = r.ioIfStarted();
    return io == null ? new IoStatistics(0, 0, 0, 0, 0) : io.statistics();
  }

  /**
   * Returns the current run's {@link TrioToken}, the handle other threads use to get back into the
   * run. A run has exactly one token: every call in the same run returns the same object. The first
   * call starts the run's entry task, which serves {@link TrioToken#runSyncSoon} (it counts in
   * {@link RunStatistics#tasksLiving()} from then on). Not a checkpoint.
   *
   * {@snippet :
   * TrioToken token = Lowlevel.currentTrioToken();
   * new Thread(() -> FromThread.run(token, () -> Trio.currentTime())).start();
   * }
   *
   * @return the token
   * @throws IllegalStateException outside a run
   */
  public static TrioToken currentTrioToken() {
    Runner runner = Runner.current("Lowlevel.currentTrioToken");
    runner.startEntryTask();
    return (TrioToken) runner.runVars().computeIfAbsent(TOKEN_KEY, k -> new TrioToken(runner));
  }

  /**
   * Tells whether the calling thread is a task of a run, where trio4j operations may be called
   * (Trio's {@code in_trio_task}). Never throws.
   *
   * @return true on a task's thread
   */
  public static boolean inTrioTask() {
    return TaskImpl.currentOrNull() != null;
  }

  private static TaskImpl impl(Task task) {
    Objects.requireNonNull(task, "task");
    if (!(task instanceof TaskImpl t)) {
      throw new IllegalArgumentException(task + " is not a trio4j task");
    }
    return t;
  }
}
