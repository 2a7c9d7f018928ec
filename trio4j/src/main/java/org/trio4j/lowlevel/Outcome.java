package org.trio4j.lowlevel;

import org.trio4j.Cancelled;
import org.trio4j.internal.Access;
import org.trio4j.internal.Runner;

/**
 * What a parked task is woken with: a value, a failure, or a cancellation.
 *
 * <p>The task receives it from {@link Lowlevel#park(AbortFunction)}: a value is returned, a failure
 * is thrown as it is, and a cancellation becomes a {@link Cancelled} created on the woken task's
 * own thread, so that its stack trace shows where the task was waiting.
 *
 * {@snippet :
 * Lowlevel.reschedule(waiter, Outcome.value(item));
 * Lowlevel.reschedule(waiter, Outcome.failure(new BrokenResourceException("gone")));
 * }
 */
public final class Outcome {
  private static final Outcome NULL_VALUE = new Outcome(null, null, false);
  private static final Outcome CANCELLED = new Outcome(null, null, true);

  private final Object value;
  private final Throwable failure;
  private final boolean cancelled;

  private Outcome(Object value, Throwable failure, boolean cancelled) {
    this.value = value;
    this.failure = failure;
    this.cancelled = cancelled;
  }

  /**
   * Returns an outcome that makes {@code park} return {@code value}.
   *
   * @param value the value, may be null
   * @return the outcome
   */
  public static Outcome value(Object value) {
    return value == null ? NULL_VALUE : new Outcome(value, null, false);
  }

  /**
   * Returns an outcome that makes {@code park} throw {@code failure}.
   *
   * @param failure the exception to throw in the woken task
   * @return the outcome
   */
  public static Outcome failure(Throwable failure) {
    if (failure == null) {
      throw new IllegalArgumentException("failure must not be null; use Outcome.value(null)");
    }
    return new Outcome(null, failure, false);
  }

  /**
   * Returns the outcome that makes {@code park} throw {@link Cancelled}: what an abort function
   * that returned {@link Abort#FAILED} uses to deliver the cancellation later.
   *
   * @return the outcome
   */
  public static Outcome cancelled() {
    return CANCELLED;
  }

  /**
   * Tells whether this is the cancellation outcome.
   *
   * @return true for {@link #cancelled()}
   */
  public boolean isCancelled() {
    return cancelled;
  }

  /**
   * Returns the value, or null if this is a failure or a cancellation.
   *
   * @return the value
   */
  public Object value() {
    return value;
  }

  /**
   * Returns the failure, or null if this is a value or a cancellation.
   *
   * @return the failure
   */
  public Throwable failure() {
    return failure;
  }

  /**
   * Turns the outcome into a return or a throw, on the calling thread, as {@link
   * Lowlevel#park(AbortFunction)} does for the task it wakes: returns the value, throws the failure
   * unchanged (a checked exception too, undeclared), or, for {@link #cancelled()}, throws a new
   * {@link Cancelled} created here. It is how an outcome computed on one thread is delivered on
   * another: a thread outside the run that waited for code inside it, or a worker thread that
   * learns its task was cancelled (Trio's {@code outcome.unwrap}). May be called from any thread,
   * any number of times.
   *
   * {@snippet :
   * Outcome result = futureOutcome.get(); // computed by a task of the run
   * Object value = result.unwrap();       // rethrows the task's failure here
   * }
   *
   * @return the value
   * @throws Cancelled for the cancellation outcome
   */
  public Object unwrap() {
    if (cancelled) {
      throw Access.newCancelled("cancelled (the operation this outcome belongs to was cancelled)");
    }
    if (failure != null) {
      throw Runner.<RuntimeException>sneaky(failure);
    }
    return value;
  }

  @Override
  public String toString() {
    if (cancelled) {
      return "Outcome.cancelled()";
    }
    return failure != null ? "Outcome.failure(" + failure + ")" : "Outcome.value(" + value + ")";
  }
}
