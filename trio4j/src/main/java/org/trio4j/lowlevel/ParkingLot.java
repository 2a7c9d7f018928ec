package org.trio4j.lowlevel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.trio4j.BrokenResourceException;
import org.trio4j.Cancelled;
import org.trio4j.internal.ParkRecord;
import org.trio4j.internal.Runner;
import org.trio4j.internal.TaskImpl;

/**
 * A fair queue of parked tasks: the building block of locks, events, conditions and channels
 * (Trio's {@code ParkingLot}). Tasks {@link #park()} in it and are woken in first-in first-out
 * order by {@link #unpark(int)}.
 *
 * {@snippet :
 * // A one-shot event (org.trio4j.sync.Event is the complete version):
 * final ParkingLot lot = new ParkingLot();
 * boolean set; // guarded by this
 * void await() {
 *   Lowlevel.checkpointIfCancelled();
 *   ParkingLot.Ticket ticket;
 *   synchronized (this) {
 *     if (set) { Lowlevel.cancelShieldedCheckpoint(); return; }
 *     ticket = lot.enqueue(); // join the queue under the same monitor as set()
 *   }
 *   ticket.park();
 * }
 * synchronized void set() { set = true; lot.unparkAll(); }
 * }
 *
 * <h2>Cancellation</h2>
 *
 * A task cancelled while parked here is removed and throws {@link Cancelled}; it is never both
 * woken and cancelled. {@code park} is not a checkpoint by itself when it would not block, since it
 * always blocks: callers normally call {@link Lowlevel#checkpointIfCancelled()} first.
 *
 * <h2>Thread safety</h2>
 *
 * All methods may be called from any task of the run, concurrently. {@code unpark} and {@code
 * repark} may also be called from outside the run.
 */
public final class ParkingLot {
  /*
   * Implementation notes.
   *
   * The queue is an intrusive doubly-linked list of Nodes guarded by `lock`. A parked task's
   * abort function takes a lock and removes its node if the node is still queued; unpark removes
   * nodes under the same lock and reschedules them after releasing it. Whoever removes the node
   * owns the task's single wake-up, so a task is never woken twice. repark() moves nodes from one
   * lot to another; since a node's lot can then change while an abort is in flight, the abort
   * function re-reads node.lot after locking it and retries if the node has moved on.
   *
   * park() is enqueue() then Ticket.park(). The split exists for parallel mode, where a primitive
   * cannot check its state and park atomically the way a Trio task between two awaits can: it
   * enqueues under its own lock (lock order: the primitive's lock, then the lot's) and parks after
   * releasing it. An unpark that lands in between is not lost, because Lowlevel.reschedule may
   * precede the park it answers.
   */

  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock.
  private Node head;
  private Node tail;
  private int size;
  private String brokenBy;

  /** Creates an empty lot. */
  public ParkingLot() {}

  /**
   * Parks the current task until it is unparked.
   *
   * @throws Cancelled if the task is cancelled while parked (it is then no longer in the lot)
   * @throws BrokenResourceException if the lot is or becomes broken
   */
  public void park() {
    enqueue().park();
  }

  /**
   * Puts the current task at the end of the queue without blocking it yet: the first half of {@link
   * #park()}, for primitives that must decide to wait and join the queue atomically under a lock of
   * their own. The task then blocks in {@link Ticket#park()}, after releasing that lock.
   *
   * <p>In parallel mode a check and a park are not atomic: a lock that sees it is held and then
   * calls {@code park()} could miss a release that happens in between. Joining the queue under the
   * primitive's own lock closes that gap; a wake-up that arrives before {@link Ticket#park()} is
   * kept and makes it return at once.
   *
   * {@snippet :
   * ParkingLot.Ticket ticket;
   * synchronized (this) {
   *   if (owner == null) { owner = me; return; }
   *   ticket = lot.enqueue();          // release() unparks under the same monitor
   * }
   * ticket.park();                     // outside the monitor
   * }
   *
   * <p>The caller must call {@link Ticket#park()} exactly once, from the same task, with nothing in
   * between that can fail: a task that is in the lot may be woken at any moment, and a wake-up that
   * is never consumed by a park would be delivered to the task's next, unrelated park.
   *
   * @return the task's place in the queue
   * @throws BrokenResourceException if the lot is broken (the task is then not queued)
   */
  public Ticket enqueue() {
    Task me = Lowlevel.currentTask();
    Node node = new Node(me);
    lock.lock();
    try {
      if (brokenBy != null) {
        throw broken();
      }
      append(node);
    } finally {
      lock.unlock();
    }
    return new Ticket(node);
  }

  /**
   * Wakes up to {@code count} tasks, longest-waiting first.
   *
   * @param count the most tasks to wake; not negative
   * @return the tasks woken
   */
  public List<Task> unpark(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, but was " + count);
    }
    List<Task> woken = take(count);
    for (Task t : woken) {
      Lowlevel.reschedule(t);
    }
    return woken;
  }

  /**
   * Wakes the longest-waiting task, if any.
   *
   * @return true if a task was woken
   */
  public boolean unpark() {
    return !unpark(1).isEmpty();
  }

  /**
   * Wakes every parked task.
   *
   * @return the tasks woken
   */
  public List<Task> unparkAll() {
    return unpark(Integer.MAX_VALUE);
  }

  /**
   * Moves up to {@code count} parked tasks, longest-waiting first, to the end of {@code other}
   * without waking them (how a condition variable hands its waiters to its lock).
   *
   * @param other the lot to move them to
   * @param count the most tasks to move
   * @return how many were moved
   */
  public int repark(ParkingLot other, int count) {
    if (other == this) {
      throw new IllegalArgumentException("cannot repark into the same lot");
    }
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, but was " + count);
    }
    // Lock both lots in a global order (identity hash, then a tie-breaker) to avoid deadlock.
    ParkingLot first = this;
    ParkingLot second = other;
    if (System.identityHashCode(first) > System.identityHashCode(second)) {
      first = other;
      second = this;
    }
    first.lock.lock();
    try {
      second.lock.lock();
      try {
        int moved = 0;
        while (moved < count && head != null) {
          Node n = head;
          unlink(n);
          if (other.brokenBy != null) {
            n.lot = null;
            Lowlevel.reschedule(n.task(), Outcome.failure(other.broken()));
          } else {
            other.append(n);
          }
          moved++;
        }
        return moved;
      } finally {
        second.lock.unlock();
      }
    } finally {
      first.lock.unlock();
    }
  }

  /**
   * Moves every parked task to {@code other}.
   *
   * @param other the lot to move them to
   * @return how many were moved
   */
  public int reparkAll(ParkingLot other) {
    return repark(other, Integer.MAX_VALUE);
  }

  /**
   * Breaks the lot: every parked task, and every later {@code park}, fails with {@link
   * BrokenResourceException}. Used when the owner of a lock exits without releasing it.
   *
   * @param culprit the task responsible, for the message
   */
  public void breakLot(Task culprit) {
    List<Node> nodes;
    lock.lock();
    try {
      if (brokenBy == null) {
        brokenBy = String.valueOf(culprit);
      }
      nodes = new ArrayList<>(size);
      while (head != null) {
        Node n = head;
        unlink(n);
        nodes.add(n);
      }
    } finally {
      lock.unlock();
    }
    for (Node n : nodes) {
      Lowlevel.reschedule(n.task(), Outcome.failure(broken()));
    }
  }

  /**
   * Returns how many tasks are parked.
   *
   * @return the count
   */
  public int size() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns a snapshot of the lot.
   *
   * @return the statistics
   */
  public ParkingLotStatistics statistics() {
    lock.lock();
    try {
      return new ParkingLotStatistics(size, brokenBy != null);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    ParkingLotStatistics s = statistics();
    return "ParkingLot[waiting=" + s.tasksWaiting() + (s.broken() ? ", broken" : "") + "]";
  }

  private BrokenResourceException broken() {
    return new BrokenResourceException("this parking lot was broken by " + brokenBy);
  }

  private List<Task> take(int count) {
    lock.lock();
    try {
      int n = Math.min(count, size);
      List<Task> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Node node = head;
        unlink(node);
        out.add(node.task());
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  private void append(Node n) {
    n.lot = this;
    n.prev = tail;
    n.next = null;
    if (tail != null) {
      tail.next = n;
    } else {
      head = n;
    }
    tail = n;
    size++;
  }

  private void unlink(Node n) {
    if (n.prev != null) {
      n.prev.next = n.next;
    } else {
      head = n.next;
    }
    if (n.next != null) {
      n.next.prev = n.prev;
    } else {
      tail = n.prev;
    }
    n.prev = null;
    n.next = null;
    n.lot = null;
    size--;
  }

  /**
   * A task's place in a lot's queue, from {@link #enqueue()}; {@link #park()} blocks until the task
   * is unparked. Used once, by the task that enqueued.
   */
  public static final class Ticket {
    private final Node node;
    // Touched only by the task that owns the ticket.
    private boolean used;

    private Ticket(Node node) {
      this.node = node;
    }

    /**
     * Blocks until the task is unparked, or returns at once if it already was.
     *
     * @throws Cancelled if the task is cancelled while parked (it is then no longer in any lot)
     * @throws BrokenResourceException if the lot it waits in is broken
     * @throws IllegalStateException if called twice, or by another task than the one that enqueued
     */
    public void park() {
      if (Lowlevel.currentTask() != node.task()) {
        throw new IllegalStateException(
            "a ticket can only be used by the task that enqueued it (" + node.task() + ")");
      }
      if (used) {
        throw new IllegalStateException(
            "this ticket was already used; enqueue again to park again");
      }
      used = true;
      // The node is the record of this park (its abort function and description): one park per
      // node, since a node is made per enqueue() and its ticket parks once.
      TaskImpl task = node.task();
      Runner.unwrap(task, task.park(node));
    }

    @Override
    public String toString() {
      ParkingLot lot = node.lot;
      return "ParkingLot.Ticket[" + node.task() + (lot == null ? ", unparked" : ", queued") + "]";
    }
  }

  /**
   * A task's entry in a lot's queue, and the record of the park it makes there (see ParkRecord):
   * one object per wait instead of a node, an abort lambda and a park record.
   */
  private static final class Node extends ParkRecord {
    // Guarded by the lock of the lot it is in; `lot` is also read before locking (see notes).
    volatile ParkingLot lot;
    Node prev;
    Node next;

    Node(Task task) {
      super((TaskImpl) task);
    }

    /** Takes the node out of whichever lot it is in now, unless it has been unparked already. */
    @Override
    protected Abort abort() {
      while (true) {
        ParkingLot l = lot;
        if (l == null) {
          return Abort.FAILED;
        }
        l.lock.lock();
        try {
          if (lot != l) {
            continue; // moved by repark() meanwhile: try its new lot
          }
          l.unlink(this);
          return Abort.SUCCEEDED;
        } finally {
          l.lock.unlock();
        }
      }
    }

    /** What the task is parked on, as task-tree dumps and JFR park events say it. */
    @Override
    public String toString() {
      ParkingLot l = lot;
      return l == null ? "a parking lot (already unparked)" : l.toString();
    }
  }
}
