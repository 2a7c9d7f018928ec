package org.trio4j.channel;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.trio4j.BrokenResourceException;
import org.trio4j.ClosedResourceException;
import org.trio4j.lowlevel.Abort;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.Task;

/**
 * The shared state of one channel, behind all its send and receive handles (Trio's {@code
 * MemoryChannelState}): the buffer, the queues of waiting senders and receivers, and the counts of
 * open handles. The handles are thin views that pass themselves in.
 */
final class ChannelState {
  /*
   * Implementation notes.
   *
   * One ReentrantLock guards everything here (and the `closed` flags of the handles). The design is
   * Trio's memory channel made thread-safe with a single lock, because in parallel mode senders,
   * receivers, closers and cancellers run on different cores at once:
   *
   * - Invariants (under the lock): waiting receivers exist only while the buffer is empty and no
   *   sender waits; waiting senders exist only while the buffer is full (for capacity 0: always
   *   "full"). So a sender first looks for a waiting receiver, then for room; a receiver first
   *   looks for a waiting sender, then in the buffer.
   * - Hand-off belongs to the oldest waiter (H3). A sender that finds a waiting receiver gives the
   *   value to that receiver (stored in its Waiter), never to the buffer, so nobody else can take
   *   it. A receiver that frees a slot of a full buffer moves the oldest waiting sender's value
   *   into it in the same critical section, so the buffer stays full and a later trySend cannot
   *   jump the queue.
   * - Exactly one wake-up per blocked call. A blocked task's Waiter sits in one intrusive FIFO
   *   queue; whoever unlinks it under the lock (a partner, a closer, or the task's abort function
   *   when it is cancelled) owns its wake-up. The abort function succeeds only if the waiter is
   *   still queued, so a cancelled send either was taken (and returns normally: the value was
   *   delivered) or was not (and throws Cancelled: the value was not), and a cancelled receive
   *   either got its value (and returns it) or took nothing (H1).
   * - The wake-up (Lowlevel.reschedule, one unpark) happens after the lock is released, to keep
   *   the critical sections a few field writes long. It always carries the shared null outcome:
   *   what the task gets is in Waiter.item (a value, or a Signal for close/broken/end), and the
   *   woken task turns a Signal into an exception on its own thread, where the stack trace is
   *   useful. So the buffered fast path allocates nothing, and a hand-off allocates only the
   *   blocked side's Waiter (which is also its abort function).
   * - Spinning before a park, in rendezvous channels only (Lowlevel.spinBeforePark; the reasons
   *   and the gates are in internal.ParkSpin, and SpinBackoff stops asking while spins give up).
   *   A task about to block first spins a few microseconds when the task that last used the other
   *   side may be running on another carrier: if that partner hands off meanwhile, its reschedule
   *   finds the task not yet parked and needs no unpark. The spin happens after the waiter is
   *   queued and the lock released, and before Lowlevel.park, so the rules above are untouched:
   *   the wake-up is still owned by whoever unlinks the waiter, and a cancellation during the spin
   *   is delivered by the park that follows. lastSender/lastReceiver name the likely partner
   *   (guarded by the lock; with many senders or receivers they are only a guess, which costs at
   *   most a spin that gives up). A buffered channel does not spin: its parked sender wakes late
   *   and then finds room for many values, where a spinning one would be woken for every freed
   *   slot.
   * - Closing a handle fails only the waiters of that handle (found by a scan of the waiter queue:
   *   close is rare, and per-handle lists would cost every blocking call two more links).
   *
   * Alternatives rejected: lock-free segment queues as in Kotlin's and Jox's channels are faster
   * under heavy contention but make "cancelled means it did not happen" and per-handle close much
   * harder to get right; a ParkingLot per side cannot carry the value with the wake-up, nor tell
   * which handle a waiter used.
   */

  final ReentrantLock lock = new ReentrantLock();

  // All guarded by `lock`.
  private final RingBuffer buffer;
  private final WaiterQueue senders = new WaiterQueue();
  private final WaiterQueue receivers = new WaiterQueue();
  private int openSenders = 1;
  private int openReceivers = 1;

  // When a task about to block spins first (see the notes): only when capacity is 0, else null.
  private final SpinBackoff spin;
  // Guarded by `lock`, rendezvous channels only: the task that last blocked or was handed a value
  // on each side, the likely partner of the next wait on the other side. A close by that task, or
  // the close of a side's
  // last handle, forgets it, so that a channel does not keep an ended task (and what its body
  // captured) reachable.
  private Task lastSender;
  private Task lastReceiver;

  ChannelState(int capacity) {
    this.buffer = new RingBuffer(capacity);
    this.spin = capacity == 0 ? new SpinBackoff() : null;
  }

  /**
   * Sends {@code value} on behalf of {@code handle}; when {@code block}, a checkpoint that waits
   * for room, otherwise returns false instead of waiting.
   */
  boolean send(SendChannelImpl<?> handle, Object value, boolean block) {
    if (block) {
      Lowlevel.checkpointIfCancelled();
    }
    Waiter receiver;
    Waiter me = null;
    Task partner = null;
    lock.lock();
    try {
      if (handle.closed) {
        throw new ClosedResourceException(
            "this SendChannel is closed; send on an open clone, or clone() it before closing");
      }
      if (openReceivers == 0) {
        throw brokenException();
      }
      receiver = receivers.poll();
      if (receiver != null) {
        receiver.item = value;
        if (spin != null) {
          lastReceiver = receiver.waitingTask();
        }
      } else if (buffer.hasRoom()) {
        buffer.add(value);
      } else if (!block) {
        return false;
      } else {
        me = new Waiter(this, Lowlevel.currentTask(), handle, value);
        senders.append(me);
        if (spin != null) {
          lastSender = me.waitingTask();
          partner = lastReceiver;
        }
      }
    } finally {
      lock.unlock();
    }
    if (me == null) {
      if (receiver != null) {
        Lowlevel.reschedule(receiver.waitingTask());
      }
      if (block) {
        Lowlevel.cancelShieldedCheckpoint();
      }
      return true;
    }
    if (spin != null) {
      spin.beforePark(me, partner);
    }
    Lowlevel.park(me);
    Object result = me.item;
    if (result == Signal.CLOSED) {
      throw new ClosedResourceException("this SendChannel was closed while send() waited");
    }
    if (result == Signal.BROKEN) {
      throw brokenException();
    }
    return true;
  }

  /**
   * Receives on behalf of {@code handle}: returns a value, {@link Signal#END} at the end of the
   * channel, or (only when not {@code block}) {@link Signal#EMPTY} instead of waiting.
   */
  Object receive(ReceiveChannelImpl<?> handle, boolean block) {
    if (block) {
      Lowlevel.checkpointIfCancelled();
    }
    Object item;
    Waiter sender;
    Waiter me = null;
    Task partner = null;
    lock.lock();
    try {
      if (handle.closed) {
        throw new ClosedResourceException(
            "this ReceiveChannel is closed; receive on an open clone, or clone() it before closing");
      }
      sender = senders.poll();
      if (sender != null) {
        if (spin != null) {
          lastSender = sender.waitingTask();
        }
        Object offered = sender.item;
        sender.item = null;
        if (buffer.isEmpty()) {
          item = offered;
        } else {
          item = buffer.poll();
          buffer.add(offered);
        }
      } else if (!buffer.isEmpty()) {
        item = buffer.poll();
      } else if (openSenders == 0) {
        item = Signal.END;
      } else if (!block) {
        item = Signal.EMPTY;
      } else {
        item = null;
        me = new Waiter(this, Lowlevel.currentTask(), handle, null);
        receivers.append(me);
        if (spin != null) {
          lastReceiver = me.waitingTask();
          partner = lastSender;
        }
      }
    } finally {
      lock.unlock();
    }
    if (me == null) {
      if (sender != null) {
        Lowlevel.reschedule(sender.waitingTask());
      }
      if (block) {
        Lowlevel.cancelShieldedCheckpoint();
      }
      return item;
    }
    if (spin != null) {
      spin.beforePark(me, partner);
    }
    Lowlevel.park(me);
    item = me.item;
    if (item == Signal.CLOSED) {
      throw new ClosedResourceException("this ReceiveChannel was closed while receive() waited");
    }
    return item;
  }

  /** The abort function of every waiter: takes it off its queue if nobody else has. */
  Abort abort(Waiter w) {
    lock.lock();
    try {
      if (w.queue == null) {
        return Abort.FAILED;
      }
      w.queue.unlink(w);
      return Abort.SUCCEEDED;
    } finally {
      lock.unlock();
    }
  }

  <T> SendChannelImpl<T> cloneSend(SendChannelImpl<T> handle) {
    lock.lock();
    try {
      if (handle.closed) {
        throw new ClosedResourceException("cannot clone a closed SendChannel; clone it before");
      }
      openSenders++;
    } finally {
      lock.unlock();
    }
    return new SendChannelImpl<>(this);
  }

  <T> ReceiveChannelImpl<T> cloneReceive(ReceiveChannelImpl<T> handle) {
    lock.lock();
    try {
      if (handle.closed) {
        throw new ClosedResourceException("cannot clone a closed ReceiveChannel; clone it before");
      }
      openReceivers++;
    } finally {
      lock.unlock();
    }
    return new ReceiveChannelImpl<>(this);
  }

  void closeSend(SendChannelImpl<?> handle) {
    List<Waiter> own;
    List<Waiter> ended = List.of();
    lock.lock();
    try {
      if (handle.closed) {
        return;
      }
      handle.closed = true;
      own = senders.removeOwnedBy(handle, Signal.CLOSED);
      if (lastSender != null && (openSenders == 1 || lastSender == closingTask())) {
        lastSender = null;
      }
      if (--openSenders == 0) {
        // No sender can be waiting now (each handle's close took its own), so no value is lost.
        ended = receivers.removeAll(Signal.END);
      }
    } finally {
      lock.unlock();
    }
    wakeAll(own);
    wakeAll(ended);
  }

  void closeReceive(ReceiveChannelImpl<?> handle) {
    List<Waiter> own;
    List<Waiter> broken = List.of();
    lock.lock();
    try {
      if (handle.closed) {
        return;
      }
      handle.closed = true;
      own = receivers.removeOwnedBy(handle, Signal.CLOSED);
      if (lastReceiver != null && (openReceivers == 1 || lastReceiver == closingTask())) {
        lastReceiver = null;
      }
      if (--openReceivers == 0) {
        broken = senders.removeAll(Signal.BROKEN);
        buffer.clear();
      }
    } finally {
      lock.unlock();
    }
    wakeAll(own);
    wakeAll(broken);
  }

  ChannelStatistics statistics() {
    lock.lock();
    try {
      return new ChannelStatistics(
          buffer.size(),
          buffer.capacity(),
          openSenders,
          openReceivers,
          senders.size(),
          receivers.size());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Describes one handle of this channel, for its toString().
   *
   * @param kind "SendChannel" or "ReceiveChannel"
   * @param handle the handle
   * @param handleClosed whether that handle was closed
   * @return the description
   */
  String describeHandle(String kind, Object handle, boolean handleClosed) {
    return kind
        + "@"
        + Integer.toHexString(System.identityHashCode(handle))
        + "["
        + (handleClosed ? "closed" : "open")
        + ", channel@"
        + Integer.toHexString(System.identityHashCode(this))
        + ": "
        + describe()
        + "]";
  }

  /** Describes the channel, for the handles' toString. */
  String describe() {
    ChannelStatistics s = statistics();
    return "capacity="
        + (s.maxBufferSize() == Channels.UNBOUNDED ? "unbounded" : s.maxBufferSize())
        + ", buffered="
        + s.currentBufferUsed()
        + ", openSenders="
        + s.openSendChannels()
        + ", openReceivers="
        + s.openReceiveChannels()
        + ", waitingSend="
        + s.tasksWaitingSend()
        + ", waitingReceive="
        + s.tasksWaitingReceive();
  }

  /** The task that closes a handle, or null if a plain thread does. */
  private static Task closingTask() {
    return Lowlevel.inTrioTask() ? Lowlevel.currentTask() : null;
  }

  private static BrokenResourceException brokenException() {
    return new BrokenResourceException(
        "every ReceiveChannel of this channel is closed: nobody can receive the value");
  }

  private static void wakeAll(List<Waiter> waiters) {
    for (Waiter w : waiters) {
      Lowlevel.reschedule(w.waitingTask());
    }
  }
}
