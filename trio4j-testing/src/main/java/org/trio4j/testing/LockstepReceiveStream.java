package org.trio4j.testing;

import java.nio.ByteBuffer;
import org.trio4j.stream.ReceiveStream;

/**
 * The receiving side of a lockstep one-way stream; see {@link MemoryStreams#lockstepOneWayPair}.
 */
final class LockstepReceiveStream implements ReceiveStream {
  private final LockstepByteQueue queue;

  LockstepReceiveStream(LockstepByteQueue queue) {
    this.queue = queue;
  }

  @Override
  public int receiveSome(ByteBuffer dst) {
    return queue.receiveSome(dst);
  }

  @Override
  public void close() {
    queue.closeReceiver();
  }

  @Override
  public String toString() {
    return "LockstepReceiveStream[" + (queue.receiverClosed() ? "closed" : "open") + "]";
  }
}
