package org.trio4j;

/**
 * Thrown when code outside a run tries to reach into it ({@code FromThread.run}, {@code
 * TrioToken.runSyncSoon}) after the run has finished, or once it has begun its final clean-up and
 * accepts no more work from outside.
 *
 * <p>It is Trio's {@code RunFinishedError}. Whatever was asked for has not happened and never will;
 * there is no run left to retry in.
 */
public class RunFinishedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message.
   *
   * @param message what happened, and if possible what to do about it
   */
  public RunFinishedException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and the exception that caused it.
   *
   * @param message what happened, and if possible what to do about it
   * @param cause the underlying failure
   */
  public RunFinishedException(String message, Throwable cause) {
    super(message, cause);
  }
}
