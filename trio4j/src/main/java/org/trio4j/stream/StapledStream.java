package org.trio4j.stream;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.trio4j.Cancelled;

/**
 * A two-way stream made of a {@link SendStream} and a {@link ReceiveStream} stapled together, such
 * as a subprocess's stdin and stdout, or two one-way test streams (Trio's {@code StapledStream}).
 * Sending goes to the send stream, receiving comes from the receive stream.
 *
 * {@snippet :
 * try (var stream = new StapledStream<>(process.stdin(), process.stdout())) {
 *   stream.sendAll(request);
 *   stream.sendEof();                    // closes stdin (or sends EOF, if it can)
 *   byte[] reply = stream.receiveSome();
 * }
 * }
 *
 * <p>{@link #sendEof()} calls the send stream's {@link HalfCloseableStream#sendEof() sendEof} if it
 * is half-closeable, and otherwise closes it. {@link #close()} closes the send stream and then,
 * even if that failed or was cancelled, the receive stream.
 *
 * <h2>Cancellation, exceptions and thread safety</h2>
 *
 * Every method delegates to one of the two streams and has its cancellation behaviour and
 * exceptions; this class adds no state and no locking, so one task may send while another receives,
 * exactly as the two streams allow.
 *
 * @param <S> the type of the send stream
 * @param <R> the type of the receive stream
 */
public final class StapledStream<S extends SendStream, R extends ReceiveStream>
    implements HalfCloseableStream {
  private final S sendStream;
  private final R receiveStream;

  /**
   * Staples two streams together.
   *
   * @param sendStream where sent data goes
   * @param receiveStream where received data comes from
   */
  public StapledStream(S sendStream, R receiveStream) {
    this.sendStream = Objects.requireNonNull(sendStream, "sendStream");
    this.receiveStream = Objects.requireNonNull(receiveStream, "receiveStream");
  }

  /**
   * Returns the underlying send stream.
   *
   * @return the send stream
   */
  public S sendStream() {
    return sendStream;
  }

  /**
   * Returns the underlying receive stream.
   *
   * @return the receive stream
   */
  public R receiveStream() {
    return receiveStream;
  }

  /** Calls the send stream's {@code sendAll}. */
  @Override
  public void sendAll(ByteBuffer data) {
    sendStream.sendAll(data);
  }

  /** Calls the send stream's {@code sendAll}. */
  @Override
  public void sendAll(byte[] data) {
    sendStream.sendAll(data);
  }

  /** Calls the send stream's {@code sendAll}. */
  @Override
  public void sendAll(byte[] data, int offset, int length) {
    sendStream.sendAll(data, offset, length);
  }

  /** Calls the send stream's {@code waitSendAllMightNotBlock}. */
  @Override
  public void waitSendAllMightNotBlock() {
    sendStream.waitSendAllMightNotBlock();
  }

  /**
   * Sends EOF: calls the send stream's {@code sendEof} if it is a {@link HalfCloseableStream},
   * otherwise {@linkplain SendStream#close() closes} it. A checkpoint.
   */
  @Override
  public void sendEof() {
    if (sendStream instanceof HalfCloseableStream h) {
      h.sendEof();
    } else {
      sendStream.close();
    }
  }

  /** Calls the receive stream's {@code receiveSome}. */
  @Override
  public int receiveSome(ByteBuffer dst) {
    return receiveStream.receiveSome(dst);
  }

  /** Calls the receive stream's {@code receiveSome}. */
  @Override
  public byte[] receiveSome(int maxBytes) {
    return receiveStream.receiveSome(maxBytes);
  }

  /** Calls the receive stream's {@code receiveSome}. */
  @Override
  public byte[] receiveSome() {
    return receiveStream.receiveSome();
  }

  /**
   * Closes the send stream, then the receive stream, even if the first close failed or was
   * cancelled. A checkpoint. If both fail, the first failure is thrown with the second one
   * suppressed, except that a {@link Cancelled} gives way to a real failure and is never attached
   * (as in a nursery).
   */
  @Override
  public void close() {
    Throwable failure = null;
    try {
      sendStream.close();
    } catch (Throwable t) {
      failure = t;
    }
    try {
      receiveStream.close();
    } catch (Throwable t) {
      failure = combine(failure, t);
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) {
      throw new IllegalStateException("close failed with a checked exception", failure);
    }
  }

  private static Throwable combine(Throwable first, Throwable second) {
    if (first == null || (first instanceof Cancelled && !(second instanceof Cancelled))) {
      return second;
    }
    if (!(second instanceof Cancelled) && second != first) {
      first.addSuppressed(second);
    }
    return first;
  }

  @Override
  public String toString() {
    return "StapledStream[send=" + sendStream + ", receive=" + receiveStream + "]";
  }
}
