package org.trio4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
   * in memory. The deadlines are kept in a long array beside the entries, so that comparisons
   * read an array instead of dereferencing an entry object per comparison: with 100k entries
   * those dereferences were cache misses, and the timer loop spent most of its time in siftDown
   * (JFR). Only the entries that actually move are touched, to update their index, and the
   * entries of equal deadlines, to compare their sequence numbers (the tie-breaker that makes
   * equal deadlines first-in first-out). Ties are rare on the real clock and the mock clock's
   * heaps are small, so the sequence numbers live in the entries (an int fits in a padding gap of
   * the 40 B SleepTimer) rather than in a third array that every comparison and every move would
   * read and write. They are ints that wrap around and are compared by the sign of their
   * difference, which orders two entries correctly as long as fewer than 2^31 entries were added
   * between them: an entry would have to stay pending through two billion later timers and then
   * tie exactly with one of them to fire out of order.
   *
   * Adding without the lock. Every sleep adds an entry from its own task, on any carrier, while
   * the timer loop (a platform thread) pops expired entries in batches under the lock. When the
   * adders took the lock too, they queued behind the loop's pops (and behind the loop thread
   * itself whenever the operating system preempted it while it held the lock: with 2 carriers and
   * the loop on 2 cores that is often): in a JFR profile of ConcurrentSleepsBenchmark, the lock's
   * spinning, parking and waking were about 10% of all samples, more than the heap's own work.
   * So add() only pushes the entry onto a lock-free intake stack (a Treiber stack through
   * TimerEntry.next), and every operation that reads the heap first drains the intake into it
   * under the lock. The entries of one drain are inserted in push order (the stack is reversed
   * first), and the sequence numbers are given out then, so equal deadlines still fire in the
   * order of add() (the order of the pushes' CAS).
   *
   * Waking the timer loop. An adder can no longer see the heap, so it cannot tell whether its
   * entry became the earliest. Instead the loop publishes, in nextDeadline(), the earliest
   * deadline it knows of (wakeBound) before it parks until then, and an adder whose deadline is
   * before that bound wakes it. The race between the two is Dekker's: the loop writes wakeBound
   * (volatile) and then reads the intake (volatile), draining again until it reads it empty; the
   * adder pushes (CAS) and then reads wakeBound. Volatile accesses are totally ordered, so either
   * the loop's last read of the intake sees the push (and its entry is in the minimum returned)
   * or the adder's read sees the published bound (and it wakes the loop if it is earlier). Only
   * the loop may publish (nextDeadline()): a reader on another thread that drained an adder's
   * entry and published its deadline as the bound would make that adder's comparison (d < d)
   * false while the loop sleeps on to a later one; peekNextDeadline() is for other readers. The
   * bound may be stale low after pops and removals (the minimum only grows then): an adder then
   * does not wake the loop for a deadline at or after the stale bound, and it need not, because
   * the loop wakes by that bound anyway, or is running and calls nextDeadline() before it parks
   * again. A stale bound can only cause a spare wake-up, never a missed one.
   *
   * Removing without the lock. A cancel scope adds its deadline's entry as it is entered and
   * removes it as it is left, usually long before the deadline, and often before anything has
   * drained the entry from the intake. Such an entry is removed with one CAS of its index, from
   * IN_INTAKE to REMOVED, and the next drain drops it instead of inserting it. The drain claims each
   * entry with a CAS from IN_INTAKE to DRAINING before inserting it, so that exactly one of the two
   * wins: an entry the drain claimed is removed under the lock as before (remove() takes the lock,
   * which waits out the drain, and finds the entry's slot). Removing under the lock cost every
   * scope a lock acquisition and a drain, and tasks on different cores queued on it
   * (TimeoutScopeBenchmark; docs/performance.md, "Cancel scopes across cores"). Removed entries
   * must not pile up on the intake while nothing drains it (the loop may sleep for the whole
   * timeout). So each entry records the intake's depth with it at its push (in its sequence
   * field, which is unused until the drain gives out the real sequence number), and the remover of
   * an entry that was pushed REMOVED_DRAIN_DEPTH deep (or a multiple) drains the intake if tryLock
   * succeeds: scopes that come and go keep the intake under that depth. Adders drain only at
   * multiples of ADDED_DRAIN_DEPTH, a hard bound whatever mix of removed and live entries comes:
   * draining every 128 adds moved heap insertions from the timer loop onto the carriers and made
   * 1M concurrent sleeps (which are never removed) 5-15% slower. A removed entry is added again (a
   * scope's deadline changed) only after a drain under the lock has dropped it.
   *
   * Locking. The lock guards the arrays, the sequence counter and every entry's index (but the
   * index of an entry that an adder owns: see add()); removals (cancellations) and the loop take
   * it. It spins briefly before it parks (as the run's structure lock does): parking a virtual
   * thread and waking it again costs microseconds, far more than waiting out a pop.
   */

  /** TimerEntry.index of an entry that is on the intake stack, not yet in the arrays. */
  static final int IN_INTAKE = -2;

  /** TimerEntry.index of an entry removed while on the intake stack; the next drain drops it. */
  static final int REMOVED = -3;

  /** TimerEntry.index of an entry that a drain has claimed and is inserting (under the lock). */
  static final int DRAINING = -4;

  // The remover of an entry pushed this deep (or a multiple) drains the intake, if tryLock
  // succeeds.
  private static final int REMOVED_DRAIN_DEPTH = 128;
  // An adder whose push makes the intake this deep (or a multiple) drains it, if tryLock succeeds.
  private static final int ADDED_DRAIN_DEPTH = 4096;

  private static final VarHandle INDEX;

  private static final VarHandle INTAKE;

  static {
    try {
      INTAKE = MethodHandles.lookup().findVarHandle(DeadlineHeap.class, "intake", TimerEntry.class);
      INDEX = MethodHandles.lookup().findVarHandle(TimerEntry.class, "index", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final int SPINS = 128;

  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock: entries[i] has deadline deadlines[i] (and its own sequence number); size
  // entries are in use.
  private TimerEntry[] entries = new TimerEntry[16];
  private long[] deadlines = new long[16];
  private int size;
  private int sequence;
  // The entries added since the last drain, newest first (linked through TimerEntry.next).
  private volatile TimerEntry intake;
  // The earliest deadline the timer loop knew of when it last called nextDeadline(); see above.
  private volatile long wakeBound = Long.MAX_VALUE;

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
   * Adds an entry, without taking the lock.
   *
   * <p>The caller owns the entry: it is new, or its last time in this heap ended (it was popped, or
   * removed by {@link #remove}) before this call in happens-before order, as a cancel scope's
   * monitor orders its timer's removal and re-adding.
   *
   * @param entry an entry in no heap
   * @param deadline when it fires
   * @return true if the timer loop must be woken: the deadline is before the earliest one the loop
   *     knew of when it last asked {@link #nextDeadline()} (before any, if it never asked)
   * @throws IllegalStateException if the entry is pending already
   */
  public boolean add(TimerEntry entry, long deadline) {
    if (entry.index == REMOVED) {
      // Removed while on the intake and still there: a drain drops it first (see the notes).
      lock();
      try {
        drainLocked();
      } finally {
        lock.unlock();
      }
    }
    if (entry.index != -1) {
      throw new IllegalStateException("timer entry already scheduled");
    }
    entry.deadline = deadline;
    entry.index = IN_INTAKE;
    // The CAS publishes the plain writes above (and the entry's own fields) to the drainer.
    TimerEntry head;
    int depth;
    do {
      head = intake;
      entry.next = head;
      // A racy read of the older entry's depth, which a drain may be rewriting: only a hint.
      depth = head == null ? 1 : head.sequence + 1;
      entry.sequence = depth;
    } while (!INTAKE.compareAndSet(this, head, entry));
    if (depth % ADDED_DRAIN_DEPTH == 0) {
      tryDrain();
    }
    // After the push: see the notes on waking the loop.
    return deadline < wakeBound;
  }

  /** Drains the intake if the lock is free; otherwise leaves it to whoever holds the lock. */
  private void tryDrain() {
    if (lock.tryLock()) {
      try {
        drainLocked();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Moves the intake's entries into the arrays, in the order they were added. Under the lock. */
  private void drainLocked() {
    TimerEntry e = (TimerEntry) INTAKE.getAndSet(this, null);
    if (e == null) {
      return;
    }
    // Reverse the stack (newest first) into push order.
    TimerEntry oldestFirst = null;
    while (e != null) {
      TimerEntry next = e.next;
      e.next = oldestFirst;
      oldestFirst = e;
      e = next;
    }
    for (e = oldestFirst; e != null; ) {
      TimerEntry next = e.next;
      e.next = null;
      if (!INDEX.compareAndSet(e, IN_INTAKE, DRAINING)) {
        // Removed on the intake (REMOVED): dropped, and free to be added again.
        e.index = -1;
        e = next;
        continue;
      }
      if (size == entries.length) {
        int capacity = size * 2;
        entries = Arrays.copyOf(entries, capacity);
        deadlines = Arrays.copyOf(deadlines, capacity);
      }
      e.sequence = sequence++;
      siftUp(size++, e, e.deadline);
      e = next;
    }
  }

  /**
   * Removes an entry if it is still pending.
   *
   * @param entry the entry
   * @return true if it was removed, false if it had already fired or was never added
   */
  public boolean remove(TimerEntry entry) {
    int seen = (int) INDEX.compareAndExchange(entry, IN_INTAKE, REMOVED);
    if (seen == IN_INTAKE) {
      // Still on the intake: the next drain drops it (see the notes). The depth is a hint, read
      // while the entry is ours (a drain gives it a sequence number only once it has claimed it).
      if (entry.sequence % REMOVED_DRAIN_DEPTH == 0) {
        tryDrain();
      }
      return true;
    }
    if (seen == -1) {
      // In no heap: never added (a cancel scope without a deadline), or popped. The caller's last
      // add happened-before this call (one task, or the scope's monitor), and a drain never
      // writes -1 over an entry it claimed from that add without popping it first, so -1 read
      // here is not a stale value from before the add. No lock, which every scope's exit took.
      return false;
    }
    lock();
    try {
      drainLocked();
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
   * Returns the earliest deadline, and publishes it as the bound before which {@link #add} says
   * that the loop must be woken. For the timer loop only (and single-threaded tests): see the
   * notes.
   *
   * @return the deadline, or {@link Long#MAX_VALUE} if the heap is empty
   */
  public long nextDeadline() {
    lock();
    try {
      long earliest;
      do {
        drainLocked();
        earliest = size == 0 ? Long.MAX_VALUE : deadlines[0];
        wakeBound = earliest;
        // An entry pushed before this read is drained on the next round; one pushed after it
        // reads the bound just written (Dekker, see the notes).
      } while (intake != null);
      return earliest;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the earliest deadline without publishing it; for readers other than the timer loop.
   *
   * @return the deadline, or {@link Long#MAX_VALUE} if the heap is empty
   */
  public long peekNextDeadline() {
    lock();
    try {
      drainLocked();
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
      drainLocked();
      return size;
    } finally {
      lock.unlock();
    }
  }

  /**
   * For tests and diagnostics: how many entries wait on the intake, removed ones included. Walks
   * the intake without the lock, so it is exact only while no other thread adds or drains.
   *
   * @return the intake's length
   */
  public int intakeLength() {
    int n = 0;
    for (TimerEntry e = intake; e != null; e = e.next) {
      n++;
    }
    return n;
  }

  /**
   * Removes every entry whose deadline is at or before {@code now}, in deadline order.
   *
   * @param now the current time
   * @return the removed entries, for the caller to fire outside the lock; empty if none
   */
  public ArrayList<TimerEntry> popExpired(long now) {
    return popExpired(now, Integer.MAX_VALUE);
  }

  /**
   * Removes the entries whose deadline is at or before {@code now}, in deadline order, at most
   * {@code max} of them.
   *
   * @param now the current time
   * @param max how many at most
   * @return the removed entries, for the caller to fire outside the lock; empty if none
   */
  public ArrayList<TimerEntry> popExpired(long now, int max) {
    ArrayList<TimerEntry> expired = null;
    lock();
    try {
      drainLocked();
      while (size > 0 && deadlines[0] <= now && (expired == null || expired.size() < max)) {
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
    entries[last] = null;
    if (i == last) {
      return;
    }
    // The last entry fills the hole: down if it is later than the hole's children, else up.
    siftDown(i, moved, d);
    if (entries[i] == moved) {
      siftUp(i, moved, d);
    }
  }

  /**
   * Whether entry a (deadline da) comes before entry b (deadline db): by deadline, and for equal
   * deadlines by sequence number, compared so that it may wrap around (see the notes).
   */
  private static boolean before(long da, TimerEntry a, long db, TimerEntry b) {
    return da < db || (da == db && a.sequence - b.sequence < 0);
  }

  private void set(int i, TimerEntry e, long d) {
    entries[i] = e;
    deadlines[i] = d;
    e.index = i;
  }

  /** Places entry e with deadline d at or above slot i, moving later parents down. */
  private void siftUp(int i, TimerEntry e, long d) {
    while (i > 0) {
      int parent = (i - 1) >>> 2;
      long pd = deadlines[parent];
      if (d > pd) {
        break;
      }
      TimerEntry p = entries[parent];
      if (d == pd && e.sequence - p.sequence > 0) {
        break;
      }
      set(i, p, pd);
      i = parent;
    }
    set(i, e, d);
  }

  /** Places entry e with deadline d at or below slot i, moving earlier children up. */
  private void siftDown(int i, TimerEntry e, long d) {
    while (true) {
      int first = 4 * i + 1;
      if (first >= size) {
        break;
      }
      int end = Math.min(first + 4, size);
      int c = first;
      long cd = deadlines[first];
      for (int k = first + 1; k < end; k++) {
        long kd = deadlines[k];
        // Entries are read only on a tie of deadlines, which the real clock makes rare.
        if (kd < cd || (kd == cd && before(kd, entries[k], cd, entries[c]))) {
          c = k;
          cd = kd;
        }
      }
      TimerEntry child = entries[c];
      if (cd > d || (cd == d && !before(cd, child, d, e))) {
        break;
      }
      set(i, child, cd);
      i = c;
    }
    set(i, e, d);
  }
}
