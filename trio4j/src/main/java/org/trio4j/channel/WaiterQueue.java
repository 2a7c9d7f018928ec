package org.trio4j.channel;

import java.util.ArrayList;
import java.util.List;

/**
 * A first-in first-out queue of {@link Waiter}s, linked through the waiters themselves. Not
 * thread-safe: its owner guards it ({@link ChannelState#lock}).
 */
final class WaiterQueue {
  private Waiter head;
  private Waiter tail;
  private int size;

  int size() {
    return size;
  }

  void append(Waiter w) {
    w.queue = this;
    w.prev = tail;
    w.next = null;
    if (tail == null) {
      head = w;
    } else {
      tail.next = w;
    }
    tail = w;
    size++;
  }

  /** Removes and returns the oldest waiter, or null if there is none. */
  Waiter poll() {
    Waiter w = head;
    if (w != null) {
      unlink(w);
    }
    return w;
  }

  void unlink(Waiter w) {
    if (w.prev == null) {
      head = w.next;
    } else {
      w.prev.next = w.next;
    }
    if (w.next == null) {
      tail = w.prev;
    } else {
      w.next.prev = w.prev;
    }
    w.prev = null;
    w.next = null;
    w.queue = null;
    size--;
  }

  /** Removes the waiters that wait on {@code handle}, oldest first, and gives them the signal. */
  List<Waiter> removeOwnedBy(Object handle, Signal signal) {
    List<Waiter> removed = List.of();
    for (Waiter w = head; w != null; ) {
      Waiter next = w.next;
      if (w.handle == handle) {
        if (removed.isEmpty()) {
          removed = new ArrayList<>();
        }
        unlink(w);
        w.item = signal;
        removed.add(w);
      }
      w = next;
    }
    return removed;
  }

  /** Removes every waiter, oldest first, and gives each the signal. */
  List<Waiter> removeAll(Signal signal) {
    if (size == 0) {
      return List.of();
    }
    List<Waiter> removed = new ArrayList<>(size);
    Waiter w;
    while ((w = poll()) != null) {
      w.item = signal;
      removed.add(w);
    }
    return removed;
  }
}
