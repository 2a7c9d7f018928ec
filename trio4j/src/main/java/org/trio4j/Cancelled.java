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
 *
 * <h2>Stack traces</h2>
 *
 * A {@code Cancelled} is control flow, not a bug report, and cancelling a nursery of many tasks
 * creates one per task: so by default it carries no stack trace ({@link #getStackTrace()} is
 * empty), which makes creating it cheap. Its message names the scope's reason for cancelling. To
 * see where each one was thrown while debugging, run with the system property {@code
 * trio4j.cancelledStackTraces=true} (read once, when this class is loaded):
 *
 * {@snippet :
 * // java -Dtrio4j.cancelledStackTraces=true -jar app.jar
 * try {
 *   Trio.sleep(Duration.ofSeconds(10));
 * } catch (Cancelled c) {
 *   c.printStackTrace(); // the frames of the checkpoint, with the property set
 *   throw c;
 * }
 * }
 *
 * Suppressed exceptions and the cause (an {@link InterruptedException} that became the scope's
 * cancellation) are kept either way.
 */
public final class Cancelled extends Error {
  private static final long serialVersionUID = 1L;

  // Read once: whether Cancelled fills in its stack trace (off unless asked for; see the javadoc).
  private static final boolean STACK_TRACES = Boolean.getBoolean("trio4j.cancelledStackTraces");

  static {
    Access.setCancelledFactory(Cancelled::new);
  }

  private Cancelled(String message, Throwable cause) {
    // Suppression stays enabled (try-with-resources in user code may attach to it); the stack
    // trace is filled in only on request: fillInStackTrace walks the whole stack of the task's
    // virtual thread, and a cancelled nursery of 10k tasks paid that 10k times.
    super(message, cause, true, STACK_TRACES);
  }
}
