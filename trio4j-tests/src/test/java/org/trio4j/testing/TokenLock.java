package org.trio4j.testing;

import org.trio4j.channel.ChannelPair;
import org.trio4j.channel.Channels;

/**
 * A task lock for test doubles that queue callers instead of failing them, built on a memory
 * channel holding one token (the tests may not depend on the sync package).
 */
final class TokenLock {
  private static final Object TOKEN = new Object();
  private final ChannelPair<Object> channel = Channels.open(1);

  TokenLock() {
    channel.send().trySend(TOKEN);
  }

  /** Takes the token, waiting for it if another task holds it. A checkpoint. */
  void acquire() {
    channel.receive().receive();
  }

  /** Gives the token back. Not a checkpoint. */
  void release() {
    if (!channel.send().trySend(TOKEN)) {
      throw new AssertionError("released a TokenLock that was not held");
    }
  }
}
