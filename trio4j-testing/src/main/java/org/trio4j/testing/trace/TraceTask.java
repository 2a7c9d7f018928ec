package org.trio4j.testing.trace;

/**
 * A task of a recorded run and its place in the nursery tree.
 *
 * @param key the recorder's number for the task, from 0, in the order it first saw the tasks
 * @param name the task's name
 * @param parent the key of the task that opened its nursery, or -1 for a root
 * @param nursery the recorder's number for that nursery (unique in the trace), or -1
 * @param spawned when the task was spawned (or first seen), on the recorder's clock
 * @param exited when it ended, or {@link Long#MIN_VALUE} if it had not when the trace was taken
 * @param failure what its body threw, or null
 */
public record TraceTask(
    int key, String name, int parent, int nursery, long spawned, long exited, String failure) {

  /**
   * Tells whether the task had ended when the trace was taken.
   *
   * @return true if it had
   */
  public boolean hasExited() {
    return exited != Long.MIN_VALUE;
  }
}
