package org.trio4j.internal.jfr;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import org.trio4j.Cancelled;
import org.trio4j.internal.LiveRuns;
import org.trio4j.internal.ParkRecord;
import org.trio4j.internal.Runner;
import org.trio4j.internal.TaskImpl;

/**
 * The engine's side of trio4j's JDK Flight Recorder events: task start and exit, cancellation,
 * cancel-scope exit, parks (every trio4j wait, I/O readiness waits included), slow tasks of the
 * cooperative mode, and the task-tree dump at the end of each chunk.
 */
public final class Jfr {
  /*
   * Implementation notes.
   *
   * Cost while JFR is unused. Merely loading a jdk.jfr.Event subclass initialises a good part of
   * JFR (measured: hundreds of classes and 150 to 600 ms on a loaded two-core machine), far from
   * negligible. So no event class is touched until JFR itself is initialised in this JVM: the
   * first run registers a FlightRecorderListener (a few milliseconds, once), whose
   * recorderInitialized() is called when a recording is first started (-XX:StartFlightRecording,
   * jcmd JFR.start, the jdk.jfr API), or at once if one was started already; it sets `active`.
   * Until then every hook site in the engine costs one volatile read of `active`.
   *
   * Once active, each hook allocates its event and asks isEnabled() (a field read that JFR's
   * instrumentation keeps up to date) before doing any work, as the JDK's own events do; the
   * allocation does not escape when the event is disabled. Park events have a 20 ms threshold
   * (as jdk.ThreadPark), so short parks are not committed even when enabled.
   *
   * Cost while a recording runs. Java shops leave JFR on in production with the JDK's default
   * settings, which keep each event's own defaults for events they do not name (trio4j's). So an
   * event that fires per task or per scope must be off by default, as the JDK's
   * jdk.VirtualThreadStart and jdk.VirtualThreadEnd are: with TaskStart and TaskExit on (each with a
   * stack trace), spawning 100k trivial tasks under -XX:StartFlightRecording took 280-485 ms
   * against 50-70 ms without JFR, and raw virtual threads 52-61 ms with it. TaskStart, TaskExit and
   * CancelScopeExit are therefore @Enabled(false); Cancel (rare), Park (20 ms threshold), SlowTask
   * and TaskTree stay on. Park events are begun only by a task that really parks (TaskImpl.park):
   * a wait that is woken before its park (most rendezvous hand-offs, which spin first) cannot last
   * 20 ms, and beginning an event for each of those cost the rendezvous pair 45% (550 -> 800 ns
   * per value under a default recording).
   *
   * Callers hold event objects as Object, so that no engine class names an event class in a
   * signature and the verifier never loads one early.
   *
   * -Dtrio4j.jfr=false turns all of this off (no listener, no events).
   */

  private static final System.Logger LOG = System.getLogger("org.trio4j");

  // Set once, when JFR is first initialised in this JVM; read by every hook site.
  private static volatile boolean active;
  private static final AtomicBoolean INITIALIZED = new AtomicBoolean();

  private Jfr() {}

  /**
   * Tells whether JFR has been initialised in this JVM, in which case the hooks may emit events.
   *
   * @return the flag
   */
  public static boolean active() {
    return active;
  }

  /** Registers the JFR listener, once per JVM; called when a run starts. */
  public static void init() {
    if (INITIALIZED.get() || !INITIALIZED.compareAndSet(false, true)) {
      return;
    }
    if ("false".equalsIgnoreCase(System.getProperty("trio4j.jfr", "true").trim())) {
      return;
    }
    try {
      FlightRecorder.addListener(
          new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
              activate();
            }
          });
    } catch (Throwable t) {
      // No jdk.jfr in this runtime image, or JFR is disabled: the events stay off.
      LOG.log(System.Logger.Level.DEBUG, "JFR is not available; trio4j emits no JFR events", t);
    }
  }

  private static void activate() {
    if (active) {
      return;
    }
    try {
      FlightRecorder.addPeriodicEvent(TaskTreeEvent.class, Jfr::emitTaskTree);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot register the org.trio4j.TaskTree event", e);
    }
    active = true;
  }

  private static void emitTaskTree() {
    TaskTreeEvent e = new TaskTreeEvent();
    if (!e.isEnabled()) {
      return;
    }
    List<Runner> runs = LiveRuns.snapshot();
    if (runs.isEmpty()) {
      return;
    }
    e.runs = runs.size();
    e.dump = LiveRuns.dumpAll();
    e.commit();
  }

  /**
   * On the task's thread, as it begins to run: emits TaskStart, and returns the TaskExit event to
   * commit when it ends.
   *
   * @param t the task
   * @return the exit event, or null if it is disabled
   */
  public static Object taskStarted(TaskImpl t) {
    TaskStartEvent start = new TaskStartEvent();
    if (start.isEnabled()) {
      start.run = t.runner().id();
      start.task = t.name();
      start.taskId = t.id();
      start.parentTask = t.parentNursery().map(n -> n.parentTask().name()).orElse(null);
      start.commit();
    }
    TaskExitEvent exit = new TaskExitEvent();
    if (!exit.isEnabled()) {
      return null;
    }
    exit.begin();
    return exit;
  }

  /**
   * On the task's thread, when its body has ended.
   *
   * @param token what {@link #taskStarted} returned
   * @param t the task
   * @param failure what the body threw, or null
   */
  public static void taskExited(Object token, TaskImpl t, Throwable failure) {
    TaskExitEvent e = (TaskExitEvent) token;
    e.end();
    if (!e.shouldCommit()) {
      return;
    }
    e.run = t.runner().id();
    e.task = t.name();
    e.taskId = t.id();
    e.outcome =
        failure == null ? "returned" : failure instanceof Cancelled ? "cancelled" : "failed";
    e.failure = failure == null ? null : failure.toString();
    e.commit();
  }

  /**
   * A scope was cancelled; on the cancelling thread.
   *
   * @param owner the task that entered the scope, or null if it was not entered
   * @param nursery whether it is a nursery's scope
   * @param reason why
   * @param deadline its deadline
   * @param shield its shield flag
   */
  public static void scopeCancelled(
      TaskImpl owner, boolean nursery, String reason, long deadline, boolean shield) {
    CancelEvent e = new CancelEvent();
    if (!e.isEnabled()) {
      return;
    }
    e.task = owner == null ? null : owner.name();
    e.nursery = nursery;
    e.reason = reason;
    e.deadline = deadline;
    e.shield = shield;
    e.commit();
  }

  /**
   * A task left a scope; on its thread.
   *
   * @param task the task
   * @param nursery whether it is a nursery's scope
   * @param caught whether the scope caught a Cancelled
   * @param cancelCalled whether the scope was cancelled
   * @param reason why, if it was
   * @param deadline its deadline
   * @param shield its shield flag
   */
  public static void scopeExited(
      TaskImpl task,
      boolean nursery,
      boolean caught,
      boolean cancelCalled,
      String reason,
      long deadline,
      boolean shield) {
    CancelScopeExitEvent e = new CancelScopeExitEvent();
    if (!e.isEnabled()) {
      return;
    }
    e.task = task.name();
    e.nursery = nursery;
    e.cancelledCaught = caught;
    e.cancelCalled = cancelCalled;
    e.reason = cancelCalled ? reason : null;
    e.deadline = deadline;
    e.shield = shield;
    e.commit();
  }

  /**
   * Before a task parks, on its thread.
   *
   * @return the park event to end, or null if it is disabled
   */
  public static Object parkBegin() {
    ParkEvent e = new ParkEvent();
    if (!e.isEnabled()) {
      return null;
    }
    e.begin();
    return e;
  }

  /**
   * After the task has resumed, on its thread.
   *
   * @param token what {@link #parkBegin} returned
   * @param t the task
   * @param park its park record, which describes what it waited for
   * @param cancelled whether the park was aborted by a cancellation
   */
  public static void parkEnd(Object token, TaskImpl t, ParkRecord park, boolean cancelled) {
    ParkEvent e = (ParkEvent) token;
    e.end();
    if (!e.shouldCommit()) {
      return;
    }
    e.task = t.name();
    e.blockedOn = park.describe();
    e.outcome = cancelled ? "cancelled" : "woken";
    e.commit();
  }

  /**
   * A task has held a cooperative run for too long; on the timer loop's thread.
   *
   * @param t the task
   * @param heldFor real nanoseconds
   */
  public static void slowTask(TaskImpl t, long heldFor) {
    SlowTaskEvent e = new SlowTaskEvent();
    if (!e.isEnabled()) {
      return;
    }
    e.task = t.name();
    e.heldFor = heldFor;
    e.commit();
  }
}
