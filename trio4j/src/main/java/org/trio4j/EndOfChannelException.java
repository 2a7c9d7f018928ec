package org.trio4j;

/**
 * Thrown by a receive on a channel whose every sender has closed, once its buffer is drained.
 *
 * <p>It is the normal end of a channel, not a failure; iterating over a receive channel ends
 * quietly instead.
 */
public class EndOfChannelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message.
   *
   * @param message what happened, and if possible what to do about it
   */
  public EndOfChannelException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and the exception that caused it.
   *
   * @param message what happened, and if possible what to do about it
   * @param cause the underlying failure, for example the operating system's {@code IOException}
   */
  public EndOfChannelException(String message, Throwable cause) {
    super(message, cause);
  }
}
