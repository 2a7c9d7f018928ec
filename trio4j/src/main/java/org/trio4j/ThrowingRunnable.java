package org.trio4j;

/**
 * A block of code with no result that may throw a checked exception: the body of a task, a cancel
 * scope or a timeout.
 *
 * <p>The exception type {@code X} is inferred from the lambda, so a body that throws nothing
 * checked makes the call that runs it throw nothing checked either:
 *
 * {@snippet :
 * Trio.moveOnAfter(Duration.ofSeconds(1), () -> Trio.sleep(Duration.ofDays(1))); // no throws
 * }
 *
 * @param <X> the checked exception the block may throw ({@link RuntimeException} if none)
 */
@FunctionalInterface
public interface ThrowingRunnable<X extends Exception> {
  /**
   * Runs the block.
   *
   * @throws X whatever the block throws
   */
  void run() throws X;
}
