package org.trio4j.testing.trace;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.trio4j.Cancelled;
import org.trio4j.Clock;
import org.trio4j.Nursery;
import org.trio4j.lowlevel.Instrument;
import org.trio4j.lowlevel.Task;

/**
 * An {@link Instrument} that records what every task of a run does (spawn, park, wake, checkpoint,
 * cancellation, failure, exit) with timestamps, for {@link TimelineRenderer} to draw or for a test
 * to inspect.
 *
 * {@snippet :
 * MockClock clock = MockClock.autojumping();
 * TraceRecorder recorder = new TraceRecorder(clock);
 * Trio.run(RunOptions.builder().clock(clock).instrument(recorder).build(), () -> work());
 * Files.writeString(Path.of("run.svg"), new TimelineRenderer(recorder.trace()).toSvg());
 * }
 *
 * <p>Timestamps come from the clock given to the constructor, which should be the run's clock (so
 * that a {@link MockClock}'s virtual times appear as they are), or from {@link System#nanoTime()}
 * for runs on the default clock. The recorder can also be installed in a run that has started
 * ({@code Lowlevel.addInstrument}); tasks it first sees then have no known parent.
 *
 * <h2>Thread safety</h2>
 *
 * The hooks may be called from many threads at once; each appends under a short lock. {@link
 * #trace()} may be called at any time, from any thread, and returns a snapshot. A recorder keeps
 * everything it is told: record one run per recorder, and mind its size on long runs (about 100
 * bytes per event).
 *
 * @see org.trio4j.testing.MockClock
 */
public final class TraceRecorder implements Instrument {
  /*
   * Implementation notes. Tasks are identified by identity (a Task's equals is identity); the
   * recorder numbers them in the order it first sees them. A task's parent and nursery are read
   * at spawn, and read again at exit because Nursery.start moves a task from a hidden inner nursery
   * (opened by the caller of start) to its final one. They are read before taking the recorder's
   * lock: Task.parentNursery() takes the run's structure lock, and a hook must never hold its own
   * lock while it waits for the run's.
   */

  private final LongSupplier now;
  private final Object lock = new Object();
  // Guarded by lock.
  private final Map<Task, Info> infos = new IdentityHashMap<>();
  private final List<Info> byKey = new ArrayList<>();
  private final Map<Nursery, Integer> nurseries = new IdentityHashMap<>();
  private final List<TraceEvent> events = new ArrayList<>();

  /**
   * Creates a recorder that stamps events with {@code clock}'s time: pass the run's clock.
   *
   * @param clock the run's clock
   */
  public TraceRecorder(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    this.now = clock::currentTime;
  }

  /**
   * Creates a recorder that stamps events with {@link System#nanoTime()}: for runs on the default
   * clock (whose times are {@code System.nanoTime()} plus a fixed offset, so durations agree).
   */
  public TraceRecorder() {
    this.now = System::nanoTime;
  }

  /** A task as the recorder knows it. Guarded by the recorder's lock. */
  private static final class Info {
    final int key;
    final String name;
    int parent = -1;
    int nursery = -1;
    final long spawned;
    long exited = Long.MIN_VALUE;
    String failure;

    Info(int key, String name, long spawned) {
      this.key = key;
      this.name = name;
      this.spawned = spawned;
    }

    TraceTask snapshot() {
      return new TraceTask(key, name, parent, nursery, spawned, exited, failure);
    }
  }

  // Caller holds lock.
  private Info info(Task t, long time) {
    Info i = infos.get(t);
    if (i == null) {
      i = new Info(byKey.size(), t.name(), time);
      infos.put(t, i);
      byKey.add(i);
    }
    return i;
  }

  // Caller holds lock.
  private void placeLocked(Info i, Optional<Nursery> parentNursery) {
    if (parentNursery.isEmpty()) {
      return;
    }
    Nursery n = parentNursery.get();
    Integer nk = nurseries.get(n);
    if (nk == null) {
      nk = nurseries.size();
      nurseries.put(n, nk);
    }
    i.nursery = nk;
    i.parent = info(n.parentTask(), i.spawned).key;
  }

  private void record(Task t, TraceEvent.Kind kind, String detail) {
    long time = now.getAsLong();
    synchronized (lock) {
      Info i = info(t, time);
      events.add(new TraceEvent(events.size(), time, i.key, kind, detail));
    }
  }

  @Override
  public void taskSpawned(Task task) {
    Optional<Nursery> parent = task.parentNursery();
    long time = now.getAsLong();
    synchronized (lock) {
      Info i = info(task, time);
      placeLocked(i, parent);
      events.add(new TraceEvent(events.size(), time, i.key, TraceEvent.Kind.SPAWNED, null));
    }
  }

  @Override
  public void taskScheduled(Task task) {
    record(task, TraceEvent.Kind.SCHEDULED, null);
  }

  @Override
  public void taskParked(Task task) {
    record(task, TraceEvent.Kind.PARKED, null);
  }

  @Override
  public void taskCheckpointed(Task task) {
    record(task, TraceEvent.Kind.CHECKPOINT, null);
  }

  @Override
  public void taskCancelled(Task task, Cancelled cancelled) {
    record(task, TraceEvent.Kind.CANCELLED, cancelled.getMessage());
  }

  @Override
  public void taskFailed(Task task, Throwable failure) {
    String what = failure.toString();
    long time = now.getAsLong();
    synchronized (lock) {
      Info i = info(task, time);
      i.failure = what;
      events.add(new TraceEvent(events.size(), time, i.key, TraceEvent.Kind.FAILED, what));
    }
  }

  @Override
  public void taskExited(Task task) {
    Optional<Nursery> parent = task.parentNursery();
    long time = now.getAsLong();
    synchronized (lock) {
      Info i = info(task, time);
      placeLocked(i, parent);
      i.exited = time;
      events.add(new TraceEvent(events.size(), time, i.key, TraceEvent.Kind.EXITED, null));
    }
  }

  /**
   * Returns what has been recorded so far.
   *
   * @return a snapshot
   */
  public Trace trace() {
    synchronized (lock) {
      List<TraceTask> tasks = new ArrayList<>(byKey.size());
      for (Info i : byKey) {
        tasks.add(i.snapshot());
      }
      return new Trace(tasks, events);
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "TraceRecorder[" + byKey.size() + " tasks, " + events.size() + " events]";
    }
  }
}
