package org.trio4j.testing.trace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which rows a timeline has, in which order, and where on the horizontal axis each event falls: one
 * row per task, depth-first through the nursery tree, each nursery introduced by a header row.
 */
final class TimelineLayout {
  /** The names of the tasks trio4j itself runs around the main task. */
  static final Set<String> SYSTEM_TASKS = Set.of("trio4j-root", "trio4j-entry-queue");

  static final String MAIN_TASK = "trio4j-main";

  /** A row: a task's lane, or the header of a nursery whose children's lanes follow. */
  static final class Row {
    final TraceTask task; // null for a nursery header
    final int nursery; // the nursery key of a header, else -1
    final TraceTask owner; // the task that opened the nursery of a header
    final int depth;
    int lastRow; // for a header: the last row of the nursery's subtree

    Row(TraceTask task, int nursery, TraceTask owner, int depth) {
      this.task = task;
      this.nursery = nursery;
      this.owner = owner;
      this.depth = depth;
    }
  }

  final Trace trace;
  final List<Row> rows = new ArrayList<>();
  final boolean bySequence;
  // The events of the tasks shown, in order; the horizontal axis runs over them.
  final List<TraceEvent> shown = new ArrayList<>();
  final long t0;
  final long t1;
  private final Map<Long, Integer> rankOfSeq = new LinkedHashMap<>();

  TimelineLayout(Trace trace, boolean showSystemTasks, boolean sequenceAxis) {
    this.trace = trace;
    Map<Integer, List<TraceTask>> children = new LinkedHashMap<>();
    List<TraceTask> roots = new ArrayList<>();
    for (TraceTask t : trace.tasks()) {
      if (t.parent() >= 0) {
        children.computeIfAbsent(t.parent(), k -> new ArrayList<>()).add(t);
      }
    }
    TraceTask main = null;
    for (TraceTask t : trace.tasks()) {
      if (t.name().equals(MAIN_TASK)) {
        main = t;
        break;
      }
    }
    if (!showSystemTasks && main != null) {
      roots.add(main);
    } else {
      for (TraceTask t : trace.tasks()) {
        if (t.parent() < 0 && (showSystemTasks || !SYSTEM_TASKS.contains(t.name()))) {
          roots.add(t);
        }
      }
    }
    Set<Integer> visited = new HashSet<>();
    for (TraceTask r : roots) {
      visit(r, 0, children, visited);
    }
    for (TraceEvent e : trace.events()) {
      if (visited.contains(e.task())) {
        rankOfSeq.put(e.seq(), shown.size());
        shown.add(e);
      }
    }
    long lo = Long.MAX_VALUE;
    long hi = Long.MIN_VALUE;
    for (TraceEvent e : shown) {
      lo = Math.min(lo, e.time());
      hi = Math.max(hi, e.time());
    }
    if (shown.isEmpty()) {
      lo = 0;
      hi = 0;
    }
    this.t0 = lo;
    this.t1 = hi;
    // A run whose events all happened at one instant of its clock (no sleeps on a mock clock) has
    // no time axis to speak of: order is all there is to show.
    this.bySequence = sequenceAxis || hi <= lo;
  }

  private void visit(
      TraceTask t, int depth, Map<Integer, List<TraceTask>> children, Set<Integer> visited) {
    if (!visited.add(t.key())) {
      return;
    }
    rows.add(new Row(t, -1, null, depth));
    Map<Integer, List<TraceTask>> byNursery = new LinkedHashMap<>();
    for (TraceTask c : children.getOrDefault(t.key(), List.of())) {
      byNursery.computeIfAbsent(c.nursery(), k -> new ArrayList<>()).add(c);
    }
    for (Map.Entry<Integer, List<TraceTask>> n : byNursery.entrySet()) {
      Row header = new Row(null, n.getKey(), t, depth + 1);
      rows.add(header);
      for (TraceTask c : n.getValue()) {
        visit(c, depth + 1, children, visited);
      }
      header.lastRow = rows.size() - 1;
    }
  }

  /**
   * Returns where an event falls, from 0 (the first event shown) to 1 (the last).
   *
   * @param e an event of a task shown
   * @return the fraction of the axis
   */
  double x(TraceEvent e) {
    if (bySequence) {
      Integer r = rankOfSeq.get(e.seq());
      int rank = r == null ? 0 : r;
      return shown.size() <= 1 ? 0 : (double) rank / (shown.size() - 1);
    }
    return (double) (e.time() - t0) / (t1 - t0);
  }

  /**
   * Returns the events of a task that the axis covers, in order.
   *
   * @param t the task
   * @return its events
   */
  List<TraceEvent> eventsOf(TraceTask t) {
    List<TraceEvent> out = new ArrayList<>();
    for (TraceEvent e : shown) {
      if (e.task() == t.key()) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * Returns the span of a nursery on the axis: from the first spawn of its children to the last
   * exit (or the end of the axis, for a child still running), as fractions.
   *
   * @param header the nursery's header row
   * @return {from, to}
   */
  double[] span(Row header) {
    int from = rows.indexOf(header) + 1;
    double lo = 1;
    double hi = 0;
    for (int i = from; i <= header.lastRow; i++) {
      Row r = rows.get(i);
      if (r.task == null) {
        continue;
      }
      List<TraceEvent> es = eventsOf(r.task);
      if (es.isEmpty()) {
        continue;
      }
      lo = Math.min(lo, x(es.get(0)));
      TraceEvent last = es.get(es.size() - 1);
      hi = Math.max(hi, last.kind() == TraceEvent.Kind.EXITED ? x(last) : 1);
    }
    return lo > hi ? new double[] {0, 0} : new double[] {lo, hi};
  }
}
