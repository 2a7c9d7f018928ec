package org.trio4j;

/**
 * Thrown when trio4j finds its own invariants broken, or when a system task fails.
 *
 * <p>It is a bug in trio4j (or in a low-level extension of it); please report it with the stack
 * trace.
 */
public class TrioInternalError extends Error {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message.
   *
   * @param message what happened, and if possible what to do about it
   */
  public TrioInternalError(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and the exception that caused it.
   *
   * @param message what happened, and if possible what to do about it
   * @param cause the underlying failure, for example the operating system's {@code IOException}
   */
  public TrioInternalError(String message, Throwable cause) {
    super(message, cause);
  }
}
