package org.trio4j.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The children of one nursery, as an intrusive doubly-linked list through the tasks' own sibling
 * fields: adding and removing are O(1) and allocate nothing. A task is in at most one list. Guarded
 * by the run's structure lock.
 */
public final class TaskList {
  private TaskImpl head;
  private int size;

  /** Creates an empty list. */
  public TaskList() {}

  /**
   * Adds a task that is in no list.
   *
   * @param t the task
   */
  public void add(TaskImpl t) {
    t.siblingPrev = null;
    t.siblingNext = head;
    if (head != null) {
      head.siblingPrev = t;
    }
    head = t;
    size++;
  }

  /**
   * Removes a task that is in this list.
   *
   * @param t the task
   */
  public void remove(TaskImpl t) {
    if (t.siblingPrev != null) {
      t.siblingPrev.siblingNext = t.siblingNext;
    } else {
      head = t.siblingNext;
    }
    if (t.siblingNext != null) {
      t.siblingNext.siblingPrev = t.siblingPrev;
    }
    t.siblingPrev = null;
    t.siblingNext = null;
    size--;
  }

  /**
   * Returns the number of tasks.
   *
   * @return the size
   */
  public int size() {
    return size;
  }

  /**
   * Returns a snapshot of the tasks.
   *
   * @return a new list
   */
  public List<TaskImpl> snapshot() {
    List<TaskImpl> out = new ArrayList<>(size);
    for (TaskImpl t = head; t != null; t = t.siblingNext) {
      out.add(t);
    }
    return out;
  }
}
