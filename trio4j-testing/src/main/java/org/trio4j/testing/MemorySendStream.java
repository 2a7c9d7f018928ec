package org.trio4j.testing;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import org.trio4j.lowlevel.ConflictDetector;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.stream.SendStream;

/**
 * An in-memory {@link SendStream} for tests (Trio's {@code testing.MemorySendStream}): {@code
 * sendAll} appends the data to an unbounded internal buffer that the test reads with {@link
 * #getData()}, and then calls a hook that can do anything, such as move the data to a {@link
 * MemoryReceiveStream} ({@link MemoryStreams#memoryStreamPump}).
 *
 * {@snippet :
 * MemorySendStream s = new MemorySendStream();
 * s.sendAll("hello".getBytes(UTF_8));
 * assertArrayEquals("hello".getBytes(UTF_8), s.getDataNowait());
 * }
 *
 * <p>The three hooks ({@link #setSendAllHook sendAll}, {@link #setWaitSendAllMightNotBlockHook
 * waitSendAllMightNotBlock}, {@link #setCloseHook close}) may be set at any time, or null. They run
 * in the task that called the stream, and may block (a hook that sleeps simulates a slow network).
 *
 * <h2>Cancellation</h2>
 *
 * {@code sendAll} and {@code waitSendAllMightNotBlock} take two checkpoints before they do anything
 * (two, as Trio's, to give a second task more chance to collide with the first), so a call
 * cancelled there sends nothing; a call cancelled later, inside a blocking hook, has already
 * buffered all its data. Either way it is known what was sent, so, as in Trio, a cancelled {@code
 * sendAll} does not break this stream (the "broken" rule of {@link SendStream} is for streams that
 * may have sent part of the data). {@link #close()} closes and then checkpoints.
 *
 * <h2>Exceptions and thread safety</h2>
 *
 * A second task sending (or waiting) while one is in {@code sendAll} or {@code
 * waitSendAllMightNotBlock}, hooks included, gets {@link org.trio4j.BusyResourceException}. Sending
 * after {@code close} fails with {@link org.trio4j.ClosedResourceException}. Thread-safe.
 */
public final class MemorySendStream implements SendStream {
  private final ConflictDetector conflictDetector =
      new ConflictDetector("another task is using this MemorySendStream");
  private final ByteQueue outgoing = new ByteQueue();
  // Serialises memoryStreamPump calls on this stream, so that two pumps cannot reorder chunks.
  final ReentrantLock pumpLock = new ReentrantLock();
  private volatile Runnable sendAllHook;
  private volatile Runnable waitSendAllMightNotBlockHook;
  private volatile Runnable closeHook;

  /** Creates a stream with no hooks. */
  public MemorySendStream() {}

  /**
   * Creates a stream with hooks; each may be null.
   *
   * @param sendAllHook called at the end of {@link #sendAll(ByteBuffer)}
   * @param waitSendAllMightNotBlockHook called at the end of {@link #waitSendAllMightNotBlock()}
   * @param closeHook called by {@link #close()} once the stream is closed
   */
  public MemorySendStream(
      Runnable sendAllHook, Runnable waitSendAllMightNotBlockHook, Runnable closeHook) {
    this.sendAllHook = sendAllHook;
    this.waitSendAllMightNotBlockHook = waitSendAllMightNotBlockHook;
    this.closeHook = closeHook;
  }

  /**
   * Appends the data to the internal buffer, then calls the {@code sendAll} hook, if any. Two
   * checkpoints first.
   *
   * @param data the bytes to send; its position moves to its limit
   * @throws org.trio4j.ClosedResourceException if this stream was closed
   * @throws org.trio4j.BusyResourceException if another task is using this stream
   */
  @Override
  public void sendAll(ByteBuffer data) {
    conflictDetector.enter();
    try {
      Lowlevel.checkpoint();
      Lowlevel.checkpoint();
      outgoing.put(data);
      Runnable hook = sendAllHook;
      if (hook != null) {
        hook.run();
      }
    } finally {
      conflictDetector.exit();
    }
  }

  /**
   * Checks that the stream is open, then calls the {@code waitSendAllMightNotBlock} hook, if any.
   * Two checkpoints first.
   *
   * @throws org.trio4j.ClosedResourceException if this stream was closed
   * @throws org.trio4j.BusyResourceException if another task is using this stream
   */
  @Override
  public void waitSendAllMightNotBlock() {
    conflictDetector.enter();
    try {
      Lowlevel.checkpoint();
      Lowlevel.checkpoint();
      outgoing.put(ByteBuffer.allocate(0)); // fails if closed
      Runnable hook = waitSendAllMightNotBlockHook;
      if (hook != null) {
        hook.run();
      }
    } finally {
      conflictDetector.exit();
    }
  }

  /**
   * Marks the stream closed (what is buffered can still be fetched, and then the fetcher sees the
   * end), calls the close hook, if any, and checkpoints. Idempotent; always closes, even when
   * cancelled.
   */
  @Override
  public void close() {
    outgoing.close();
    Runnable hook = closeHook;
    if (hook != null) {
      hook.run();
    }
    Lowlevel.checkpoint();
  }

  /**
   * Takes everything buffered, waiting for at least one byte; an empty array once the stream is
   * closed and drained. A checkpoint.
   *
   * @return the data
   * @throws org.trio4j.BusyResourceException if another task is fetching
   */
  public byte[] getData() {
    return outgoing.get(Integer.MAX_VALUE);
  }

  /**
   * Takes up to {@code maxBytes} buffered bytes, waiting for at least one; an empty array once the
   * stream is closed and drained. A checkpoint.
   *
   * @param maxBytes the most bytes to take; at least 1
   * @return the data
   * @throws IllegalArgumentException if {@code maxBytes} is less than 1
   * @throws org.trio4j.BusyResourceException if another task is fetching
   */
  public byte[] getData(int maxBytes) {
    return outgoing.get(maxBytes);
  }

  /**
   * Takes everything buffered without waiting; an empty array once closed and drained.
   *
   * @return the data
   * @throws org.trio4j.WouldBlockException if nothing is buffered and the stream is open
   */
  public byte[] getDataNowait() {
    return outgoing.getNowait(Integer.MAX_VALUE);
  }

  /**
   * Takes up to {@code maxBytes} buffered bytes without waiting; an empty array once closed and
   * drained.
   *
   * @param maxBytes the most bytes to take; at least 1
   * @return the data
   * @throws org.trio4j.WouldBlockException if nothing is buffered and the stream is open
   */
  public byte[] getDataNowait(int maxBytes) {
    return outgoing.getNowait(maxBytes);
  }

  /**
   * Returns the {@code sendAll} hook.
   *
   * @return the hook, or null
   */
  public Runnable sendAllHook() {
    return sendAllHook;
  }

  /**
   * Sets the hook called at the end of every {@code sendAll}.
   *
   * @param hook the hook, or null for none
   */
  public void setSendAllHook(Runnable hook) {
    this.sendAllHook = hook;
  }

  /**
   * Returns the {@code waitSendAllMightNotBlock} hook.
   *
   * @return the hook, or null
   */
  public Runnable waitSendAllMightNotBlockHook() {
    return waitSendAllMightNotBlockHook;
  }

  /**
   * Sets the hook called at the end of every {@code waitSendAllMightNotBlock}.
   *
   * @param hook the hook, or null for none
   */
  public void setWaitSendAllMightNotBlockHook(Runnable hook) {
    this.waitSendAllMightNotBlockHook = hook;
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
    boolean closed = outgoing.isClosed();
    return new MemoryStreamStatistics(outgoing.size(), closed, closed);
  }

  @Override
  public String toString() {
    MemoryStreamStatistics s = statistics();
    return "MemorySendStream[buffered="
        + s.bytesBuffered()
        + (s.closed() ? ", closed" : "")
        + (conflictDetector.isHeld() ? ", in use" : "")
        + "]";
  }
}
