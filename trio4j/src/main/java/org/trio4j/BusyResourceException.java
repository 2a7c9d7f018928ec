package org.trio4j;

/**
 * Thrown when two tasks use a resource at once that only one may use at a time, such as two tasks
 * sending on one stream.
 *
 * <p>The second caller fails at once rather than queueing, because interleaving the two operations
 * would corrupt the resource.
 */
public class BusyResourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message.
   *
   * @param message what happened, and if possible what to do about it
   */
  public BusyResourceException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and the exception that caused it.
   *
   * @param message what happened, and if possible what to do about it
   * @param cause the underlying failure, for example the operating system's {@code IOException}
   */
  public BusyResourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
