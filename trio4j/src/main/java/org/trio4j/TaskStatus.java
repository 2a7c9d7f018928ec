package org.trio4j;

/**
 * The handle a task started with {@link Nursery#start(StartFunction)} uses to say that it is ready.
 *
 * <p>Calling {@link #started(Object)} makes the pending {@code start} call return the value and
 * moves the task into the target nursery, under that nursery's cancel scope. If the caller of
 * {@code start} has been cancelled by then, {@code started} does nothing: the task stays where it
 * was and finishes its unwinding there.
 *
 * @param <T> the type of the value passed back to {@code start}
 */
public interface TaskStatus<T> {
  /**
   * Reports that the task is ready and hands {@code value} to the caller of {@code start}.
   *
   * @param value the value {@code start} returns; may be null
   * @throws IllegalStateException if {@code started} was already called on this status
   */
  void started(T value);

  /** Reports that the task is ready, with a null value. Same as {@code started(null)}. */
  default void started() {
    started(null);
  }
}
