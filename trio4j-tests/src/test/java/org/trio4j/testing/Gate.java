package org.trio4j.testing;

import java.util.concurrent.atomic.AtomicBoolean;
import org.trio4j.EndOfChannelException;
import org.trio4j.channel.ChannelPair;
import org.trio4j.channel.Channels;

/**
 * A one-shot event for test doubles, built on a memory channel (the end of a channel wakes every
 * receiver, now and later), since the tests may not depend on the sync package.
 */
final class Gate {
  private final ChannelPair<Object> channel = Channels.open(0);
  private final AtomicBoolean open = new AtomicBoolean();

  /** Opens the gate: every waiter wakes, later waits return at once. Not a checkpoint. */
  void open() {
    if (open.compareAndSet(false, true)) {
      channel.send().close();
    }
  }

  /** Waits until the gate is open. A checkpoint. */
  void await() {
    try {
      channel.receive().receive();
      throw new AssertionError("nothing is ever sent through a gate");
    } catch (EndOfChannelException opened) {
      // The gate is open.
    }
  }

  boolean isOpen() {
    return open.get();
  }
}
