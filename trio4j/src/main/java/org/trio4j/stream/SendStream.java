package org.trio4j.stream;

import java.nio.ByteBuffer;

/**
 * The sending half of a byte stream (Trio's {@code SendStream}).
 *
 * {@snippet :
 * stream.sendAll("hello\n".getBytes(StandardCharsets.UTF_8));
 * }
 *
 * <h2>Cancellation</h2>
 *
 * {@link #sendAll} is a checkpoint. If it is cancelled, some, all or none of the data may have been
 * sent, so the stream is left broken: later sends fail with {@link
 * org.trio4j.BrokenResourceException} (DESIGN rule 13). Only a stream that knows that nothing was
 * sent (an in-memory stream cancelled before it queued anything) may stay usable.
 *
 * <h2>Concurrency</h2>
 *
 * Only one task may send at a time: a second concurrent {@code sendAll} (or {@code
 * waitSendAllMightNotBlock}) fails at once with {@link org.trio4j.BusyResourceException}.
 */
public interface SendStream extends AsyncResource {
  /**
   * Sends every remaining byte of {@code data}, blocking as needed; on return the buffer's position
   * equals its limit. Sending an empty buffer is a checkpoint that sends nothing.
   *
   * @param data the bytes to send
   * @throws org.trio4j.ClosedResourceException if this stream was closed (or, for a half-closeable
   *     stream, EOF was sent)
   * @throws org.trio4j.BrokenResourceException if the stream broke (the peer went away, an earlier
   *     send was cancelled, an operating-system error as the cause)
   * @throws org.trio4j.BusyResourceException if another task is sending on this stream
   */
  void sendAll(ByteBuffer data);

  /**
   * Sends every byte of {@code data}.
   *
   * @param data the bytes to send
   */
  default void sendAll(byte[] data) {
    sendAll(ByteBuffer.wrap(data));
  }

  /**
   * Sends {@code length} bytes of {@code data} from {@code offset}.
   *
   * @param data the array
   * @param offset where to start
   * @param length how many bytes
   */
  default void sendAll(byte[] data, int offset, int length) {
    sendAll(ByteBuffer.wrap(data, offset, length));
  }

  /**
   * Blocks until a {@link #sendAll} might not block; for a sender that wants to compute the
   * freshest data at the last moment. A checkpoint. It may return early (spuriously).
   *
   * @throws org.trio4j.ClosedResourceException if this stream was closed
   * @throws org.trio4j.BusyResourceException if another task is sending on this stream
   */
  void waitSendAllMightNotBlock();
}
