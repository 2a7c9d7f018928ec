package org.trio4j.testing.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link TraceRecorder} saw of a run: its tasks and the events of each, in order. Immutable.
 *
 * @param tasks the tasks, by key (the task with key {@code k} is {@code tasks().get(k)})
 * @param events the events, in the order the recorder saw them
 */
public record Trace(List<TraceTask> tasks, List<TraceEvent> events) {
  /**
   * Copies the lists.
   *
   * @param tasks the tasks, by key
   * @param events the events, in order
   */
  public Trace {
    tasks = List.copyOf(tasks);
    events = List.copyOf(events);
  }

  /**
   * Returns the first task with this name.
   *
   * @param name the name
   * @return the task
   * @throws IllegalArgumentException if there is none
   */
  public TraceTask task(String name) {
    for (TraceTask t : tasks) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("no task named " + name + " in this trace: " + tasks);
  }

  /**
   * Returns the events of one task, in order.
   *
   * @param task the task
   * @return its events
   */
  public List<TraceEvent> eventsOf(TraceTask task) {
    List<TraceEvent> out = new ArrayList<>();
    for (TraceEvent e : events) {
      if (e.task() == task.key()) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * Returns the events of one kind, in order.
   *
   * @param kind the kind
   * @return the events
   */
  public List<TraceEvent> eventsOf(TraceEvent.Kind kind) {
    List<TraceEvent> out = new ArrayList<>();
    for (TraceEvent e : events) {
      if (e.kind() == kind) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * Returns the children of a task (the tasks started in nurseries it opened), in order of
   * spawning.
   *
   * @param parent the parent task
   * @return its children
   */
  public List<TraceTask> children(TraceTask parent) {
    List<TraceTask> out = new ArrayList<>();
    for (TraceTask t : tasks) {
      if (t.parent() == parent.key()) {
        out.add(t);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "Trace[" + tasks.size() + " tasks, " + events.size() + " events]";
  }
}
