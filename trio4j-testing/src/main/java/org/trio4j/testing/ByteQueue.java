package org.trio4j.testing;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.trio4j.ClosedResourceException;
import org.trio4j.WouldBlockException;
import org.trio4j.lowlevel.ConflictDetector;
import org.trio4j.lowlevel.Lowlevel;

/**
 * An unbounded FIFO of bytes with one fetcher at a time, the buffer inside the memory streams
 * (Trio's {@code _UnboundedByteQueue}). Closing it is like closing the sending side of a channel:
 * later puts fail with {@link ClosedResourceException}, and gets drain what is left and then return
 * an empty array.
 */
final class ByteQueue {
  /*
   * Implementation notes. The bytes live in buf[start, end) and are compacted or grown on put. All
   * state is guarded by the monitor's lock; a blocked get waits on the monitor, woken by put and
   * close. A get that finds data (or the end) takes a full checkpoint first, so a cancelled get
   * takes nothing; a get that parks takes what is there when it wakes (parking is its checkpoint).
   */

  private final TaskMonitor monitor = new TaskMonitor();
  private final ConflictDetector fetching =
      new ConflictDetector("another task is already fetching data from this stream");
  // Guarded by the monitor's lock.
  private byte[] buf = new byte[64];
  private int start;
  private int end;
  private boolean closed;

  /** Closes the queue: later puts fail; getters drain the data and then see the end. */
  void close() {
    monitor.lock();
    try {
      closed = true;
      monitor.signalAll();
    } finally {
      monitor.unlock();
    }
  }

  /** Discards the data and closes the queue. */
  void closeAndWipe() {
    monitor.lock();
    try {
      start = 0;
      end = 0;
      closed = true;
      monitor.signalAll();
    } finally {
      monitor.unlock();
    }
  }

  /**
   * Appends every remaining byte of {@code data} (its position moves to its limit); not a
   * checkpoint.
   *
   * @throws ClosedResourceException if the queue is closed (then {@code data} is untouched)
   */
  void put(ByteBuffer data) {
    monitor.lock();
    try {
      if (closed) {
        throw new ClosedResourceException("virtual connection closed");
      }
      int n = data.remaining();
      ensureRoom(n);
      data.get(buf, end, n);
      end += n;
      monitor.signalAll();
    } finally {
      monitor.unlock();
    }
  }

  /**
   * Takes up to {@code maxBytes} without blocking: an empty array once closed and drained.
   *
   * @throws WouldBlockException if there is no data and the queue is open
   */
  byte[] getNowait(int maxBytes) {
    fetching.enter();
    try {
      checkMaxBytes(maxBytes);
      monitor.lock();
      try {
        if (!closed && start == end) {
          throw new WouldBlockException("no data to fetch");
        }
        return take(maxBytes);
      } finally {
        monitor.unlock();
      }
    } finally {
      fetching.exit();
    }
  }

  /**
   * Takes up to {@code maxBytes}, waiting for at least one byte or the close; an empty array once
   * closed and drained. A checkpoint.
   */
  byte[] get(int maxBytes) {
    fetching.enter();
    try {
      checkMaxBytes(maxBytes);
      monitor.lock();
      try {
        if (closed || start != end) {
          monitor.unlock();
          try {
            Lowlevel.checkpoint();
          } finally {
            monitor.lock();
          }
        } else {
          Lowlevel.checkpointIfCancelled();
          while (!closed && start == end) {
            monitor.await();
          }
        }
        return take(maxBytes);
      } finally {
        monitor.unlock();
      }
    } finally {
      fetching.exit();
    }
  }

  /**
   * Returns how many bytes are buffered.
   *
   * @return the count
   */
  int size() {
    monitor.lock();
    try {
      return end - start;
    } finally {
      monitor.unlock();
    }
  }

  /**
   * Tells whether the queue is closed.
   *
   * @return true after {@link #close()}
   */
  boolean isClosed() {
    monitor.lock();
    try {
      return closed;
    } finally {
      monitor.unlock();
    }
  }

  private static void checkMaxBytes(int maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, but was " + maxBytes);
    }
  }

  // Caller holds the lock.
  private byte[] take(int maxBytes) {
    int n = Math.min(maxBytes, end - start);
    byte[] out = Arrays.copyOfRange(buf, start, start + n);
    start += n;
    if (start == end) {
      start = 0;
      end = 0;
    }
    return out;
  }

  // Caller holds the lock.
  private void ensureRoom(int n) {
    if (buf.length - end >= n) {
      return;
    }
    int size = end - start;
    if (buf.length - size >= n && size <= buf.length / 2) {
      System.arraycopy(buf, start, buf, 0, size);
    } else {
      byte[] bigger = new byte[Math.max(buf.length * 2, size + n)];
      System.arraycopy(buf, start, bigger, 0, size);
      buf = bigger;
    }
    start = 0;
    end = size;
  }
}
