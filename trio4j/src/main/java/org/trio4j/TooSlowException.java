package org.trio4j;

/**
 * Thrown by {@link Trio#failAfter} and {@link Trio#failAt} when the block did not finish before its
 * deadline.
 *
 * <p>It replaces the cancellation that the timeout caused, so it can be caught like any other
 * exception.
 */
public class TooSlowException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message.
   *
   * @param message what happened, and if possible what to do about it
   */
  public TooSlowException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and the exception that caused it.
   *
   * @param message what happened, and if possible what to do about it
   * @param cause the underlying failure, for example the operating system's {@code IOException}
   */
  public TooSlowException(String message, Throwable cause) {
    super(message, cause);
  }
}
