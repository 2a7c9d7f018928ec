package org.trio4j.testing;

import java.nio.ByteBuffer;
import org.trio4j.ClosedResourceException;
import org.trio4j.lowlevel.ConflictDetector;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.stream.ReceiveStream;

/**
 * An in-memory {@link ReceiveStream} for tests (Trio's {@code testing.MemoryReceiveStream}): the
 * test (or a {@link MemoryStreams#memoryStreamPump pump}) puts data into its unbounded internal
 * buffer with {@link #putData}, and {@code receiveSome} takes it out, after calling a hook that can
 * do anything.
 *
 * {@snippet :
 * MemoryReceiveStream r = new MemoryReceiveStream();
 * r.putData("abc".getBytes(UTF_8));
 * r.putEof();
 * r.receiveSome(10);   // "abc"
 * r.receiveSome(10);   // empty: the end of the stream
 * }
 *
 * <p>The two hooks ({@link #setReceiveSomeHook receiveSome}, {@link #setCloseHook close}) may be
 * set at any time, or null. They run in the task that called the stream and may block.
 *
 * <h2>Cancellation</h2>
 *
 * {@code receiveSome} takes two checkpoints before it does anything, and a cancelled wait for data
 * takes none: nothing is lost. {@link #close()} closes and then checkpoints.
 *
 * <h2>Exceptions and thread safety</h2>
 *
 * A second task receiving while one is in {@code receiveSome} (hook included) gets {@link
 * org.trio4j.BusyResourceException}. Closing the stream discards the buffered data and makes
 * pending and later receives fail with {@link ClosedResourceException}. Thread-safe.
 */
public final class MemoryReceiveStream implements ReceiveStream {
  private final ConflictDetector conflictDetector =
      new ConflictDetector("another task is using this MemoryReceiveStream");
  private final ByteQueue incoming = new ByteQueue();
  // Whether this stream itself was closed (incoming's own closed flag means EOF).
  private volatile boolean closed;
  private volatile Runnable receiveSomeHook;
  private volatile Runnable closeHook;

  /** Creates a stream with no hooks. */
  public MemoryReceiveStream() {}

  /**
   * Creates a stream with hooks; each may be null.
   *
   * @param receiveSomeHook called by {@code receiveSome} before it takes data
   * @param closeHook called by {@link #close()} once the stream is closed
   */
  public MemoryReceiveStream(Runnable receiveSomeHook, Runnable closeHook) {
    this.receiveSomeHook = receiveSomeHook;
    this.closeHook = closeHook;
  }

  /**
   * Calls the {@code receiveSome} hook, if any, and then takes as much buffered data as fits,
   * waiting for at least one byte or the end. Two checkpoints first.
   *
   * @param dst where to put the bytes; must have space remaining and be writable
   * @return how many bytes were read, or -1 at the end of the stream
   * @throws IllegalArgumentException if {@code dst} has no space remaining or is read-only
   * @throws ClosedResourceException if this stream was closed, before or during the call
   * @throws org.trio4j.BusyResourceException if another task is receiving
   */
  @Override
  public int receiveSome(ByteBuffer dst) {
    if (!dst.hasRemaining() || dst.isReadOnly()) {
      throw new IllegalArgumentException(
          "receiveSome needs a writable buffer with space remaining, but got " + dst);
    }
    conflictDetector.enter();
    try {
      Lowlevel.checkpoint();
      Lowlevel.checkpoint();
      if (closed) {
        throw closedException();
      }
      Runnable hook = receiveSomeHook;
      if (hook != null) {
        hook.run();
      }
      // close() both sets `closed` and ends `incoming` to wake us, so look at `closed` again.
      byte[] data = incoming.get(dst.remaining());
      if (closed) {
        throw closedException();
      }
      if (data.length == 0) {
        return -1;
      }
      dst.put(data);
      return data.length;
    } finally {
      conflictDetector.exit();
    }
  }

  /**
   * Discards the buffered data, marks the stream closed (waking a blocked receive with {@link
   * ClosedResourceException}), calls the close hook, if any, and checkpoints. Idempotent; always
   * closes, even when cancelled.
   */
  @Override
  public void close() {
    closed = true;
    incoming.closeAndWipe();
    Runnable hook = closeHook;
    if (hook != null) {
      hook.run();
    }
    Lowlevel.checkpoint();
  }

  /**
   * Appends every remaining byte of {@code data} to the internal buffer; not a checkpoint.
   *
   * @param data the bytes; its position moves to its limit
   * @throws ClosedResourceException if the stream was closed or {@link #putEof()} was called
   */
  public void putData(ByteBuffer data) {
    incoming.put(data);
  }

  /**
   * Appends {@code data} to the internal buffer; not a checkpoint.
   *
   * @param data the bytes
   * @throws ClosedResourceException if the stream was closed or {@link #putEof()} was called
   */
  public void putData(byte[] data) {
    incoming.put(ByteBuffer.wrap(data));
  }

  /**
   * Marks the end of the data: once the buffer is drained, receives return the end of the stream.
   * Idempotent; not a checkpoint.
   */
  public void putEof() {
    incoming.close();
  }

  /**
   * Returns the {@code receiveSome} hook.
   *
   * @return the hook, or null
   */
  public Runnable receiveSomeHook() {
    return receiveSomeHook;
  }

  /**
   * Sets the hook called by every {@code receiveSome} before it takes data.
   *
   * @param hook the hook, or null for none
   */
  public void setReceiveSomeHook(Runnable hook) {
    this.receiveSomeHook = hook;
  }

  /**
   * Returns the close hook.
   *
   * @return the hook, or null
   */
  public Runnable closeHook() {
    return closeHook;
  }

  /**
   * Sets the hook called by every {@code close}, after the stream is marked closed.
   *
   * @param hook the hook, or null for none
   */
  public void setCloseHook(Runnable hook) {
    this.closeHook = hook;
  }

  /**
   * Returns a snapshot of the stream.
   *
   * @return the statistics
   */
  public MemoryStreamStatistics statistics() {
    return new MemoryStreamStatistics(incoming.size(), incoming.isClosed(), closed);
  }

  @Override
  public String toString() {
    MemoryStreamStatistics s = statistics();
    return "MemoryReceiveStream[buffered="
        + s.bytesBuffered()
        + (s.closed() ? ", closed" : s.eof() ? ", eof" : "")
        + (conflictDetector.isHeld() ? ", in use" : "")
        + "]";
  }

  private static ClosedResourceException closedException() {
    return new ClosedResourceException("this MemoryReceiveStream was closed");
  }
}
