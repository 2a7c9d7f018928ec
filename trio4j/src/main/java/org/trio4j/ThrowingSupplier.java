package org.trio4j;

/**
 * A block of code that computes a value and may throw a checked exception: the main function of a
 * run, or a cancel-scope body that returns something.
 *
 * {@snippet :
 * int answer = Trio.run(() -> 42); // throws nothing checked
 * }
 *
 * @param <T> the type of the value
 * @param <X> the checked exception the block may throw ({@link RuntimeException} if none)
 */
@FunctionalInterface
public interface ThrowingSupplier<T, X extends Exception> {
  /**
   * Runs the block and returns its value.
   *
   * @return the value
   * @throws X whatever the block throws
   */
  T get() throws X;
}
