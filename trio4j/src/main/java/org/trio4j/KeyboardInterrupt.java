package org.trio4j;

/**
 * Thrown by {@link Trio#run} when the run was interrupted by Ctrl-C (SIGINT).
 *
 * <p>The interrupt cancels the whole run; every task unwinds and runs its {@code finally} blocks,
 * and only then does {@code Trio.run} throw this. Tasks themselves see ordinary {@link Cancelled}.
 */
public class KeyboardInterrupt extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message a description of the interrupt
   */
  public KeyboardInterrupt(String message) {
    super(message);
  }
}
