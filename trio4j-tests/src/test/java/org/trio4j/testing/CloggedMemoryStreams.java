package org.trio4j.testing;

import java.util.concurrent.atomic.AtomicBoolean;
import org.trio4j.ClosedResourceException;
import org.trio4j.sync.Event;

/**
 * Clogged memory streams for the conformance kit's checks 16 to 19: memory streams can buffer
 * without limit, so (as Trio fills a socket's buffers for its clogged makers) these are rewired
 * through their hooks so that {@code sendAll} and {@code waitSendAllMightNotBlock} block until the
 * receiver first calls {@code receiveSome}, or either side is closed.
 */
final class CloggedMemoryStreams {
  private CloggedMemoryStreams() {}

  /**
   * Makes a clogged one-way pair: a {@link MemoryStreams#oneWayPair()} whose send hooks wait for
   * the receiver.
   */
  static StreamPair<MemorySendStream, MemoryReceiveStream> oneWayPair() {
    StreamPair<MemorySendStream, MemoryReceiveStream> pair = MemoryStreams.oneWayPair();
    MemorySendStream s = pair.left();
    MemoryReceiveStream r = pair.right();
    Event unclogged = new Event();
    AtomicBoolean sendClosed = new AtomicBoolean();
    Runnable awaitReceiver =
        () -> {
          unclogged.await();
          if (sendClosed.get()) {
            throw new ClosedResourceException("the stream was closed while a send call waited");
          }
        };
    s.setSendAllHook(
        () -> {
          awaitReceiver.run();
          MemoryStreams.memoryStreamPump(s, r);
        });
    s.setWaitSendAllMightNotBlockHook(awaitReceiver);
    s.setCloseHook(
        () -> {
          sendClosed.set(true);
          unclogged.set();
          MemoryStreams.memoryStreamPump(s, r);
        });
    r.setReceiveSomeHook(unclogged::set);
    r.setCloseHook(unclogged::set);
    return pair;
  }
}
