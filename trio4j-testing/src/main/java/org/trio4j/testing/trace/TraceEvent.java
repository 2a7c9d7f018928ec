package org.trio4j.testing.trace;

/**
 * One thing that happened to a task during a recorded run.
 *
 * @param seq the order in which the recorder saw the events, from 0
 * @param time when, in nanoseconds on the recorder's clock
 * @param task the {@linkplain TraceTask#key() key} of the task
 * @param kind what happened
 * @param detail a description (the reason of a cancellation, the failure), or null
 */
public record TraceEvent(long seq, long time, int task, Kind kind, String detail) {

  /** What happened. */
  public enum Kind {
    /** The task was created and will start soon. */
    SPAWNED,
    /** The task parked in a trio4j wait (a sleep, a lock, a channel, the end of a nursery). */
    PARKED,
    /** A parked task was woken. */
    SCHEDULED,
    /** The task passed a checkpoint without blocking. */
    CHECKPOINT,
    /** A {@code Cancelled} was thrown into the task; the detail is its message. */
    CANCELLED,
    /** The task's body threw; the detail is the exception. */
    FAILED,
    /** The task ended. */
    EXITED
  }
}
