package org.trio4j.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.trio4j.Cancelled;
import org.trio4j.lowlevel.Instrument;

/**
 * The instruments of one run and the calls to their hooks. An instrument whose hook throws is
 * removed from the run and the failure is logged, as Trio does; the run goes on.
 */
final class RunInstruments {
  /*
   * Implementation notes.
   *
   * Hooks on hot paths (spawn, exit, park, wake, checkpoint) are guarded by isEmpty(), one read
   * of the copy-on-write list's array, so that a run without instruments pays nothing else (no
   * iterator, no lambda). The list is copy-on-write because instruments are added and removed
   * rarely (and from any thread) while hooks iterate all the time.
   */

  private static final System.Logger LOG = System.getLogger("org.trio4j");

  private final CopyOnWriteArrayList<Instrument> list;

  RunInstruments(List<Instrument> initial) {
    this.list = new CopyOnWriteArrayList<>(initial);
  }

  /** Tells whether no instrument is installed: the guard of every hook on a hot path. */
  boolean isEmpty() {
    return list.isEmpty();
  }

  void add(Instrument i) {
    list.addIfAbsent(i);
  }

  boolean remove(Instrument i) {
    return list.remove(i);
  }

  void beforeRun() {
    for (Instrument i : list) {
      call(i, "beforeRun", () -> i.beforeRun());
    }
  }

  void afterRun() {
    for (Instrument i : list) {
      call(i, "afterRun", () -> i.afterRun());
    }
  }

  void taskSpawned(TaskImpl t) {
    for (Instrument i : list) {
      call(i, "taskSpawned", () -> i.taskSpawned(t));
    }
  }

  void taskExited(TaskImpl t) {
    for (Instrument i : list) {
      call(i, "taskExited", () -> i.taskExited(t));
    }
  }

  void taskParked(TaskImpl t) {
    for (Instrument i : list) {
      call(i, "taskParked", () -> i.taskParked(t));
    }
  }

  void taskScheduled(TaskImpl t) {
    for (Instrument i : list) {
      call(i, "taskScheduled", () -> i.taskScheduled(t));
    }
  }

  void taskCheckpointed(TaskImpl t) {
    for (Instrument i : list) {
      call(i, "taskCheckpointed", () -> i.taskCheckpointed(t));
    }
  }

  void taskCancelled(TaskImpl t, Cancelled c) {
    for (Instrument i : list) {
      call(i, "taskCancelled", () -> i.taskCancelled(t, c));
    }
  }

  void taskFailed(TaskImpl t, Throwable failure) {
    for (Instrument i : list) {
      call(i, "taskFailed", () -> i.taskFailed(t, failure));
    }
  }

  private void call(Instrument i, String hook, Runnable call) {
    try {
      call.run();
    } catch (Throwable t) {
      list.remove(i);
      LOG.log(
          System.Logger.Level.ERROR,
          "instrument " + i + " threw in " + hook + " and was removed from the run",
          t);
    }
  }
}
