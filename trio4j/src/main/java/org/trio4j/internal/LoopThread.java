package org.trio4j.internal;

import org.trio4j.Clock;

/**
 * The thread that runs a run's timer loop: the thread that called {@code Trio.run}, or, for a run
 * on a virtual clock, a virtual thread of its own while the caller waits for it.
 */
final class LoopThread implements Runnable {
  /*
   * Implementation notes.
   *
   * The timer loop hands work to the tasks and back at every deadline, autojump and idle check.
   * Between a platform thread and virtual threads each hand-off is an operating-system wake-up;
   * between virtual threads on the same carriers it is not. With an autojumping MockClock a task
   * that sleeps in a loop cost 70-80 us of real time per sleep with the loop on the caller's
   * platform thread, and 3.2-3.3 us with it on a virtual thread (docs/performance.md, "Virtual
   * time"). So a run on any clock but the system clock (a test's virtual clock) gets a virtual
   * loop thread. The system clock keeps the caller's thread: there the loop also fires real
   * deadlines in bulk (1M concurrent sleeps were 10-60% slower with the loop competing with the
   * tasks for the carriers), and a platform thread still runs when tasks occupy every carrier
   * (the cooperative mode's slow-task report and the deadline interrupts of tasks blocked in
   * foreign code depend on that). The price on a virtual clock: while tasks occupy every carrier
   * without giving it up (a cooperative holder computing without checkpoints on a one-carrier
   * machine, say), the loop waits for a carrier, and the slow-task report comes only once one is
   * free. On a clock that moves only by jumps, deadlines do not pass meanwhile anyway, since an
   * autojump needs every task blocked. A caller that is itself a virtual thread runs the loop
   * itself.
   *
   * The caller waits in join. If it is interrupted meanwhile, that is the interrupt of the thread
   * that called Trio.run: it asks the loop to cancel the run (Runner.requestInterrupt, as Ctrl-C
   * does) and remembers it, so that the run ends as an interrupted one and gives the interrupt
   * back (Runner.wasInterrupted).
   */

  final Thread thread;
  private final Runner runner;
  private Throwable failure; // written by the loop thread before it ends; read after join
  private volatile boolean callerInterrupted;

  LoopThread(Clock clock, Runner runner) {
    this.runner = runner;
    Thread caller = Thread.currentThread();
    this.thread =
        clock instanceof SystemClock || caller.isVirtual()
            ? caller
            : Thread.ofVirtual().name("trio4j-timer-loop").unstarted(this);
  }

  @Override
  public void run() {
    try {
      runner.scheduler().runLoop(runner);
    } catch (Throwable t) {
      failure = t;
    }
  }

  /** Runs the loop until the run ends, on the loop's thread; called by the caller of Trio.run. */
  void runLoop() {
    if (thread == Thread.currentThread()) {
      runner.scheduler().runLoop(runner);
      return;
    }
    thread.start();
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        callerInterrupted = true;
        runner.requestInterrupt();
      }
    }
    if (failure != null) {
      throw Runner.<RuntimeException>sneaky(failure);
    }
  }

  /**
   * Tells whether the caller of Trio.run was interrupted while it waited for a virtual loop.
   *
   * @return true if it was
   */
  boolean callerInterrupted() {
    return callerInterrupted;
  }
}
