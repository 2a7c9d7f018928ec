package org.trio4j.lowlevel;

/** What an {@link AbortFunction} did with a cancellation request. */
public enum Abort {
  /**
   * The task was taken off whatever it was waiting on; the run reschedules it at once with the
   * cancellation.
   */
  SUCCEEDED,
  /**
   * The task could not be taken off (it was already being woken, or the wait cannot be abandoned);
   * whoever holds it must still {@link Lowlevel#reschedule reschedule} it exactly once, possibly
   * with {@link Outcome#cancelled()}.
   */
  FAILED
}
