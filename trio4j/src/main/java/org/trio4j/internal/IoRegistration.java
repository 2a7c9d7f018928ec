package org.trio4j.internal;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;
import org.trio4j.BusyResourceException;
import org.trio4j.ClosedResourceException;
import org.trio4j.lowlevel.Abort;
import org.trio4j.lowlevel.Outcome;

/**
 * One channel's place in the {@link IoManager}: its selection key, the interest ops armed on it,
 * and the task (at most one per direction) waiting for it. See the notes in {@link IoManager}.
 */
final class IoRegistration {
  private static final int WRITE_OPS = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;
  private static final Outcome READY = Outcome.value(null);

  final SelectableChannel channel;
  private final IoManager manager;
  private final int readOp;
  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock.
  private Poller poller;
  private SelectionKey key;
  private int interest;
  private TaskImpl reader;
  private TaskImpl writer;
  private boolean closing;

  // What a task waiting here is parked on, for task-tree dumps and JFR park events.
  final Object readableWait = new Wait(true);
  final Object writableWait = new Wait(false);

  IoRegistration(IoManager manager, SelectableChannel channel) {
    this.manager = manager;
    this.channel = channel;
    this.readOp = channel.validOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
  }

  /** An I/O wait, as task-tree dumps and JFR park events describe it. */
  private final class Wait {
    private final boolean read;

    Wait(boolean read) {
      this.read = read;
    }

    @Override
    public String toString() {
      String what =
          !read ? "writable" : readOp == SelectionKey.OP_ACCEPT ? "acceptable" : "readable";
      return "I/O wait until " + what + ": " + channel;
    }
  }

  /**
   * Makes {@code task} the reader or writer and arms the interest if needed; on the task's thread.
   *
   * @return the poller to notify of an interest change, or null if none was needed
   */
  Poller addWaiter(TaskImpl task, boolean read) {
    lock.lock();
    try {
      if (closing) {
        throw new ClosedResourceException(
            "another task closed this channel (Lowlevel.notifyClosing was called for it)");
      }
      if (!channel.isOpen()) {
        throw new ClosedResourceException("the channel is closed");
      }
      if ((read ? reader : writer) != null) {
        throw new BusyResourceException(
            "another task is already waiting for this channel to become "
                + (read ? "readable" : "writable")
                + "; only one task may wait in each direction");
      }
      int op = read ? readOp : writeOp();
      if (op == 0) {
        throw new IllegalArgumentException(
            channel + " can never become " + (read ? "readable" : "writable"));
      }
      int ops = read ? interest | op : (interest & ~WRITE_OPS) | op;
      boolean changed = setInterest(ops);
      if (read) {
        reader = task;
      } else {
        writer = task;
      }
      return changed ? poller : null;
    } finally {
      lock.unlock();
    }
  }

  private int writeOp() {
    if (channel instanceof SocketChannel sc && sc.isConnectionPending()) {
      return SelectionKey.OP_CONNECT;
    }
    return channel.validOps() & SelectionKey.OP_WRITE;
  }

  // Caller holds lock.
  private boolean setInterest(int ops) {
    if (key == null) {
      if (channel.isBlocking()) {
        throw new IllegalArgumentException(
            channel
                + " is in blocking mode; configure it with configureBlocking(false): trio4j tasks"
                + " never block inside a channel operation, they wait for readiness instead");
      }
      if (poller == null) {
        poller = manager.assignPoller();
      }
      try {
        key = channel.register(poller.selector(), ops, this);
      } catch (ClosedChannelException e) {
        throw new ClosedResourceException("the channel is closed", e);
      } catch (CancelledKeyException e) {
        throw new ClosedResourceException("the channel is being closed", e);
      } catch (IllegalBlockingModeException e) {
        throw new IllegalArgumentException(channel + " is in blocking mode", e);
      } catch (ClosedSelectorException e) {
        throw new IllegalStateException("the run has ended; its I/O pollers are stopped", e);
      }
      interest = ops;
      return true;
    }
    if (!key.isValid()) {
      throw new ClosedResourceException("the channel was closed");
    }
    if (ops == interest) {
      return false;
    }
    try {
      key.interestOps(ops);
    } catch (CancelledKeyException e) {
      throw new ClosedResourceException("the channel was closed", e);
    }
    interest = ops;
    return true;
  }

  /** The abort function of a wait: removes the task if it is still the waiter. */
  Abort abort(TaskImpl task, boolean read) {
    lock.lock();
    try {
      if (read && reader == task) {
        reader = null;
        return Abort.SUCCEEDED;
      }
      if (!read && writer == task) {
        writer = null;
        return Abort.SUCCEEDED;
      }
      return Abort.FAILED;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The poller found the channel ready for {@code ready}; on the poller's thread. Wakes the
   * waiters; keeps read interest armed if it woke a reader, disarms whatever had no waiter, and
   * always disarms write interest.
   *
   * @return true if it woke a task
   */
  boolean fired(int ready) {
    TaskImpl r = null;
    TaskImpl w = null;
    lock.lock();
    try {
      if (closing) {
        return false;
      }
      int ops = interest;
      if ((ready & readOp) != 0) {
        r = reader;
        reader = null;
        if (r == null) {
          ops &= ~readOp;
        }
      }
      if ((ready & WRITE_OPS) != 0) {
        w = writer;
        writer = null;
        ops &= ~WRITE_OPS;
      }
      if (ops != interest) {
        try {
          key.interestOps(ops);
        } catch (CancelledKeyException e) {
          // Closed without notifyClosing; nothing more will fire.
        }
        interest = ops;
      }
    } finally {
      lock.unlock();
    }
    if (r != null) {
      r.reschedule(READY);
    }
    if (w != null) {
      w.reschedule(READY);
    }
    return r != null || w != null;
  }

  /**
   * Marks the channel as closing: wakes its waiters with ClosedResourceException and cancels its
   * key, so that the poller deregisters it.
   *
   * @return false if it was already closing
   */
  boolean markClosing() {
    TaskImpl r;
    TaskImpl w;
    SelectionKey k;
    Poller p;
    lock.lock();
    try {
      if (closing) {
        return false;
      }
      closing = true;
      r = reader;
      w = writer;
      reader = null;
      writer = null;
      k = key;
      p = poller;
    } finally {
      lock.unlock();
    }
    if (k != null) {
      k.cancel();
      p.interestChanged();
    }
    if (r != null) {
      r.reschedule(
          Outcome.failure(new ClosedResourceException("another task closed this channel")));
    }
    if (w != null) {
      w.reschedule(
          Outcome.failure(new ClosedResourceException("another task closed this channel")));
    }
    return true;
  }

  /**
   * For statistics: -1 if closing, else bit 0 = a reader waits, bit 1 = a writer waits.
   *
   * @return the bits
   */
  int waiters() {
    lock.lock();
    try {
      if (closing) {
        return -1;
      }
      return (reader != null ? 1 : 0) | (writer != null ? 2 : 0);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "IoRegistration[" + channel + "]";
  }
}
