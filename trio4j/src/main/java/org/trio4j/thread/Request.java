package org.trio4j.thread;

import java.util.concurrent.CountDownLatch;
import org.trio4j.ThrowingSupplier;
import org.trio4j.lowlevel.Outcome;

/**
 * One call from a thread outside the run into the run: the function, and the slot its outcome is
 * handed back through. The outside thread blocks in {@link #await()} until some task of the run has
 * called {@link #execute()} (or {@link #fail}).
 */
final class Request {
  private final ThrowingSupplier<?, ?> fn;
  private final CountDownLatch done = new CountDownLatch(1);

  // Written once before done.countDown(), read after done.await(): the latch orders them.
  private Outcome outcome;

  Request(ThrowingSupplier<?, ?> fn) {
    this.fn = fn;
  }

  /** Runs the function on the calling task and hands its outcome back; never throws. */
  void execute() {
    Outcome o;
    try {
      o = Outcome.value(fn.get());
    } catch (Throwable t) {
      o = Outcome.failure(t);
    }
    complete(o);
  }

  /**
   * Hands back a failure without running the function.
   *
   * @param failure what the waiting thread throws
   */
  void fail(Throwable failure) {
    complete(Outcome.failure(failure));
  }

  private void complete(Outcome o) {
    if (done.getCount() == 0) {
      throw new IllegalStateException("request completed twice: " + this);
    }
    outcome = o;
    done.countDown();
  }

  /**
   * Blocks the calling thread until the outcome is there, ignoring interrupts (the interrupt status
   * is kept): the function runs inside the run, and cancelling it is the run's business.
   *
   * @return the outcome
   */
  Outcome await() {
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return outcome;
  }

  @Override
  public String toString() {
    return "Request[" + fn + (done.getCount() == 0 ? ", done: " + outcome : ", pending") + "]";
  }
}
