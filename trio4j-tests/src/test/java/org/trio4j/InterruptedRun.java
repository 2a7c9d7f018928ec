package org.trio4j;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs {@code Trio.run} on a platform thread of its own, interrupts that thread once the main task
 * says it is running, and reports how the run ended: the shape of every test of interrupting the
 * thread that called {@code Trio.run}.
 */
final class InterruptedRun {
  private InterruptedRun() {}

  /**
   * How the run ended.
   *
   * @param outcome what Trio.run threw, or an AssertionError if it returned normally
   * @param interruptedAfter whether the thread was interrupted once Trio.run had ended
   */
  record Result(Throwable outcome, boolean interruptedAfter) {}

  /** The run's main task; it calls {@code running.run()} once it is ready to be interrupted. */
  interface Main {
    Object run(Runnable running) throws Exception;
  }

  /**
   * Runs {@code main} with {@code options} on a new platform thread, interrupts that thread once
   * main is running, and waits for it to end.
   *
   * @return how the run ended
   * @throws InterruptedException if the test's own thread is interrupted
   */
  static Result of(RunOptions options, Main main) throws InterruptedException {
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    AtomicBoolean interruptedAfter = new AtomicBoolean();
    CountDownLatch running = new CountDownLatch(1);
    Thread runThread =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    Trio.run(options, () -> main.run(running::countDown));
                    outcome.set(new AssertionError("Trio.run returned normally"));
                  } catch (Throwable t) {
                    outcome.set(t);
                  }
                  interruptedAfter.set(Thread.currentThread().isInterrupted());
                });
    running.await();
    runThread.interrupt();
    runThread.join();
    return new Result(outcome.get(), interruptedAfter.get());
  }
}
