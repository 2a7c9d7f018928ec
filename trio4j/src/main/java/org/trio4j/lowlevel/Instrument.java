package org.trio4j.lowlevel;

/**
 * Hooks that observe a run: for tracing, metrics and debugging tools.
 *
 * <p>Install instruments with {@code RunOptions.Builder.instrument} or {@link
 * Lowlevel#addInstrument(Instrument)}. Every method has an empty default, so implement only what
 * you need. In the default parallel mode the hooks are called from many threads at once; they must
 * be thread-safe, quick, and must not block. An instrument that throws is removed from the run, and
 * the failure is logged through {@link System.Logger}.
 *
 * {@snippet :
 * class Counting implements Instrument {
 *   final AtomicInteger spawned = new AtomicInteger();
 *   @Override public void taskSpawned(Task task) { spawned.incrementAndGet(); }
 * }
 * }
 */
public interface Instrument {
  /** Called once when the run starts, before the root task. */
  default void beforeRun() {}

  /** Called once when the run has ended, after every task. */
  default void afterRun() {}

  /**
   * Called when a task has been created, before it first runs.
   *
   * @param task the new task
   */
  default void taskSpawned(Task task) {}

  /**
   * Called when a parked task is made runnable again.
   *
   * @param task the task being woken
   */
  default void taskScheduled(Task task) {}

  /**
   * Called when a task parks.
   *
   * @param task the task that is about to block
   */
  default void taskParked(Task task) {}

  /**
   * Called when a task has finished, successfully or not.
   *
   * @param task the task that ended
   */
  default void taskExited(Task task) {}
}
