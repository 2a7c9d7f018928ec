package org.trio4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Which trio4j task runs on which thread: how {@code TaskImpl.current()} finds its task. */
final class CurrentTasks {
  /*
   * Implementation notes.
   *
   * The obvious tool is a ThreadLocal, and it was used until measurements said otherwise: every
   * task is a fresh virtual thread, so its first ThreadLocal.set creates the thread's whole
   * ThreadLocalMap (the map, a 16-slot table and a WeakReference entry: about 150 bytes, a third of
   * what the JDK itself allocates for the thread) and leaves the garbage collector a weak
   * reference to process per task: in SpawnJoinBenchmark (100k tasks) a third of the allocation
   * beyond raw virtual threads, and young pauses several times longer than the peers'. A
   * ConcurrentHashMap from thread to task was tried next: one node per task, but its size counter
   * and bins are written by every spawn and every exit on every core, and it took more time than
   * the ThreadLocal (a sixth of the samples in that benchmark).
   *
   * So: an open-addressing table of tasks indexed by their thread's id, with no allocation and no
   * shared counter. A task is registered by its spawner before its thread starts (Thread.start
   * then publishes the entry to the task), and unregistered by the task itself as it ends. Its
   * slot is one of PROBES consecutive slots from threadId & mask, claimed with a CAS from null;
   * leaving scans the windows again for the slot that holds the task (the same reads as a lookup)
   * and stores null there. The task could remember its table and index instead, and once did: two
   * fields, 8 bytes of every task, for saving a few reads once per task.
   * Thread ids are handed out in sequence, so tasks spawned together take neighbouring slots and
   * collide only when the table is small for the number of live tasks. If every slot of the
   * window is taken, a table twice as large is installed in front (CAS on `newest`), linked to
   * the older ones, which stay: tasks registered there remain there until they end.
   *
   * Why a lookup always finds its own task: the only reader of an entry is the thread it names
   * (current() asks about the calling thread), and its entry is written before that thread starts
   * and cleared by that thread itself, so for the whole life of the task the entry is in its slot,
   * in a table that is still linked (tables are never unlinked). The lookup scans the window in
   * every table, newest first, and compares the slot's task's thread with the calling thread, so
   * neighbours that come and go, or a slot that was claimed by another thread with the same
   * window, never produce a wrong answer. A thread that runs no task finds no slot naming it and
   * gets null, after scanning every window (a few dozen reads; only Trio.run's "not nested" check
   * and calls from worker threads take that path).
   *
   * Memory: the tables only grow, to about twice the largest number of tasks that were alive at
   * once in this JVM (plus the older, smaller tables: as much again at most), 4 or 8 bytes a slot.
   *
   * Rejected: ScopedValue (a preview API in Java 21, which this library supports); a field on a
   * Thread subclass (virtual threads cannot be subclassed); the thread's uncaught-exception
   * handler as a carrier for the task (free, but user code may replace it).
   */

  private static final int PROBES = 8;
  private static final int INITIAL_SIZE = 1024;
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(TaskImpl[].class);
  private static final VarHandle NEWEST;

  static {
    try {
      NEWEST =
          MethodHandles.lookup().findStaticVarHandle(CurrentTasks.class, "newest", Table.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** One table: a power-of-two array of slots, and the table it replaced. */
  private static final class Table {
    final TaskImpl[] slots;
    final Table older;

    Table(int size, Table older) {
      this.slots = new TaskImpl[size];
      this.older = older;
    }
  }

  // The table new tasks are registered in; see the notes.
  private static volatile Table newest = new Table(INITIAL_SIZE, null);

  private CurrentTasks() {}

  /**
   * Registers {@code t}, whose thread has not started yet; on the spawner's thread.
   *
   * @param t the task
   */
  static void register(TaskImpl t) {
    long id = t.thread().threadId();
    Table tab = newest;
    while (true) {
      TaskImpl[] s = tab.slots;
      int mask = s.length - 1;
      for (int i = 0; i < PROBES; i++) {
        int idx = (int) (id + i) & mask;
        if (SLOT.getAcquire(s, idx) == null && SLOT.compareAndSet(s, idx, (TaskImpl) null, t)) {
          return;
        }
      }
      tab = grow(tab);
    }
  }

  private static Table grow(Table full) {
    Table current = newest;
    if (current != full) {
      return current; // another thread has grown it
    }
    Table bigger = new Table(full.slots.length * 2, full);
    return NEWEST.compareAndSet(full, bigger) ? bigger : newest;
  }

  /**
   * Unregisters {@code t}: on its own thread as it ends, or on the spawner's if its thread failed
   * to start.
   *
   * @param t the task
   */
  static void unregister(TaskImpl t) {
    // The task was put in exactly one slot (by the CAS that succeeded), and only this call clears
    // it, so a slot holding `t` is its slot: plain reads cannot show `t` anywhere else. Not found
    // means not registered (or already unregistered): nothing to do.
    long id = t.thread().threadId();
    for (Table tab = newest; tab != null; tab = tab.older) {
      TaskImpl[] s = tab.slots;
      int mask = s.length - 1;
      for (int i = 0; i < PROBES; i++) {
        int idx = (int) (id + i) & mask;
        if (SLOT.get(s, idx) == t) {
          SLOT.setRelease(s, idx, (TaskImpl) null);
          return;
        }
      }
    }
  }

  /**
   * Returns the task running on the calling thread.
   *
   * @return the task, or null if the thread runs none
   */
  static TaskImpl get() {
    Thread me = Thread.currentThread();
    long id = me.threadId();
    for (Table tab = newest; tab != null; tab = tab.older) {
      TaskImpl[] s = tab.slots;
      int mask = s.length - 1;
      for (int i = 0; i < PROBES; i++) {
        TaskImpl t = (TaskImpl) SLOT.getAcquire(s, (int) (id + i) & mask);
        if (t != null && t.thread() == me) {
          return t;
        }
      }
    }
    return null;
  }
}
