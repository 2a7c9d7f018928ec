package org.trio4j;

/**
 * Thrown when a resource can no longer be used because of something outside this side's control:
 * the peer went away, every receiver closed, or the operating system reported an error.
 *
 * <p>An operating system error arrives with its {@link java.io.IOException} as the cause.
 */
public class BrokenResourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message.
   *
   * @param message what happened, and if possible what to do about it
   */
  public BrokenResourceException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and the exception that caused it.
   *
   * @param message what happened, and if possible what to do about it
   * @param cause the underlying failure, for example the operating system's {@code IOException}
   */
  public BrokenResourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
