package org.trio4j.lowlevel;

import java.util.Objects;
import org.trio4j.RunFinishedException;
import org.trio4j.internal.Runner;

/**
 * A handle on a run that other threads can hold, to get back into the run: Trio's {@code
 * TrioToken}. Obtain it inside the run with {@link Lowlevel#currentTrioToken()} and hand it to the
 * thread that needs it.
 *
 * {@snippet :
 * TrioToken token = Lowlevel.currentTrioToken();
 * legacyLibrary.onEvent(event ->                     // called on the library's own thread
 *     FromThread.run(token, () -> { channel.send(event); return null; }));
 * }
 *
 * <p>Most code uses {@code org.trio4j.thread.FromThread}, which is built on {@link #runSyncSoon}.
 *
 * <h2>Lifetime</h2>
 *
 * A run has exactly one token; tokens compare by identity. Once the run is finishing (its main task
 * and every system task have ended) or has finished, {@link #runSyncSoon} throws {@link
 * RunFinishedException}: reaching into a finished run fails at once and never hangs.
 *
 * <h2>Thread safety</h2>
 *
 * Every method may be called from any thread, inside the run or not.
 */
public final class TrioToken {
  private final Runner runner;

  TrioToken(Runner runner) {
    this.runner = runner;
  }

  /**
   * Queues {@code fn} to run soon inside the run, and returns at once. Callbacks run one at a time,
   * in the order they were queued, on a task of the run that belongs to no user cancel scope: they
   * may use the low-level API ({@link Lowlevel#reschedule}, {@link Lowlevel#spawnSystemTask}), read
   * run variables and cancel scopes.
   *
   * <p>A callback must be quick and must not block or wait for anything: every other callback of
   * the run waits behind it. To wait for something inside the run, spawn a system task from the
   * callback. A callback must not throw: a callback that throws is a bug, and, like a failing
   * system task, cancels the run and makes {@code Trio.run} throw {@link
   * org.trio4j.TrioInternalError}.
   *
   * <p>A callback that was accepted always runs, even if the run starts finishing right after.
   *
   * @param fn the callback
   * @throws RunFinishedException if the run has finished or is in its final clean-up
   */
  public void runSyncSoon(Runnable fn) {
    Objects.requireNonNull(fn, "fn");
    runner.entryQueue().runSyncSoon(fn);
  }

  /**
   * Tells whether the run has finished, or is so far into its final clean-up that {@link
   * #runSyncSoon} fails. Once true, it stays true.
   *
   * @return true if the run no longer accepts callbacks
   */
  public boolean isRunFinished() {
    return runner.entryQueue().isClosed();
  }

  @Override
  public String toString() {
    return "TrioToken[run@"
        + Integer.toHexString(System.identityHashCode(runner))
        + (isRunFinished() ? ", finished" : ", running")
        + "]";
  }
}
