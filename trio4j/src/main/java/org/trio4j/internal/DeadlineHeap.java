package org.trio4j.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The run's one structure of pending deadlines: a binary min-heap of {@link TimerEntry} ordered by
 * deadline, then by insertion order, so that entries with equal deadlines fire first-in first-out.
 */
public final class DeadlineHeap {
  /*
   * Implementation notes.
   *
   * Every sleep and every cancel scope with a finite deadline adds one entry and removes it again,
   * so add and remove must be O(log n) with no allocation: each entry records its own index in the
   * array (as java.util.concurrent.ScheduledThreadPoolExecutor's tasks do), which makes removal of
   * an arbitrary entry cheap. One lock guards the array; critical sections are a few dozen
   * instructions. A hierarchical timing wheel would make add O(1), but the heap keeps exact
   * ordering for the mock clock's exact-time tests, and its cost is measured in the benchmarks.
   */

  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock.
  private TimerEntry[] heap = new TimerEntry[16];
  private int size;
  private long sequence;

  /**
   * Adds an entry.
   *
   * @param entry an entry in no heap
   * @param deadline when it fires
   * @return true if it became the earliest entry (the timer loop must then be woken)
   */
  public boolean add(TimerEntry entry, long deadline) {
    lock.lock();
    try {
      if (entry.index >= 0) {
        throw new IllegalStateException("timer entry already scheduled");
      }
      entry.deadline = deadline;
      entry.sequence = sequence++;
      if (size == heap.length) {
        heap = Arrays.copyOf(heap, size * 2);
      }
      heap[size] = entry;
      entry.index = size;
      size++;
      siftUp(entry.index);
      return heap[0] == entry;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes an entry if it is still pending.
   *
   * @param entry the entry
   * @return true if it was removed, false if it had already fired or was never added
   */
  public boolean remove(TimerEntry entry) {
    lock.lock();
    try {
      int i = entry.index;
      if (i < 0) {
        return false;
      }
      removeAt(i);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the earliest deadline.
   *
   * @return the deadline, or {@link Long#MAX_VALUE} if the heap is empty
   */
  public long nextDeadline() {
    lock.lock();
    try {
      return size == 0 ? Long.MAX_VALUE : heap[0].deadline;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns how many entries are pending.
   *
   * @return the count
   */
  public int size() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes every entry whose deadline is at or before {@code now}, in deadline order.
   *
   * @param now the current time
   * @return the removed entries, for the caller to fire outside the lock; empty if none
   */
  public ArrayList<TimerEntry> popExpired(long now) {
    ArrayList<TimerEntry> expired = null;
    lock.lock();
    try {
      while (size > 0 && heap[0].deadline <= now) {
        if (expired == null) {
          expired = new ArrayList<>();
        }
        expired.add(heap[0]);
        removeAt(0);
      }
    } finally {
      lock.unlock();
    }
    return expired == null ? new ArrayList<>(0) : expired;
  }

  private void removeAt(int i) {
    TimerEntry removed = heap[i];
    removed.index = -1;
    size--;
    if (i == size) {
      heap[size] = null;
      return;
    }
    TimerEntry last = heap[size];
    heap[size] = null;
    heap[i] = last;
    last.index = i;
    siftDown(i);
    if (heap[i] == last) {
      siftUp(i);
    }
  }

  private static boolean less(TimerEntry a, TimerEntry b) {
    return a.deadline < b.deadline || (a.deadline == b.deadline && a.sequence < b.sequence);
  }

  private void siftUp(int i) {
    TimerEntry e = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      TimerEntry p = heap[parent];
      if (!less(e, p)) {
        break;
      }
      heap[i] = p;
      p.index = i;
      i = parent;
    }
    heap[i] = e;
    e.index = i;
  }

  private void siftDown(int i) {
    TimerEntry e = heap[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && less(heap[right], heap[child])) {
        child = right;
      }
      if (!less(heap[child], e)) {
        break;
      }
      heap[i] = heap[child];
      heap[i].index = i;
      i = child;
    }
    heap[i] = e;
    e.index = i;
  }
}
