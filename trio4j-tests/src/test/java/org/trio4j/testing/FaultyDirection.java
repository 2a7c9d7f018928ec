package org.trio4j.testing;

import org.trio4j.sync.Lock;

/**
 * One direction of data between two {@link FaultyStream} ends: a working memory stream pair plus
 * the flags the faults consult. The flags are written by one task and read by another.
 */
final class FaultyDirection {
  final MemorySendStream send;
  final MemoryReceiveStream receive;
  final Lock sendLock = new Lock();
  final Lock receiveLock = new Lock();
  volatile boolean sendClosed;
  volatile boolean eofSent;
  volatile boolean receiveClosed;
  volatile boolean closedForcefully;
  volatile boolean sawEnd;
  volatile long received;

  FaultyDirection(StreamPair<MemorySendStream, MemoryReceiveStream> pair) {
    this.send = pair.left();
    this.receive = pair.right();
  }
}
