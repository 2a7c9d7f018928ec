package org.trio4j.internal;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The run's structure lock: a {@link ReentrantLock} that spins briefly before it parks.
 *
 * <p>Its critical sections are a few dozen instructions, so a thread that finds it held almost
 * always gets it within a few hundred nanoseconds; parking a virtual thread and waking it again
 * costs microseconds and was most of the cost of spawning and joining many tasks at once (measured
 * in SpawnJoinBenchmark with JFR). Spinning is bounded, so a holder that is descheduled by the
 * operating system costs the waiter a bounded amount of wasted work before it parks as usual.
 */
final class RunLock extends ReentrantLock {
  private static final long serialVersionUID = 1L;
  private static final int SPINS = 128;

  RunLock() {}

  @Override
  public void lock() {
    for (int i = 0; i < SPINS; i++) {
      if (tryLock()) {
        return;
      }
      Thread.onSpinWait();
    }
    super.lock();
  }
}
