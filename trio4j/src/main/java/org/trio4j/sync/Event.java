package org.trio4j.sync;

import org.trio4j.Cancelled;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.ParkingLot;

/**
 * A flag that tasks can wait for: it starts unset, {@link #set()} sets it for good and wakes every
 * waiting task, and {@link #await()} returns once it is set (Trio's {@code trio.Event}, the JDK's
 * {@code CountDownLatch(1)}).
 *
 * <p>It does not matter whether {@code set} happens just before or just after {@code await}: no
 * wake-up is lost. An event cannot be cleared; for a series of events, create a new one each time
 * (they are cheap), or use a channel or a {@link Condition}.
 *
 * {@snippet :
 * Event ready = new Event();
 * Nursery.open(nursery -> {
 *   nursery.startSoon(() -> {
 *     ready.await();            // blocks until set()
 *     System.out.println("go");
 *   });
 *   prepare();
 *   ready.set();
 * });
 * }
 *
 * <h2>Cancellation</h2>
 *
 * {@link #await()} is a checkpoint even when the event is already set. A cancelled {@code await}
 * throws {@link Cancelled} and leaves the event as it was. {@link #set()} never blocks and is not a
 * checkpoint.
 *
 * <h2>Thread safety</h2>
 *
 * Any task may call any method concurrently; {@link #set()} and {@link #isSet()} may also be called
 * from outside the run (only {@link #await()} needs a task).
 */
public final class Event {
  /*
   * Implementation notes.
   *
   * Trio's Event keeps a set of waiting tasks and reschedules them all in set(); here the waiters
   * sit in a ParkingLot, which already knows how to take a cancelled waiter out. The check of the
   * flag and the joining of the queue happen together under this object's monitor
   * (ParkingLot.enqueue), and set() flips the flag and empties the queue under the same monitor,
   * so a waiter either sees the flag set or is in the queue when set() wakes everyone: no lost
   * wake-up. The park itself happens after the monitor is released; a wake-up that comes first
   * makes it return at once.
   */

  private final ParkingLot lot = new ParkingLot();
  // Written under this object's monitor; read without it by isSet().
  private volatile boolean flag;

  /** Creates an event that is not set. */
  public Event() {}

  /**
   * Tells whether the event has been set.
   *
   * @return true once {@link #set()} has been called
   */
  public boolean isSet() {
    return flag;
  }

  /**
   * Sets the event, for good, and wakes every task waiting in {@link #await()}. Setting an event
   * that is already set does nothing. Never blocks; not a checkpoint.
   */
  public synchronized void set() {
    if (!flag) {
      flag = true;
      lot.unparkAll();
    }
  }

  /**
   * Waits until the event is set; returns at once (after a checkpoint) if it already is.
   *
   * @throws Cancelled if the caller is cancelled, even if the event is set
   * @throws IllegalStateException if not called from a trio4j task
   */
  public void await() {
    Lowlevel.checkpointIfCancelled();
    ParkingLot.Ticket ticket;
    synchronized (this) {
      ticket = flag ? null : lot.enqueue();
    }
    if (ticket == null) {
      Lowlevel.cancelShieldedCheckpoint();
    } else {
      ticket.park();
    }
  }

  /**
   * Returns a snapshot of the event, for debugging.
   *
   * @return the statistics
   */
  public EventStatistics statistics() {
    return new EventStatistics(flag, lot.size());
  }

  @Override
  public String toString() {
    EventStatistics s = statistics();
    return "Event[" + (s.set() ? "set" : "unset, waiting=" + s.tasksWaiting()) + "]";
  }
}
