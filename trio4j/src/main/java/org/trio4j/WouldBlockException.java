package org.trio4j;

/**
 * Thrown by a non-blocking {@code try*} operation that could only have succeeded by waiting.
 *
 * <p>Nothing has happened when it is thrown: the operation can be retried, or its blocking form
 * called instead.
 */
public class WouldBlockException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message.
   *
   * @param message what happened, and if possible what to do about it
   */
  public WouldBlockException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and the exception that caused it.
   *
   * @param message what happened, and if possible what to do about it
   * @param cause the underlying failure, for example the operating system's {@code IOException}
   */
  public WouldBlockException(String message, Throwable cause) {
    super(message, cause);
  }
}
