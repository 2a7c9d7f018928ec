package org.trio4j.stream;

/**
 * A {@link Stream} whose sending side can be closed on its own, leaving the receiving side open,
 * like TCP's shutdown (Trio's {@code HalfCloseableStream}).
 *
 * {@snippet :
 * stream.sendAll(request);
 * stream.sendEof();                 // the peer now sees end of stream
 * byte[] reply = stream.receiveSome();
 * }
 */
public interface HalfCloseableStream extends Stream {
  /**
   * Sends end-of-stream to the peer: it reads an empty result once it has read everything sent
   * before. Later sends fail with {@link org.trio4j.ClosedResourceException}. A checkpoint;
   * idempotent.
   *
   * @throws org.trio4j.BusyResourceException if another task is sending on this stream
   */
  void sendEof();
}
