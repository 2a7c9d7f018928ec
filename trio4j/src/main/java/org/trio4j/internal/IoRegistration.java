package org.trio4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import org.trio4j.BusyResourceException;
import org.trio4j.ClosedResourceException;
import org.trio4j.lowlevel.Abort;
import org.trio4j.lowlevel.Outcome;

/**
 * One channel's place in the {@link IoManager}: its selection key, the interest ops armed on it,
 * and the task (at most one per direction) waiting for it. See the notes in {@link IoManager}.
 *
 * <p>A stream that waits on the same channel again and again keeps its registration ({@link
 * IoManager#registration}) and waits with it ({@link IoManager#waitReadable(TaskImpl,
 * IoRegistration)}), which spares the lookup by channel on every wait. Only the core uses it; the
 * class extends {@link AbstractQueuedSynchronizer} as its own lock (see the notes below), whose
 * methods are not for anyone else to call.
 */
@SuppressWarnings("serial") // Never serialised; AbstractQueuedSynchronizer is Serializable.
public final class IoRegistration extends AbstractQueuedSynchronizer {
  /*
   * Implementation notes.
   *
   * The lock. The registration is its own lock (a non-reentrant mutex on the AQS state), not a
   * ReentrantLock field: a ReentrantLock is two more objects (the lock and its Sync), and with
   * 1,000 connections every object a round trip touches is a likely cache miss (the task's
   * addWaiter takes the lock on every wait). An AQS lock rather than a monitor so that
   * a virtual thread that finds it held parks instead of pinning its carrier on JDK 21.
   *
   * What the lock guards: key, interest, poller, closing, and every *write* of reader/writer that
   * sets a waiter (the waiter checks there that the channel is not closing, and arms interest).
   * Taking a waiter out is a getAndSet (the poller's fired, markClosing) or a compareAndSet (a
   * cancelled wait's abort) on the field itself, so exactly one of them gets the task: it is
   * either woken or cancelled, never both. abort takes no lock at all, and neither does fired in
   * the common case (readable, a reader waits), which changes no interest. If abort wins while
   * the poller is in fired, the poller finds no reader and disarms OP_READ under the lock, and
   * the next wait re-arms it under the lock; the lock orders those interest changes.
   */
  private static final int WRITE_OPS = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;
  private static final Outcome READY = Outcome.value(null);
  private static final VarHandle READER;
  private static final VarHandle WRITER;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      READER = l.findVarHandle(IoRegistration.class, "reader", TaskImpl.class);
      WRITER = l.findVarHandle(IoRegistration.class, "writer", TaskImpl.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final SelectableChannel channel;
  final IoManager manager;
  private final int readOp;
  // Guarded by the lock.
  private Poller poller;
  private SelectionKey key;
  private int interest;
  private boolean closing;
  // Set under the lock; cleared by getAndSet or compareAndSet (see the notes above).
  private volatile TaskImpl reader;
  private volatile TaskImpl writer;

  IoRegistration(IoManager manager, SelectableChannel channel) {
    this.manager = manager;
    this.channel = channel;
    this.readOp = channel.validOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
  }

  /**
   * Tells whether this is a registration of {@code io}, that is, of its run.
   *
   * @param io an I/O manager
   * @return true if {@code io} made it
   */
  public boolean belongsTo(IoManager io) {
    return manager == io;
  }

  // ---- the lock (a non-reentrant mutex; see the notes above) ----

  @Override
  protected boolean tryAcquire(int arg) {
    return compareAndSetState(0, 1);
  }

  @Override
  protected boolean tryRelease(int arg) {
    setState(0);
    return true;
  }

  private void lock() {
    if (!compareAndSetState(0, 1)) {
      acquire(1);
    }
  }

  private void unlock() {
    release(1);
  }

  /**
   * One wait of a task on this channel: the record of its park, which is also its abort function
   * and describes the wait in task-tree dumps and JFR park events. One object per wait (instead of
   * an abort lambda and a record holding it).
   */
  static final class IoWait extends ParkRecord {
    private final IoRegistration reg;
    private final boolean read;

    IoWait(TaskImpl task, IoRegistration reg, boolean read) {
      super(task);
      this.reg = reg;
      this.read = read;
    }

    @Override
    protected Abort abort() {
      return reg.abort(task(), read);
    }

    @Override
    public String toString() {
      String what =
          !read ? "writable" : reg.readOp == SelectionKey.OP_ACCEPT ? "acceptable" : "readable";
      return "I/O wait until " + what + ": " + reg.channel;
    }
  }

  /**
   * Makes {@code task} the reader or writer and arms the interest if needed; on the task's thread.
   *
   * @return the poller to notify of an interest change, or null if none was needed
   */
  Poller addWaiter(TaskImpl task, boolean read) {
    lock();
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
      // A release store: the unlock below publishes it (a volatile store would add a fence).
      (read ? READER : WRITER).setRelease(this, task);
      return changed ? poller : null;
    } finally {
      unlock();
    }
  }

  private int writeOp() {
    if (channel instanceof SocketChannel sc && sc.isConnectionPending()) {
      return SelectionKey.OP_CONNECT;
    }
    return channel.validOps() & SelectionKey.OP_WRITE;
  }

  // Caller holds the lock.
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

  /**
   * The abort function of a wait: removes the task if it is still the waiter. Takes no lock (see
   * the notes above).
   */
  Abort abort(TaskImpl task, boolean read) {
    return (read ? READER : WRITER).compareAndSet(this, task, (TaskImpl) null)
        ? Abort.SUCCEEDED
        : Abort.FAILED;
  }

  /**
   * The poller found the channel ready for {@code ready}; on the poller's thread. Wakes the
   * waiters; keeps read interest armed if it woke a reader, disarms whatever had no waiter, and
   * always disarms write interest.
   *
   * @return true if it woke a task
   */
  boolean fired(int ready) {
    if ((ready & readOp) != 0 && (ready & ~readOp) == 0) {
      // The common case, a request/response loop: readable, and a reader waits. Taking it out
      // needs no lock, as it changes no interest (OP_READ stays armed). A markClosing that runs
      // meanwhile either took the reader first (then this finds none and goes on below) or finds
      // none: the wait then ends as if the channel became readable before it was closed.
      TaskImpl r = (TaskImpl) READER.getAndSet(this, (TaskImpl) null);
      if (r != null) {
        r.reschedule(READY);
        return true;
      }
    }
    TaskImpl r = null;
    TaskImpl w = null;
    lock();
    try {
      if (closing) {
        return false;
      }
      int ops = interest;
      if ((ready & readOp) != 0) {
        r = (TaskImpl) READER.getAndSet(this, (TaskImpl) null);
        if (r == null) {
          ops &= ~readOp;
        }
      }
      if ((ready & WRITE_OPS) != 0) {
        w = (TaskImpl) WRITER.getAndSet(this, (TaskImpl) null);
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
      unlock();
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
    lock();
    try {
      if (closing) {
        return false;
      }
      closing = true;
      r = (TaskImpl) READER.getAndSet(this, (TaskImpl) null);
      w = (TaskImpl) WRITER.getAndSet(this, (TaskImpl) null);
      k = key;
      p = poller;
    } finally {
      unlock();
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
    lock();
    try {
      if (closing) {
        return -1;
      }
      return (reader != null ? 1 : 0) | (writer != null ? 2 : 0);
    } finally {
      unlock();
    }
  }

  @Override
  public String toString() {
    return "IoRegistration[" + channel + "]";
  }
}
