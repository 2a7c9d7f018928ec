package org.trio4j.testing;

import java.nio.ByteBuffer;
import org.trio4j.stream.SendStream;

/** The sending side of a lockstep one-way stream; see {@link MemoryStreams#lockstepOneWayPair}. */
final class LockstepSendStream implements SendStream {
  private final LockstepByteQueue queue;

  LockstepSendStream(LockstepByteQueue queue) {
    this.queue = queue;
  }

  @Override
  public void sendAll(ByteBuffer data) {
    queue.sendAll(data);
  }

  @Override
  public void waitSendAllMightNotBlock() {
    queue.waitSendAllMightNotBlock();
  }

  @Override
  public void close() {
    queue.closeSender();
  }

  @Override
  public String toString() {
    return "LockstepSendStream[" + (queue.senderClosed() ? "closed" : "open") + "]";
  }
}
