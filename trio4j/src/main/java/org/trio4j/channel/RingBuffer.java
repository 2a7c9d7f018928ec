package org.trio4j.channel;

import java.util.Arrays;

/**
 * The buffer of a channel: a circular array of at most {@code capacity} values that grows by
 * doubling, so that a large or unbounded capacity costs nothing until it is used. Not thread-safe:
 * its owner guards it ({@link ChannelState#lock}).
 */
final class RingBuffer {
  private static final int INITIAL_LENGTH = 16;
  // The largest array the JDK's own collections ask for.
  private static final int MAX_LENGTH = Integer.MAX_VALUE - 8;
  private static final Object[] NONE = new Object[0];

  private final int capacity;
  private Object[] items;
  private int head;
  private int size;

  RingBuffer(int capacity) {
    this.capacity = capacity;
    this.items = capacity == 0 ? NONE : new Object[Math.min(capacity, INITIAL_LENGTH)];
  }

  int capacity() {
    return capacity;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  boolean hasRoom() {
    return size < capacity;
  }

  /** Appends a value; the caller has checked {@link #hasRoom()}. */
  void add(Object value) {
    if (size == items.length) {
      grow();
    }
    int tail = head + size;
    if (tail >= items.length) {
      tail -= items.length;
    }
    items[tail] = value;
    size++;
  }

  /** Removes and returns the oldest value; the caller has checked that there is one. */
  Object poll() {
    Object value = items[head];
    items[head] = null;
    if (++head == items.length) {
      head = 0;
    }
    size--;
    return value;
  }

  void clear() {
    Arrays.fill(items, null);
    head = 0;
    size = 0;
  }

  private void grow() {
    int limit = Math.min(capacity, MAX_LENGTH);
    int length = (int) Math.min((long) items.length * 2, limit);
    if (length <= items.length) {
      throw new OutOfMemoryError("a channel buffer cannot hold more than " + limit + " values");
    }
    Object[] bigger = new Object[length];
    int firstPart = Math.min(size, items.length - head);
    System.arraycopy(items, head, bigger, 0, firstPart);
    System.arraycopy(items, 0, bigger, firstPart, size - firstPart);
    items = bigger;
    head = 0;
  }
}
