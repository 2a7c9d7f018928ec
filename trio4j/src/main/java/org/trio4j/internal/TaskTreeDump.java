package org.trio4j.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.trio4j.Nursery;
import org.trio4j.lowlevel.RunStatistics;

/**
 * Describes a run as text: every nursery, cancel scope and task, nested as they are, with each
 * scope's deadline, shield and cancelled state, and what each task is doing or blocked on. Trio
 * offers the same picture through its task tree; Go's goroutine dump and {@code jcmd
 * Thread.dump_to_file} are the other models.
 */
final class TaskTreeDump {
  /*
   * Implementation notes.
   *
   * The walk follows the run's cancel-status tree, not the task tree: every entered cancel scope
   * (a nursery's included) has a status, every living task is attached to its innermost status,
   * and statuses nest exactly as the scopes do. So one walk from the root status reaches every
   * task, shows each inside the scopes it is in, and shows the children of a nursery under that
   * nursery's scope. A nursery's status is recognised by ScopeView.nursery(). A task inside
   * private statuses (plain cancel scopes, which stay out of the tree: CancelStatus notes) is
   * attached to the linked status above them; the copy puts those statuses back in between.
   *
   * Two phases, so that no foreign code runs under the structure lock: the shape of the tree is
   * copied under the lock (statuses, their scopes' volatile flags, attached tasks); then, without
   * the lock, each task's park record is described (foreign toString() methods), its stack is
   * taken (Thread.getStackTrace, which works for unmounted virtual threads) and the text is built.
   * A task can move between the phases; the dump is a snapshot of a moving run, as a thread dump
   * is.
   */

  /** How many stack frames are shown under a task, from its first frame outside the engine. */
  static final int FRAMES = 4;

  private TaskTreeDump() {}

  /** One status, copied under the lock. */
  private record Node(
      ScopeView scope, boolean effectivelyCancelled, List<TaskImpl> tasks, List<Node> children) {}

  static String dump(Runner r) {
    Node root;
    r.lock.lock();
    try {
      TaskImpl rootTask = r.rootTask();
      CancelStatus top = rootTask == null ? null : rootTask.status;
      while (top != null && top.parent() != null) {
        top = top.parent();
      }
      root = top == null ? null : copy(top);
    } finally {
      r.lock.unlock();
    }
    RunStatistics stats = r.statistics();
    long now = r.now();
    StringBuilder sb = new StringBuilder();
    sb.append(r)
        .append(" at ")
        .append(seconds(now))
        .append(": ")
        .append(stats.tasksLiving())
        .append(" tasks living, ")
        .append(stats.tasksRunnable())
        .append(" runnable, ")
        .append(stats.pendingDeadlines())
        .append(" deadlines pending");
    if (stats.nanosToNextDeadline() != Long.MAX_VALUE) {
      sb.append(" (next in ").append(seconds(stats.nanosToNextDeadline())).append(')');
    }
    sb.append('\n');
    if (root == null) {
      sb.append("  (no task is inside a cancel scope: the run is starting or ending)\n");
    } else {
      append(sb, r, root, now, 0);
    }
    return sb.toString();
  }

  // Caller holds the lock. The intrusive lists are newest first; the copy is oldest first.
  private static Node copy(CancelStatus s) {
    List<TaskImpl> tasks = new ArrayList<>();
    List<Node> inPrivate = new ArrayList<>();
    for (TaskImpl t = s.firstTask; t != null; t = t.statusNext) {
      ArrayList<CancelStatus> chain = CancelStatus.privateChain(t, s);
      if (chain.isEmpty()) {
        tasks.add(t);
        continue;
      }
      Node n = null;
      for (CancelStatus p : chain) { // innermost first
        n = new Node(p.scope, p.effectivelyCancelled, n == null ? List.of(t) : List.of(), nodes(n));
      }
      inPrivate.add(n);
    }
    Collections.reverse(tasks);
    Collections.reverse(inPrivate);
    List<Node> children = new ArrayList<>();
    for (CancelStatus c = s.firstChild(); c != null; c = c.nextSibling()) {
      children.add(copy(c));
    }
    Collections.reverse(children);
    children.addAll(inPrivate);
    return new Node(s.scope, s.effectivelyCancelled, tasks, children);
  }

  private static List<Node> nodes(Node n) {
    return n == null ? List.of() : List.of(n);
  }

  private static void append(StringBuilder sb, Runner r, Node n, long now, int depth) {
    indent(sb, depth);
    Nursery nursery = n.scope.nursery();
    if (nursery != null) {
      sb.append("nursery of ").append(nursery.parentTask().name());
    } else {
      sb.append("cancel scope");
    }
    List<String> facts = new ArrayList<>();
    long deadline = n.scope.deadline();
    if (deadline != Long.MAX_VALUE) {
      long left = deadline - now;
      facts.add(
          "deadline "
              + seconds(deadline)
              + (left >= 0 ? " (in " + seconds(left) + ")" : " (" + seconds(-left) + " ago)"));
    }
    if (n.scope.shield()) {
      facts.add("shield");
    }
    if (n.scope.cancelCalled()) {
      facts.add("cancelled: " + n.scope.cancelReason());
    } else if (n.effectivelyCancelled) {
      facts.add("cancelled from outside");
    }
    if (!facts.isEmpty()) {
      sb.append(" [").append(String.join(", ", facts)).append(']');
    }
    sb.append('\n');
    for (TaskImpl t : n.tasks) {
      appendTask(sb, r, t, depth + 1);
    }
    for (Node c : n.children) {
      append(sb, r, c, now, depth + 1);
    }
  }

  private static void appendTask(StringBuilder sb, Runner r, TaskImpl t, int depth) {
    indent(sb, depth);
    sb.append("task ").append(t.name()).append(": ");
    ParkRecord park = t.parkedOn();
    if (park != null) {
      sb.append("parked on ").append(park.describe());
    } else if (t.wokenNotResumed()) {
      sb.append("woken, about to resume");
    } else if (r.scheduler().holdsRun(t)) {
      sb.append("running (holds the cooperative run)");
    } else if (r.scheduler() instanceof CooperativeScheduler) {
      sb.append("runnable, waiting for its turn");
    } else {
      sb.append("running");
    }
    sb.append('\n');
    if (t.thread() != null && t != TaskImpl.currentOrNull()) {
      appendFrames(sb, t.thread().getStackTrace(), depth + 2);
    }
  }

  /**
   * Shows a few frames from the first one that is not the JDK's or the engine's own (internal and
   * lowlevel: parking machinery), so that the wait's caller comes first.
   */
  private static void appendFrames(StringBuilder sb, StackTraceElement[] stack, int depth) {
    int shown = 0;
    for (StackTraceElement e : stack) {
      String c = e.getClassName();
      if (shown == 0
          && (c.startsWith("java.")
              || c.startsWith("jdk.")
              || c.startsWith("sun.")
              || c.startsWith("org.trio4j.internal.")
              || c.startsWith("org.trio4j.lowlevel."))) {
        continue;
      }
      if (shown == FRAMES) {
        break;
      }
      indent(sb, depth);
      sb.append("at ").append(e).append('\n');
      shown++;
    }
  }

  private static void indent(StringBuilder sb, int depth) {
    for (int i = 0; i < depth; i++) {
      sb.append("  ");
    }
  }

  private static String seconds(long nanos) {
    return Durations.seconds(nanos);
  }
}
