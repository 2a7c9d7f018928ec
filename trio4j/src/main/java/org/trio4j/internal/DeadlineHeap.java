package org.trio4j.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The run's one structure of pending deadlines: a min-heap of {@link TimerEntry} ordered by
 * deadline, then by insertion order, so that entries with equal deadlines fire first-in first-out.
 */
public final class DeadlineHeap {
  /*
   * Implementation notes.
   *
   * Every sleep and every cancel scope with a finite deadline adds one entry and removes it again,
   * so add and remove must be O(log n) with no allocation: each entry records its own index in the
   * array (as java.util.concurrent.ScheduledThreadPoolExecutor's tasks do), which makes removal of
   * an arbitrary entry cheap. A hierarchical timing wheel would make add O(1), but the heap keeps
   * exact ordering for the mock clock's exact-time tests.
   *
   * Layout, for large heaps (ConcurrentSleepsBenchmark: 1M sleepers with distinct deadlines). The
   * heap is 4-ary, not binary: half as many levels, and the four children of a node are adjacent
   * in memory. The sort keys (deadline, sequence) are kept in long arrays beside the entries, so
   * that comparisons read arrays instead of dereferencing an entry object per comparison: with
   * 100k entries those dereferences were cache misses, and the timer loop spent most of its time
   * in siftDown (JFR). Only the entries that actually move are touched, to update their index.
   *
   * Locking. One lock guards the arrays; critical sections are short, but the tasks adding
   * entries run on every carrier while the timer loop pops batches, so the lock spins briefly
   * before it parks (as the run's structure lock does): parking a virtual thread and waking it
   * again costs microseconds, far more than waiting out a pop.
   */

  private static final int SPINS = 128;

  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock: entries[i] has key (deadlines[i], sequences[i]); size entries are in use.
  private TimerEntry[] entries = new TimerEntry[16];
  private long[] deadlines = new long[16];
  private long[] sequences = new long[16];
  private int size;
  private long sequence;

  /** Creates an empty heap. */
  public DeadlineHeap() {}

  private void lock() {
    for (int i = 0; i < SPINS; i++) {
      if (lock.tryLock()) {
        return;
      }
      Thread.onSpinWait();
    }
    lock.lock();
  }

  /**
   * Adds an entry.
   *
   * @param entry an entry in no heap
   * @param deadline when it fires
   * @return true if it became the earliest entry (the timer loop must then be woken)
   */
  public boolean add(TimerEntry entry, long deadline) {
    lock();
    try {
      if (entry.index >= 0) {
        throw new IllegalStateException("timer entry already scheduled");
      }
      long seq = sequence++;
      if (size == entries.length) {
        int capacity = size * 2;
        entries = Arrays.copyOf(entries, capacity);
        deadlines = Arrays.copyOf(deadlines, capacity);
        sequences = Arrays.copyOf(sequences, capacity);
      }
      int i = size++;
      siftUp(i, entry, deadline, seq);
      return entries[0] == entry;
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
    lock();
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
    lock();
    try {
      return size == 0 ? Long.MAX_VALUE : deadlines[0];
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
    lock();
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
    lock();
    try {
      while (size > 0 && deadlines[0] <= now) {
        if (expired == null) {
          expired = new ArrayList<>();
        }
        expired.add(entries[0]);
        removeAt(0);
      }
    } finally {
      lock.unlock();
    }
    return expired == null ? new ArrayList<>(0) : expired;
  }

  private void removeAt(int i) {
    entries[i].index = -1;
    int last = --size;
    TimerEntry moved = entries[last];
    long d = deadlines[last];
    long s = sequences[last];
    entries[last] = null;
    if (i == last) {
      return;
    }
    // The last entry fills the hole: down if it is later than the hole's children, else up.
    siftDown(i, moved, d, s);
    if (entries[i] == moved) {
      siftUp(i, moved, d, s);
    }
  }

  /** Whether key (d1, s1) comes before key (d2, s2). */
  private static boolean before(long d1, long s1, long d2, long s2) {
    return d1 < d2 || (d1 == d2 && s1 < s2);
  }

  private void set(int i, TimerEntry e, long d, long s) {
    entries[i] = e;
    deadlines[i] = d;
    sequences[i] = s;
    e.index = i;
  }

  /** Places entry e with key (d, s) at or above slot i, moving later parents down. */
  private void siftUp(int i, TimerEntry e, long d, long s) {
    while (i > 0) {
      int parent = (i - 1) >>> 2;
      long pd = deadlines[parent];
      long ps = sequences[parent];
      if (!before(d, s, pd, ps)) {
        break;
      }
      set(i, entries[parent], pd, ps);
      i = parent;
    }
    set(i, e, d, s);
  }

  /** Places entry e with key (d, s) at or below slot i, moving earlier children up. */
  private void siftDown(int i, TimerEntry e, long d, long s) {
    while (true) {
      int first = 4 * i + 1;
      if (first >= size) {
        break;
      }
      int end = Math.min(first + 4, size);
      int c = first;
      long cd = deadlines[first];
      long cs = sequences[first];
      for (int k = first + 1; k < end; k++) {
        long kd = deadlines[k];
        long ks = sequences[k];
        if (before(kd, ks, cd, cs)) {
          c = k;
          cd = kd;
          cs = ks;
        }
      }
      if (!before(cd, cs, d, s)) {
        break;
      }
      set(i, entries[c], cd, cs);
      i = c;
    }
    set(i, e, d, s);
  }
}
