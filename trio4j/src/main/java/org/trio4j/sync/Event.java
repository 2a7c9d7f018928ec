package org.trio4j.sync;

import org.trio4j.Cancelled;
import org.trio4j.lowlevel.Abort;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.Task;
import org.trio4j.lowlevel.WaitNode;

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
   * Trio's Event keeps a set of waiting tasks and reschedules them all in set(). Here the waiters
   * are an intrusive doubly-linked list of Waiter nodes guarded by this object's monitor; each node
   * is a WaitNode, the record of its task's park with its abort function and description, so a
   * waiting task costs one 32-byte object and nothing else (a ParkingLot would add a ticket, a
   * lambda and a node per waiter, and a lock per event: measured in the benchmarks'
   * IdleTaskMemory, every byte of a parked task counts when there are 100k of them).
   *
   * No lost wake-up: the check of the flag and the joining of the list happen together under the
   * monitor, and set() flips the flag and takes the whole list under the same monitor, so a waiter
   * either sees the flag set or is in the list that set() wakes. The park itself happens after the
   * monitor is released; a wake-up that comes first makes it return at once (Lowlevel.reschedule
   * may precede its park).
   *
   * Exactly one wake-up per waiter: the list is only ever emptied by set(), which also sets the
   * flag, so a waiter is still in the list exactly while the flag is unset. The abort function
   * therefore takes its node out and says SUCCEEDED if the flag is unset, and otherwise says
   * FAILED: set() has taken the node and is about to reschedule the task (or has).
   */

  // Guarded by this: the waiting tasks, oldest first, and how many there are.
  private Waiter head;
  private Waiter tail;
  private int waiting;
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
  public void set() {
    Waiter first;
    synchronized (this) {
      if (flag) {
        return;
      }
      flag = true;
      first = head;
      head = null;
      tail = null;
      waiting = 0;
    }
    // Outside the monitor: rescheduling unparks threads. The nodes are no longer reachable from
    // the event, and an abort that races with this sees the flag and leaves them alone.
    for (Waiter w = first; w != null; ) {
      Waiter next = w.next;
      w.next = null;
      w.prev = null;
      Lowlevel.reschedule(w.waitingTask());
      w = next;
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
    Waiter w = enqueue(Lowlevel.currentTask());
    if (w == null) {
      Lowlevel.cancelShieldedCheckpoint();
    } else {
      // The monitor is taken in a method of its own: this frame stays on the stack of every
      // waiting task, so it is kept small (a synchronized block reserves a lock slot in the frame
      // of compiled code).
      Lowlevel.park(w);
    }
  }

  /** Joins the list unless the flag is set; returns the new node, or null if the flag is set. */
  private synchronized Waiter enqueue(Task task) {
    if (flag) {
      return null;
    }
    Waiter w = new Waiter(this, task);
    if (tail == null) {
      head = w;
    } else {
      tail.next = w;
      w.prev = tail;
    }
    tail = w;
    waiting++;
    return w;
  }

  /** The abort function of a waiter's park: takes it out of the list unless set() has taken it. */
  private synchronized Abort remove(Waiter w) {
    if (flag) {
      return Abort.FAILED;
    }
    if (w.prev == null) {
      head = w.next;
    } else {
      w.prev.next = w.next;
    }
    if (w.next == null) {
      tail = w.prev;
    } else {
      w.next.prev = w.prev;
    }
    w.prev = null;
    w.next = null;
    waiting--;
    return Abort.SUCCEEDED;
  }

  /**
   * Returns a snapshot of the event, for debugging.
   *
   * @return the statistics
   */
  public synchronized EventStatistics statistics() {
    return new EventStatistics(flag, waiting);
  }

  @Override
  public String toString() {
    EventStatistics s = statistics();
    return "Event[" + (s.set() ? "set" : "unset, waiting=" + s.tasksWaiting()) + "]";
  }

  /** One waiting task: its place in the list, and the record and abort function of its park. */
  private static final class Waiter extends WaitNode {
    private final Event event;
    // Guarded by the event's monitor.
    private Waiter prev;
    private Waiter next;

    Waiter(Event event, Task task) {
      super(task);
      this.event = event;
    }

    @Override
    protected Abort abort() {
      return event.remove(this);
    }

    /**
     * What the task is parked on, as task-tree dumps and JFR park events say it. Called from other
     * threads without the monitor (a dump must not wait for a lock), so the count is a racy read:
     * good enough for debugging.
     */
    @Override
    public String toString() {
      return event.flag ? "Event[set]" : "Event[unset, waiting=" + event.waiting + "]";
    }
  }
}
