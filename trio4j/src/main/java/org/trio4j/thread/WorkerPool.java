package org.trio4j.thread;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cache of platform threads that {@link ToThread} runs functions on, shared by every run of the
 * JVM (Trio's thread cache): a thread is created when none is idle, and an idle one ends after 10
 * seconds. Threads are daemons, so an abandoned one never keeps the JVM alive.
 */
final class WorkerPool {
  /*
   * Implementation notes. A ThreadPoolExecutor with no core threads and a SynchronousQueue hands
   * each call to an idle thread or creates one: never queues, so a call never waits behind
   * another (the CapacityLimiter is what bounds the number of threads, per run). Platform threads,
   * not virtual ones: the point of ToThread is code that must not run on a carrier (blocking
   * calls that pin it, file I/O, CPU-heavy work).
   */

  private static final long IDLE_SECONDS = 10;
  private static final AtomicLong COUNTER = new AtomicLong();

  private static final ThreadFactory FACTORY =
      r ->
          Thread.ofPlatform()
              .name("trio4j-worker-" + COUNTER.incrementAndGet())
              .daemon(true)
              .unstarted(r);

  private static final ThreadPoolExecutor EXECUTOR =
      new ThreadPoolExecutor(
          0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), FACTORY);

  private WorkerPool() {}

  /**
   * Runs {@code r} on an idle worker thread, or a new one.
   *
   * @param r what to run
   * @throws java.util.concurrent.RejectedExecutionException if no thread can be started
   */
  static void start(Runnable r) {
    EXECUTOR.execute(r);
  }
}
