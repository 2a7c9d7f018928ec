package org.trio4j.testing;

import java.util.concurrent.locks.ReentrantLock;
import org.trio4j.Cancelled;
import org.trio4j.lowlevel.ParkingLot;

/**
 * A lock and the tasks waiting for the state it guards to change: a condition variable for trio4j
 * tasks, built on {@link ParkingLot}'s two-phase parking. The testing module's streams and {@link
 * Sequencer} use it.
 *
 * <pre>{@code
 * monitor.lock();
 * try {
 *   while (!ready) monitor.await();   // parks; a cancel point
 * } finally {
 *   monitor.unlock();
 * }
 * }</pre>
 */
final class TaskMonitor {
  /*
   * Implementation notes. A waiter takes its place in the lot (ParkingLot.enqueue) while it holds
   * the lock that guards the state, and parks only after releasing it; a waker changes the state
   * and unparks under the same lock. So a change can never fall between "the state is not ready"
   * and "I am in line" (ADR 0002); a wake-up that lands before the park is kept. Lock order: this
   * monitor's lock, then the lot's.
   */

  private final ReentrantLock lock = new ReentrantLock();
  private final ParkingLot waiters = new ParkingLot();

  void lock() {
    lock.lock();
  }

  void unlock() {
    lock.unlock();
  }

  /** With the lock held: wakes every waiting task. */
  void signalAll() {
    waiters.unparkAll();
  }

  /**
   * With the lock held: releases it, parks until {@link #signalAll()} (or cancellation), and takes
   * the lock again before returning or throwing. Callers re-check their condition in a loop.
   *
   * @throws Cancelled if the task is cancelled while waiting (the lock is held again)
   */
  void await() {
    ParkingLot.Ticket ticket = waiters.enqueue();
    lock.unlock();
    try {
      ticket.park();
    } finally {
      lock.lock();
    }
  }

  /**
   * Returns how many tasks wait.
   *
   * @return the count
   */
  int waiting() {
    return waiters.size();
  }
}
