package org.trio4j.lowlevel;

import org.trio4j.Cancelled;

/**
 * Hooks that observe a run: for tracing, metrics and debugging tools.
 *
 * <p>Install instruments with {@code RunOptions.Builder.instrument} or {@link
 * Lowlevel#addInstrument(Instrument)}. Every method has an empty default, so implement only what
 * you need. In the default parallel mode the hooks are called from many threads at once; they must
 * be thread-safe, quick, and must not block. An instrument that throws is removed from the run, and
 * the failure is logged through {@link System.Logger}.
 *
 * <p>A run without instruments pays one volatile read per hook site; the hooks on hot paths ({@link
 * #taskCheckpointed}, {@link #taskCancelled}) are called only while at least one instrument is
 * installed. Hooks called on the task's own thread can use {@link Lowlevel#currentTask()} and the
 * run's clock; {@link #taskScheduled} may be called from any thread, including threads outside the
 * run.
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

  /**
   * Called at every schedule point of a task: {@code Trio.checkpoint()}, {@link
   * Lowlevel#checkpoint()}, {@link Lowlevel#cancelShieldedCheckpoint()} and every blocking trio4j
   * operation that completed without blocking (a wait that blocks is reported by {@link
   * #taskParked} instead). On the task's own thread, after the scheduling half of the checkpoint
   * and before the cancellation check.
   *
   * @param task the task at the checkpoint
   */
  default void taskCheckpointed(Task task) {}

  /**
   * Called when a {@link Cancelled} is about to be thrown into a task: a checkpoint found it
   * cancelled, or a cancelled park was aborted. Cancellation is level-triggered, so a task that
   * keeps reaching checkpoints in a cancelled scope is reported each time. On the task's own
   * thread.
   *
   * @param task the cancelled task
   * @param cancelled the exception about to be thrown; its message says why
   */
  default void taskCancelled(Task task, Cancelled cancelled) {}

  /**
   * Called when a task's body has thrown, before {@link #taskExited}: with a real failure (which
   * goes to the task's nursery) or with a {@link Cancelled} (which the nursery or an enclosing
   * scope catches). On the task's own thread.
   *
   * @param task the task
   * @param failure what its body threw
   */
  default void taskFailed(Task task, Throwable failure) {}
}
