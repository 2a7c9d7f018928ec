package org.trio4j;

/**
 * Thrown when an operation is attempted on a resource that this side has closed, or that is closed
 * while the operation waits.
 *
 * <p>It means "you closed it": the fault is local. Compare {@link BrokenResourceException}, which
 * means the other side or the system broke it.
 */
public class ClosedResourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message.
   *
   * @param message what happened, and if possible what to do about it
   */
  public ClosedResourceException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and the exception that caused it.
   *
   * @param message what happened, and if possible what to do about it
   * @param cause the underlying failure, for example the operating system's {@code IOException}
   */
  public ClosedResourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
