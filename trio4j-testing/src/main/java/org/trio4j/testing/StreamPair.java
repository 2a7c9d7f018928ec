package org.trio4j.testing;

import org.trio4j.stream.AsyncResource;

/**
 * Two connected streams: for a one-way pair, data flows from {@link #left()} (the send side) to
 * {@link #right()} (the receive side); for a two-way pair, both ways. What the {@link
 * MemoryStreams} factories return and what a {@link StreamMaker} makes.
 *
 * {@snippet :
 * StreamPair<MemorySendStream, MemoryReceiveStream> p = MemoryStreams.oneWayPair();
 * p.left().sendAll(data);
 * byte[] got = p.right().receiveSome();
 * }
 *
 * @param left the first stream (the sender of a one-way pair)
 * @param right the second stream (the receiver of a one-way pair)
 * @param <L> the type of the first stream
 * @param <R> the type of the second stream
 */
public record StreamPair<L extends AsyncResource, R extends AsyncResource>(L left, R right) {
  /**
   * Returns the same two streams in the other order.
   *
   * @return {@code (right, left)}
   */
  public StreamPair<R, L> flipped() {
    return new StreamPair<>(right, left);
  }
}
