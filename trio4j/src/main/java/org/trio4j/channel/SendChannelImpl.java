package org.trio4j.channel;

import java.util.Objects;

/** A send handle: a view of a {@link ChannelState}, with its own closed flag. */
final class SendChannelImpl<T> implements SendChannel<T> {
  private final ChannelState state;
  // Guarded by state.lock.
  boolean closed;

  SendChannelImpl(ChannelState state) {
    this.state = state;
  }

  @Override
  public void send(T value) {
    Objects.requireNonNull(value, "a channel does not carry null values");
    state.send(this, value, true);
  }

  @Override
  public boolean trySend(T value) {
    Objects.requireNonNull(value, "a channel does not carry null values");
    return state.send(this, value, false);
  }

  @Override
  public SendChannel<T> clone() {
    return state.cloneSend(this);
  }

  @Override
  public void close() {
    state.closeSend(this);
  }

  @Override
  public ChannelStatistics statistics() {
    return state.statistics();
  }

  @Override
  public String toString() {
    boolean isClosed;
    state.lock.lock();
    try {
      isClosed = closed;
    } finally {
      state.lock.unlock();
    }
    return state.describeHandle("SendChannel", this, isClosed);
  }
}
