package org.trio4j.testing;

import java.nio.ByteBuffer;
import org.trio4j.BrokenResourceException;
import org.trio4j.ClosedResourceException;
import org.trio4j.WouldBlockException;
import org.trio4j.stream.ReceiveStream;
import org.trio4j.stream.SendStream;
import org.trio4j.stream.StapledStream;

/**
 * Connected in-memory streams for tests, with no operating system involved (Trio's {@code
 * memory_stream_*} and {@code lockstep_stream_*} functions): one-way pairs like a pipe, two-way
 * pairs like {@code socketpair()}, with unbounded buffering or with none at all ("lockstep").
 *
 * {@snippet :
 * var pair = MemoryStreams.pair();
 * pair.left().sendAll("123".getBytes(UTF_8));
 * pair.right().receiveSome(10);   // "123"
 * pair.left().sendEof();
 * pair.right().receiveSome(10);   // empty: end of stream
 * }
 *
 * <p>The memory pairs are made of public parts ({@link MemorySendStream}, {@link
 * MemoryReceiveStream}, {@link #memoryStreamPump}, {@link StapledStream}), so a test can rewire
 * them, for example to make data trickle through one byte at a time:
 *
 * {@snippet :
 * var pair = MemoryStreams.pair();
 * MemorySendStream out = pair.left().sendStream();
 * MemoryReceiveStream in = pair.right().receiveStream();
 * out.setSendAllHook(() -> {
 *   while (MemoryStreams.memoryStreamPump(out, in, 1)) {
 *     Trio.sleep(Duration.ofSeconds(1));   // virtual time under MockClock
 *   }
 * });
 * }
 */
public final class MemoryStreams {
  private MemoryStreams() {}

  /**
   * Moves everything buffered in {@code sendStream} into {@code receiveStream}'s buffer; if the
   * send stream is closed and drained, marks the end of the receive stream's data. Not a
   * checkpoint.
   *
   * @param sendStream where the data comes from
   * @param receiveStream where it goes
   * @return true if it moved some data (or the end), false if there was nothing to move
   * @throws BrokenResourceException if the receive stream was closed
   * @throws org.trio4j.BusyResourceException if another task is fetching from {@code sendStream}
   */
  public static boolean memoryStreamPump(
      MemorySendStream sendStream, MemoryReceiveStream receiveStream) {
    return memoryStreamPump(sendStream, receiveStream, Integer.MAX_VALUE);
  }

  /**
   * Moves up to {@code maxBytes} bytes from {@code sendStream}'s buffer into {@code
   * receiveStream}'s; if the send stream is closed and drained, marks the end of the receive
   * stream's data. Not a checkpoint.
   *
   * <p>Thread-safe: pumps from the same send stream take turns, so chunks never overtake each
   * other.
   *
   * @param sendStream where the data comes from
   * @param receiveStream where it goes
   * @param maxBytes the most bytes to move; at least 1
   * @return true if it moved some data (or the end), false if there was nothing to move
   * @throws BrokenResourceException if the receive stream was closed
   * @throws org.trio4j.BusyResourceException if another task is fetching from {@code sendStream}
   */
  public static boolean memoryStreamPump(
      MemorySendStream sendStream, MemoryReceiveStream receiveStream, int maxBytes) {
    sendStream.pumpLock.lock();
    try {
      byte[] data;
      try {
        data = sendStream.getDataNowait(maxBytes);
      } catch (WouldBlockException e) {
        return false;
      }
      try {
        if (data.length == 0) {
          receiveStream.putEof();
        } else {
          receiveStream.putData(ByteBuffer.wrap(data));
        }
      } catch (ClosedResourceException e) {
        throw new BrokenResourceException("MemoryReceiveStream was closed", e);
      }
      return true;
    } finally {
      sendStream.pumpLock.unlock();
    }
  }

  /**
   * Makes a connected one-way pair with unbounded buffering, like a pipe: the send stream's {@code
   * sendAll} and close hooks call {@link #memoryStreamPump}, so data (and the end) flows to the
   * receive stream at once. Change the hooks to stall or trickle the flow.
   *
   * @return the send stream (left) and the receive stream (right)
   */
  public static StreamPair<MemorySendStream, MemoryReceiveStream> oneWayPair() {
    MemorySendStream s = new MemorySendStream();
    MemoryReceiveStream r = new MemoryReceiveStream();
    Runnable pump = () -> memoryStreamPump(s, r);
    s.setSendAllHook(pump);
    s.setCloseHook(pump);
    return new StreamPair<>(s, r);
  }

  /**
   * Makes a connected two-way pair with unbounded buffering, like {@code socketpair()}: two {@link
   * #oneWayPair()}s stapled crosswise. The streams are half-closeable ({@code sendEof} closes the
   * send stream inside).
   *
   * @return the two ends
   */
  public static StreamPair<
          StapledStream<MemorySendStream, MemoryReceiveStream>,
          StapledStream<MemorySendStream, MemoryReceiveStream>>
      pair() {
    StreamPair<MemorySendStream, MemoryReceiveStream> a = oneWayPair();
    StreamPair<MemorySendStream, MemoryReceiveStream> b = oneWayPair();
    return new StreamPair<>(
        new StapledStream<>(a.left(), b.right()), new StapledStream<>(b.left(), a.right()));
  }

  /**
   * Makes a connected one-way pair with no buffering at all: each {@code sendAll} returns only when
   * the receiver has taken every byte, and {@code waitSendAllMightNotBlock} returns only when a
   * receive is waiting. For testing flow control in the extreme, and as a "clogged" stream for
   * {@link StreamChecks}.
   *
   * <p>A {@code sendAll} cancelled before the receiver took all its data breaks the send stream:
   * later sends fail with {@link BrokenResourceException}.
   *
   * @return the send stream (left) and the receive stream (right)
   */
  public static StreamPair<SendStream, ReceiveStream> lockstepOneWayPair() {
    LockstepByteQueue q = new LockstepByteQueue();
    return new StreamPair<>(new LockstepSendStream(q), new LockstepReceiveStream(q));
  }

  /**
   * Makes a connected two-way pair with no buffering: two {@link #lockstepOneWayPair()}s stapled
   * crosswise.
   *
   * @return the two ends
   */
  public static StreamPair<
          StapledStream<SendStream, ReceiveStream>, StapledStream<SendStream, ReceiveStream>>
      lockstepPair() {
    StreamPair<SendStream, ReceiveStream> a = lockstepOneWayPair();
    StreamPair<SendStream, ReceiveStream> b = lockstepOneWayPair();
    return new StreamPair<>(
        new StapledStream<>(a.left(), b.right()), new StapledStream<>(b.left(), a.right()));
  }
}
