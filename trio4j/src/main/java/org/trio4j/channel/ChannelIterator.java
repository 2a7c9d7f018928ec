package org.trio4j.channel;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The iterator of a {@link ReceiveChannel}: {@link #hasNext()} receives the next value (a blocking
 * checkpoint) and keeps it for {@link #next()}; the end of the channel ends the iteration quietly.
 * Used by one task.
 */
final class ChannelIterator<T> implements Iterator<T> {
  private final ReceiveChannelImpl<T> channel;
  // Touched only by the iterating task. `next` is null when no value is held.
  private T next;
  private boolean ended;

  ChannelIterator(ReceiveChannelImpl<T> channel) {
    this.channel = channel;
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (ended) {
      return false;
    }
    next = channel.receiveOrNull();
    ended = next == null;
    return !ended;
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the channel has ended: every SendChannel is closed");
    }
    T value = next;
    next = null;
    return value;
  }

  @Override
  public String toString() {
    return "ChannelIterator["
        + (ended ? "ended" : next != null ? "holding a value" : "before the next value")
        + "]";
  }
}
