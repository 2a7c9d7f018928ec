package org.trio4j.internal;

import java.util.concurrent.ConcurrentHashMap;

/** Which trio4j task runs on which thread: how {@code TaskImpl.current()} finds its task. */
final class CurrentTasks {
  /*
   * Implementation notes.
   *
   * The obvious tool is a ThreadLocal, and it was used until measurements said otherwise: every
   * task is a fresh virtual thread, so its first ThreadLocal.set creates the thread's whole
   * ThreadLocalMap (the map, a 16-slot table and a WeakReference entry: about 150 bytes, a third of
   * what the JDK itself allocates for the thread) and leaves the garbage collector a weak
   * reference to process per task. In SpawnJoinBenchmark (100k tasks) that was about 15 MiB per
   * batch, a third of the allocation beyond raw virtual threads, and young pauses several times
   * longer than the peers'.
   *
   * A task's thread is created by trio4j and is never shared, so a map from thread to task is
   * enough: one ConcurrentHashMap node (32 bytes, no weak reference) per task. Only the thread
   * itself puts, reads and removes its own entry (TaskImpl.run), so the entry a thread reads is
   * always the one it wrote, with no race to reason about; other threads only make the map resize
   * or probe other keys. A lookup is a hash and one or two acquiring reads (a few nanoseconds,
   * measured inside the checkpoint benchmark's budget); a lookup from a thread that is not a task
   * (a platform thread, a ToThread worker) misses and answers null.
   *
   * Rejected: ScopedValue (a preview API in Java 21, which this library supports); a field on a
   * Thread subclass (virtual threads cannot be subclassed); a table keyed by thread id without
   * nodes (lock-free deletion and resizing, for a saving of 32 bytes per task).
   */

  // Keyed by identity: Thread does not override equals/hashCode.
  private static final ConcurrentHashMap<Thread, TaskImpl> BY_THREAD =
      new ConcurrentHashMap<>(1024);

  private CurrentTasks() {}

  /** On the task's own thread, first thing: the thread now runs {@code t}. */
  static void enter(TaskImpl t) {
    BY_THREAD.put(Thread.currentThread(), t);
  }

  /** On the task's own thread, last thing: it runs no task any more. */
  static void exit() {
    BY_THREAD.remove(Thread.currentThread());
  }

  /** The task running on the calling thread, or null. */
  static TaskImpl get() {
    return BY_THREAD.get(Thread.currentThread());
  }
}
