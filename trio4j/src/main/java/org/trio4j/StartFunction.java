package org.trio4j;

/**
 * A task body that reports when it is ready, for {@link Nursery#start(StartFunction)}: typically a
 * server that calls {@link TaskStatus#started(Object)} once it listens, then serves forever.
 *
 * {@snippet :
 * int port = nursery.start(status -> {
 *   try (var listener = openListener(0)) {
 *     status.started(listener.port());
 *     serve(listener);
 *   }
 * });
 * }
 *
 * @param <T> the type of the value passed to {@code started}
 */
@FunctionalInterface
public interface StartFunction<T> {
  /**
   * Runs the task.
   *
   * @param status call {@link TaskStatus#started(Object)} on it once the task is ready
   * @throws Exception anything; before {@code started} it comes out of {@code start}, after it goes
   *     to the nursery like any child's failure
   */
  void run(TaskStatus<T> status) throws Exception;
}
