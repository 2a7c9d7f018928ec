package org.trio4j.lowlevel;

import java.util.List;
import java.util.Optional;
import org.trio4j.Nursery;

/**
 * A task of a run, as the low-level API sees it: a virtual thread with a place in the nursery tree.
 *
 * <p>Obtain the current one with {@link Lowlevel#currentTask()}; wake a parked one with {@link
 * Lowlevel#reschedule(Task, Outcome)}. Tasks are compared by identity.
 */
public interface Task {
  /**
   * Returns the task's name, which is also its thread's name.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the nursery this task is a child of; empty for the run's root task.
   *
   * @return the parent nursery
   */
  Optional<Nursery> parentNursery();

  /**
   * Returns the nurseries currently open in this task, outermost first.
   *
   * @return a snapshot of the open nurseries
   */
  List<Nursery> childNurseries();

  /**
   * Returns the virtual thread that runs this task.
   *
   * @return the thread
   */
  Thread thread();
}
