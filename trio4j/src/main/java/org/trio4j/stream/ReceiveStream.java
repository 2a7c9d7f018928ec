package org.trio4j.stream;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The receiving half of a byte stream (Trio's {@code ReceiveStream}).
 *
 * {@snippet :
 * for (byte[] chunk : stream.chunks()) {   // ends at end of stream
 *   out.write(chunk);
 * }
 * }
 *
 * <h2>Cancellation</h2>
 *
 * {@link #receiveSome(ByteBuffer)} is a checkpoint. A cancelled receive has received nothing: no
 * data is lost and the stream remains usable (DESIGN rule 13).
 *
 * <h2>Concurrency</h2>
 *
 * Only one task may receive at a time: a second concurrent receive fails at once with {@link
 * org.trio4j.BusyResourceException}.
 */
public interface ReceiveStream extends AsyncResource {
  /** The number of bytes {@link #receiveSome()} asks for: 64 KiB, as Trio. */
  int DEFAULT_RECEIVE_SIZE = 65536;

  /**
   * Waits until at least one byte is available (or the stream has ended) and reads as many as are
   * available and fit into {@code dst}'s remaining space.
   *
   * @param dst where to put the bytes; must have space remaining
   * @return how many bytes were read (at least 1), or -1 at the end of the stream
   * @throws IllegalArgumentException if {@code dst} has no space remaining
   * @throws org.trio4j.ClosedResourceException if this stream was closed
   * @throws org.trio4j.BrokenResourceException if the stream broke
   * @throws org.trio4j.BusyResourceException if another task is receiving on this stream
   */
  int receiveSome(ByteBuffer dst);

  /**
   * Receives at most {@code maxBytes} bytes, as a new array; an empty array means the stream has
   * ended (and only that).
   *
   * @param maxBytes the most bytes to return; at least 1
   * @return the bytes, or an empty array at the end of the stream
   * @throws IllegalArgumentException if {@code maxBytes} is less than 1
   */
  default byte[] receiveSome(int maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, but was " + maxBytes);
    }
    ByteBuffer buf = ByteBuffer.allocate(maxBytes);
    int n = receiveSome(buf);
    return n < 0 ? new byte[0] : Arrays.copyOf(buf.array(), n);
  }

  /**
   * Receives at most {@link #DEFAULT_RECEIVE_SIZE} bytes; an empty array at the end of the stream.
   *
   * @return the bytes
   */
  default byte[] receiveSome() {
    return receiveSome(DEFAULT_RECEIVE_SIZE);
  }

  /**
   * Returns the stream's chunks as an iterable that ends at the end of the stream; each step is a
   * {@link #receiveSome()} and a checkpoint.
   *
   * @return an iterable over non-empty chunks
   */
  default Iterable<byte[]> chunks() {
    return () ->
        new Iterator<>() {
          private byte[] next;
          private boolean done;

          @Override
          public boolean hasNext() {
            if (next == null && !done) {
              byte[] b = receiveSome();
              if (b.length == 0) {
                done = true;
              } else {
                next = b;
              }
            }
            return next != null;
          }

          @Override
          public byte[] next() {
            if (!hasNext()) {
              throw new NoSuchElementException("end of stream");
            }
            byte[] b = next;
            next = null;
            return b;
          }
        };
  }
}
