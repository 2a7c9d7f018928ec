package org.trio4j;

import org.trio4j.internal.Access;

/**
 * Thrown at a checkpoint inside a cancelled {@link CancelScope}, and caught by the scope that
 * caused it.
 *
 * <p>It is an {@link Error}, like {@code ThreadDeath} was, so that {@code catch (Exception e)} in
 * user code cannot swallow it. Let it propagate: the cancel scope responsible for it catches it and
 * the code after that scope carries on. Code may catch it to run cleanup, as long as it rethrows
 * it. Only trio4j creates it; there is no public constructor.
 *
 * <p>Cancellation is level-triggered: once a scope is cancelled, every checkpoint inside it throws
 * a new {@code Cancelled}, until the scope has been left.
 */
public final class Cancelled extends Error {
  private static final long serialVersionUID = 1L;

  static {
    Access.setCancelledFactory(Cancelled::new);
  }

  private Cancelled(String message) {
    super(message);
  }
}
