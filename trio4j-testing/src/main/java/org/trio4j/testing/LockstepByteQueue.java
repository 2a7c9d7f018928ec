package org.trio4j.testing;

import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import org.trio4j.BrokenResourceException;
import org.trio4j.Cancelled;
import org.trio4j.ClosedResourceException;
import org.trio4j.lowlevel.ConflictDetector;
import org.trio4j.lowlevel.Lowlevel;

/**
 * The shared state of a lockstep one-way stream (Trio's {@code _LockstepByteQueue}): at most one
 * {@code sendAll}'s data in flight, and the sender waits until the receiver has taken all of it.
 */
final class LockstepByteQueue {
  /*
   * Implementation notes.
   *
   * Everything is guarded by the monitor's lock; any change that someone may wait for calls
   * signalAll(), and waiters re-check their condition (Trio's _something_happened + _wait_for). A
   * wait also ends when either side is closed, because everyone reacts to that.
   *
   * Each blocking operation follows the primitive pattern: a cancel point before any state change,
   * then either a schedule point (the condition already held) or a park (the condition did not).
   * A sendAll cancelled after it offered its data has sent an unknown prefix: it withdraws the rest
   * and breaks the send side, as DESIGN rule 13 says of streams (Trio's lockstep stream instead
   * trips an assertion on the next send). A cancelled receive has taken nothing.
   */

  private final TaskMonitor monitor = new TaskMonitor();
  private final ConflictDetector sending =
      new ConflictDetector("another task is already sending on this lockstep stream");
  private final ConflictDetector receiving =
      new ConflictDetector("another task is already receiving on this lockstep stream");
  // Guarded by the monitor's lock. The data in flight is pending[pendingStart, pending.length).
  private byte[] pending = new byte[0];
  private int pendingStart;
  private boolean senderClosed;
  private boolean receiverClosed;
  private boolean receiverWaiting;
  private boolean sendBroken;

  void closeSender() {
    monitor.lock();
    try {
      senderClosed = true;
      monitor.signalAll();
    } finally {
      monitor.unlock();
    }
    Lowlevel.checkpoint();
  }

  void closeReceiver() {
    monitor.lock();
    try {
      receiverClosed = true;
      monitor.signalAll();
    } finally {
      monitor.unlock();
    }
    Lowlevel.checkpoint();
  }

  void sendAll(ByteBuffer data) {
    sending.enter();
    try {
      Lowlevel.checkpointIfCancelled();
      monitor.lock();
      try {
        checkCanSend();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        pending = bytes;
        pendingStart = 0;
        monitor.signalAll();
        try {
          waitFor(() -> pendingStart == pending.length);
        } catch (Cancelled e) {
          if (pendingStart != pending.length) {
            sendBroken = true;
            pending = new byte[0];
            pendingStart = 0;
          }
          throw e;
        }
        if (senderClosed) {
          throw new ClosedResourceException("this lockstep stream was closed while sendAll waited");
        }
        if (pendingStart != pending.length && receiverClosed) {
          throw new BrokenResourceException("the receiving side was closed while sendAll waited");
        }
      } finally {
        monitor.unlock();
      }
    } finally {
      sending.exit();
    }
  }

  void waitSendAllMightNotBlock() {
    sending.enter();
    try {
      Lowlevel.checkpointIfCancelled();
      monitor.lock();
      try {
        if (senderClosed) {
          throw closedSender();
        }
        if (sendBroken) {
          throw brokenSend();
        }
        waitFor(() -> receiverWaiting);
        if (senderClosed) {
          throw new ClosedResourceException(
              "this lockstep stream was closed while waitSendAllMightNotBlock waited");
        }
      } finally {
        monitor.unlock();
      }
    } finally {
      sending.exit();
    }
  }

  int receiveSome(ByteBuffer dst) {
    if (!dst.hasRemaining() || dst.isReadOnly()) {
      throw new IllegalArgumentException(
          "receiveSome needs a writable buffer with space remaining, but got " + dst);
    }
    receiving.enter();
    try {
      Lowlevel.checkpointIfCancelled();
      monitor.lock();
      try {
        if (receiverClosed) {
          throw closedReceiver();
        }
        receiverWaiting = true;
        monitor.signalAll();
        try {
          waitFor(() -> pendingStart != pending.length);
        } finally {
          receiverWaiting = false;
        }
        if (receiverClosed) {
          throw closedReceiver();
        }
        int available = pending.length - pendingStart;
        if (available == 0) {
          return -1; // the sender closed
        }
        int n = Math.min(available, dst.remaining());
        dst.put(pending, pendingStart, n);
        pendingStart += n;
        monitor.signalAll();
        return n;
      } finally {
        monitor.unlock();
      }
    } finally {
      receiving.exit();
    }
  }

  /** Tells whether the send side was closed; for toString. */
  boolean senderClosed() {
    monitor.lock();
    try {
      return senderClosed;
    } finally {
      monitor.unlock();
    }
  }

  /** Tells whether the receive side was closed; for toString. */
  boolean receiverClosed() {
    monitor.lock();
    try {
      return receiverClosed;
    } finally {
      monitor.unlock();
    }
  }

  // Caller holds the lock and has passed a cancel point. Returns when `condition` holds or either
  // side is closed; a schedule point if it did not have to wait, a park (or several) otherwise.
  private void waitFor(BooleanSupplier condition) {
    if (condition.getAsBoolean() || senderClosed || receiverClosed) {
      monitor.unlock();
      try {
        Lowlevel.cancelShieldedCheckpoint();
      } finally {
        monitor.lock();
      }
      return;
    }
    while (!condition.getAsBoolean() && !senderClosed && !receiverClosed) {
      monitor.await();
    }
  }

  // Caller holds the lock.
  private void checkCanSend() {
    if (senderClosed) {
      throw closedSender();
    }
    if (sendBroken) {
      throw brokenSend();
    }
    if (receiverClosed) {
      throw new BrokenResourceException("the receiving side of this lockstep stream was closed");
    }
  }

  private static ClosedResourceException closedSender() {
    return new ClosedResourceException("this lockstep send stream was closed");
  }

  private static ClosedResourceException closedReceiver() {
    return new ClosedResourceException("this lockstep receive stream was closed");
  }

  private static BrokenResourceException brokenSend() {
    return new BrokenResourceException(
        "an earlier sendAll on this lockstep stream was cancelled, so the stream is broken");
  }
}
