package org.trio4j.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs executing in this JVM, so that a task-tree dump can be asked for from any thread: by
 * {@code Lowlevel.dumpAllTaskTrees()}, or by the JFR {@code org.trio4j.TaskTree} event that {@code
 * jcmd <pid> JFR.dump} triggers.
 */
public final class LiveRuns {
  // A concurrent set: a run adds itself when it starts executing and removes itself when it ends.
  private static final Set<Runner> RUNS = ConcurrentHashMap.newKeySet();

  private LiveRuns() {}

  static void add(Runner r) {
    RUNS.add(r);
  }

  static void remove(Runner r) {
    RUNS.remove(r);
  }

  /**
   * Returns the runs executing now, oldest first.
   *
   * @return a snapshot
   */
  public static List<Runner> snapshot() {
    List<Runner> out = new ArrayList<>(RUNS);
    out.sort(Comparator.comparingLong(Runner::id));
    return out;
  }

  /**
   * Dumps every run executing now, oldest first, separated by blank lines.
   *
   * @return the dumps, or a line saying there is no run
   */
  public static String dumpAll() {
    List<Runner> runs = snapshot();
    if (runs.isEmpty()) {
      return "no trio4j run is executing in this JVM\n";
    }
    StringBuilder sb = new StringBuilder();
    for (Runner r : runs) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(r.dumpTaskTree());
    }
    return sb.toString();
  }
}
