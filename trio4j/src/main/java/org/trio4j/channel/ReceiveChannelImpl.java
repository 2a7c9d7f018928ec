package org.trio4j.channel;

import java.util.Iterator;
import org.trio4j.EndOfChannelException;

/** A receive handle: a view of a {@link ChannelState}, with its own closed flag. */
final class ReceiveChannelImpl<T> implements ReceiveChannel<T> {
  private final ChannelState state;
  // Guarded by state.lock.
  boolean closed;

  ReceiveChannelImpl(ChannelState state) {
    this.state = state;
  }

  @Override
  public T receive() {
    Object item = state.receive(this, true);
    if (item == Signal.END) {
      throw endOfChannel();
    }
    return cast(item);
  }

  @Override
  public T tryReceive() {
    Object item = state.receive(this, false);
    if (item == Signal.EMPTY) {
      return null;
    }
    if (item == Signal.END) {
      throw endOfChannel();
    }
    return cast(item);
  }

  /** Receives a value, or returns null at the end of the channel; for the iterator. */
  T receiveOrNull() {
    Object item = state.receive(this, true);
    return item == Signal.END ? null : cast(item);
  }

  @Override
  public ReceiveChannel<T> clone() {
    return state.cloneReceive(this);
  }

  @Override
  public void close() {
    state.closeReceive(this);
  }

  @Override
  public Iterator<T> iterator() {
    return new ChannelIterator<>(this);
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
    return state.describeHandle("ReceiveChannel", this, isClosed);
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object item) {
    return (T) item;
  }

  private static EndOfChannelException endOfChannel() {
    return new EndOfChannelException(
        "every SendChannel of this channel is closed and its buffer is empty");
  }
}
