package org.trio4j.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.trio4j.CancelScope;
import org.trio4j.Nursery;
import org.trio4j.RunOptions;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.sync.CapacityLimiter;
import org.trio4j.sync.Event;
import org.trio4j.testing.MockClock;
import org.trio4j.testing.TrioTest;

/** ToThread.runSync, after Trio's test_threads.py. */
class ToThreadTest {
  private static final ToThreadOptions ABANDON =
      ToThreadOptions.builder().abandonOnCancel(true).build();

  /** The function runs on a daemon platform worker thread and its value comes back. */
  @TrioTest
  void runsOnAWorkerThreadAndReturnsTheValue() {
    Thread me = Thread.currentThread();
    Thread worker = ToThread.runSync(Thread::currentThread);
    assertNotSame(me, worker);
    assertFalse(worker.isVirtual());
    assertTrue(worker.isDaemon());
    assertEquals(3, (int) ToThread.runSync(() -> 1 + 2));
  }

  /**
   * While it runs the function, the worker is named after the call (by default after the task), and
   * it gets its pool name back afterwards (Trio's test_named_thread).
   */
  @TrioTest
  void theWorkerIsNamedWhileItRuns() {
    String taskName = Lowlevel.currentTask().name();
    AtomicReference<Thread> worker = new AtomicReference<>();
    String name =
        ToThread.runSync(
            () -> {
              worker.set(Thread.currentThread());
              return Thread.currentThread().getName();
            });
    assertTrue(name.matches("ToThread\\.runSync-\\d+ from " + taskName), name);
    assertTrue(worker.get().getName().startsWith("trio4j-worker-"), worker.get().getName());
    String custom =
        ToThread.runSync(
            ToThreadOptions.builder().threadName("resolver").build(),
            () -> Thread.currentThread().getName());
    assertEquals("resolver", custom);
  }

  /** The function's exceptions reach the task unchanged: checked, unchecked and errors. */
  @TrioTest
  void exceptionsPropagateUnwrapped() {
    IOException io = new IOException("disk");
    assertSame(
        io,
        assertThrows(
            IOException.class,
            () ->
                ToThread.runSync(
                    () -> {
                      throw io;
                    })));
    IllegalArgumentException iae = new IllegalArgumentException("bad");
    assertSame(
        iae,
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ToThread.runSync(
                    () -> {
                      throw iae;
                    })));
    StackOverflowError soe = new StackOverflowError("deep");
    assertSame(
        soe,
        assertThrows(
            StackOverflowError.class,
            () ->
                ToThread.runSync(
                    () -> {
                      throw soe;
                    })));
  }

  /** Entry is a checkpoint: a cancelled call throws Cancelled and starts no thread. */
  @TrioTest
  void cancelledOnEntryStartsNoThread() {
    AtomicInteger calls = new AtomicInteger();
    CancelScope scope = new CancelScope();
    scope.run(
        () -> {
          scope.cancel();
          ToThread.runSync(calls::incrementAndGet);
        });
    assertTrue(scope.cancelledCaught());
    assertEquals(0, calls.get());
    assertEquals(0, ToThread.currentDefaultThreadLimiter().borrowedTokens());
  }

  /**
   * With abandonOnCancel the task gets Cancelled at once while its thread is still blocked; the
   * thread finishes later and its token comes back only then (Trio's
   * test_run_in_worker_thread_cancellation, first part).
   */
  @TrioTest
  void abandonOnCancelReturnsAtOnceAndTheThreadFinishesLater() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch gate = new CountDownLatch(1);
    CompletableFuture<Void> released = new CompletableFuture<>();
    ThreadLimiter limiter = new NotifyingLimiter(new CapacityLimiter(1), released);
    ToThreadOptions options =
        ToThreadOptions.builder().abandonOnCancel(true).limiter(limiter).build();
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                log.add("start");
                try {
                  ToThread.runSync(
                      options,
                      () -> {
                        gate.await();
                        log.add("thread finished");
                        return null;
                      });
                } finally {
                  log.add("exit");
                }
              });
          Lowlevel.waitAllTasksBlocked();
          assertEquals(List.of("start"), log);
          n.cancelScope().cancel();
        });
    assertEquals(List.of("start", "exit"), log);
    assertFalse(released.isDone());
    gate.countDown();
    Futures.await(released);
    assertEquals(List.of("start", "exit", "thread finished"), log);
  }

  /**
   * Without abandonOnCancel the task waits for its thread through a cancellation, then returns the
   * function's value (Trio's test_run_in_worker_thread_cancellation, second part).
   */
  @TrioTest
  void withoutAbandonTheTaskWaitsForItsThread() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch gate = new CountDownLatch(1);
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                log.add("start");
                try {
                  log.add(
                      "got "
                          + ToThread.runSync(
                              () -> {
                                gate.await();
                                return "value";
                              }));
                } finally {
                  log.add("exit");
                }
              });
          Lowlevel.waitAllTasksBlocked();
          n.cancelScope().cancel();
          CancelScope shield = new CancelScope();
          shield.setShield(true);
          shield.run(
              () -> {
                for (int i = 0; i < 10; i++) {
                  Trio.checkpoint();
                }
                Lowlevel.waitAllTasksBlocked();
              });
          assertEquals(List.of("start"), log); // still waiting for its thread
          gate.countDown();
        });
    assertEquals(List.of("start", "got value", "exit"), log);
  }

  /**
   * An abandoned thread keeps its limiter token until it really finishes: another call with the
   * same one-token limiter waits for it, not for the abandoning task.
   */
  @TrioTest
  void anAbandonedThreadKeepsItsTokenUntilItFinishes() throws Exception {
    CapacityLimiter limiter = new CapacityLimiter(1);
    CountDownLatch gate = new CountDownLatch(1);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    ToThreadOptions options =
        ToThreadOptions.builder().abandonOnCancel(true).limiter(limiter).build();
    CancelScope first = new CancelScope();
    Nursery.open(
        n -> {
          n.startSoon(
              () ->
                  first.run(
                      () ->
                          ToThread.runSync(
                              options,
                              () -> {
                                gate.await();
                                log.add("first thread done");
                                return null;
                              })));
          Lowlevel.waitAllTasksBlocked();
          first.cancel();
          Lowlevel.waitAllTasksBlocked();
          assertTrue(first.cancelledCaught());
          assertEquals(1, limiter.borrowedTokens());
          n.startSoon(
              () -> {
                ToThread.runSync(options, () -> log.add("second thread ran"));
                log.add("second task done");
              });
          Lowlevel.waitAllTasksBlocked();
          assertEquals(1, limiter.statistics().tasksWaiting());
          assertEquals(List.of(), log);
          gate.countDown();
        });
    assertEquals(List.of("first thread done", "second thread ran", "second task done"), log);
    assertEquals(0, limiter.borrowedTokens());
  }

  /** The default limiter has 40 tokens, is one per run, and lends one token per running thread. */
  @TrioTest
  void theDefaultLimiterHas40TokensPerRun() {
    CapacityLimiter limiter = ToThread.currentDefaultThreadLimiter();
    assertEquals(40, limiter.totalTokens());
    assertSame(limiter, ToThread.currentDefaultThreadLimiter());
    int borrowedDuring = ToThread.runSync(limiter::borrowedTokens);
    assertEquals(1, borrowedDuring);
    assertEquals(0, limiter.borrowedTokens());
    List<Object> borrowers = ToThread.runSync(() -> limiter.statistics().borrowers());
    assertTrue(borrowers.get(0).toString().startsWith("ThreadPlaceholder[ToThread.runSync-"));
  }

  /** Each run has its own default limiter. */
  @Test
  void eachRunHasItsOwnDefaultLimiter() {
    RunOptions options = RunOptions.builder().clock(MockClock.autojumping()).build();
    CapacityLimiter first = Trio.run(options, ToThread::currentDefaultThreadLimiter);
    CapacityLimiter second = Trio.run(options, ToThread::currentDefaultThreadLimiter);
    assertNotSame(first, second);
  }

  /** A custom limiter is asked exactly for acquire and release, for the same borrower. */
  @TrioTest
  void aCustomLimiterIsAcquiredAndReleasedOnce() {
    List<Object> log = Collections.synchronizedList(new ArrayList<>());
    ThreadLimiter custom =
        new ThreadLimiter() {
          @Override
          public void acquireOnBehalfOf(Object borrower) {
            log.add("acquire");
            log.add(borrower);
          }

          @Override
          public void releaseOnBehalfOf(Object borrower) {
            log.add("release");
            log.add(borrower);
          }
        };
    ToThread.runSync(ToThreadOptions.builder().limiter(custom).build(), () -> null);
    assertEquals(4, log.size());
    assertEquals("acquire", log.get(0));
    assertEquals("release", log.get(2));
    assertSame(log.get(1), log.get(3));
  }

  /**
   * A release that throws replaces the call's result; if the function failed too, its exception is
   * attached (Trio's test_run_in_worker_thread_limiter_error).
   */
  @TrioTest
  void aFailingReleaseReplacesTheResult() {
    ThreadLimiter bad =
        new ThreadLimiter() {
          @Override
          public void acquireOnBehalfOf(Object borrower) {}

          @Override
          public void releaseOnBehalfOf(Object borrower) {
            throw new IllegalStateException("release on behalf");
          }
        };
    ToThreadOptions options = ToThreadOptions.builder().limiter(bad).build();
    IllegalStateException e1 =
        assertThrows(IllegalStateException.class, () -> ToThread.runSync(options, () -> 1));
    assertEquals("release on behalf", e1.getMessage());
    assertEquals(0, e1.getSuppressed().length);
    IllegalStateException e2 =
        assertThrows(
            IllegalStateException.class,
            () ->
                ToThread.runSync(
                    options,
                    () -> {
                      throw new IOException("from the function");
                    }));
    assertEquals("release on behalf", e2.getMessage());
    assertEquals("from the function", e2.getSuppressed()[0].getMessage());
  }

  /** A cancelled wait for a limiter token starts no thread and borrows nothing. */
  @TrioTest
  void cancelledWhileWaitingForATokenStartsNoThread() throws Exception {
    CapacityLimiter limiter = new CapacityLimiter(1);
    ToThreadOptions options = ToThreadOptions.builder().limiter(limiter).build();
    AtomicInteger started = new AtomicInteger();
    limiter.acquire(); // the main task holds the only token
    boolean completed =
        Trio.moveOnAfter(
            Duration.ofSeconds(1), () -> ToThread.runSync(options, started::incrementAndGet));
    assertFalse(completed);
    assertEquals(Duration.ofSeconds(1).toNanos(), Trio.currentTime());
    assertEquals(0, started.get());
    assertEquals(1, limiter.borrowedTokens());
    limiter.release();
  }

  /** Outside a run, runSync fails at once. */
  @Test
  void outsideARunItFails() {
    assertThrows(IllegalStateException.class, () -> ToThread.runSync(() -> 1));
  }

  /**
   * An abandoned thread that finishes after its run has ended goes back to the pool quietly instead
   * of dying of RunFinishedException (Trio's test_run_in_worker_thread_abandoned).
   */
  @Test
  void anAbandonedThreadOutlivingItsRunIsHandledGracefully() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    AtomicReference<Thread> worker = new AtomicReference<>();
    Trio.run(
        RunOptions.builder().clock(MockClock.autojumping()).build(),
        () -> {
          Nursery.open(
              n -> {
                CompletableFuture<Void> running = new CompletableFuture<>();
                n.startSoon(
                    () ->
                        ToThread.runSync(
                            ABANDON,
                            () -> {
                              worker.set(Thread.currentThread());
                              running.complete(null);
                              gate.await();
                              return null;
                            }));
                Futures.await(running);
                n.cancelScope().cancel();
              });
          return null;
        });
    gate.countDown();
    // The thread now reports to a finished run, then goes back to the pool, idle: it waits in
    // the pool's queue with a timeout. Had the report thrown, the thread would have died.
    Thread t = worker.get();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (t.getState() != Thread.State.TIMED_WAITING
        && t.getState() != Thread.State.TERMINATED
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(Thread.State.TIMED_WAITING, t.getState());
  }

  /**
   * At most MAX threads run at once with a MAX-token limiter (custom or default), even when the
   * tasks that started them are cancelled and abandon them (Trio's
   * test_run_in_worker_thread_limiter).
   */
  @TrioTest
  void limiterBoundsTheThreadsCustom() throws Exception {
    checkLimiterBounds(3, false, false);
  }

  /** The same bound with abandoning, cancelled callers: tokens are not released early. */
  @TrioTest
  void limiterBoundsTheThreadsCustomCancelled() throws Exception {
    checkLimiterBounds(3, true, false);
  }

  /** The same bound through the run's default limiter, with its total lowered. */
  @TrioTest
  void limiterBoundsTheThreadsDefault() throws Exception {
    checkLimiterBounds(3, false, true);
  }

  /** The same bound through the default limiter, with abandoning, cancelled callers. */
  @TrioTest
  void limiterBoundsTheThreadsDefaultCancelled() throws Exception {
    checkLimiterBounds(5, true, true);
  }

  private static void checkLimiterBounds(int max, boolean cancel, boolean useDefault)
      throws Exception {
    int count = 2 * max;
    CapacityLimiter limiter;
    ToThreadOptions.Builder options = ToThreadOptions.builder().abandonOnCancel(cancel);
    if (useDefault) {
      limiter = ToThread.currentDefaultThreadLimiter();
      limiter.setTotalTokens(max);
    } else {
      limiter = new CapacityLimiter(max);
      options.limiter(limiter);
    }
    ToThreadOptions opts = options.build();
    CountDownLatch gate = new CountDownLatch(1);
    Object lock = new Object();
    int[] state = new int[4]; // ran, running, highWater, parked
    CompletableFuture<Void> maxParked = new CompletableFuture<>();
    List<Event> exited = new ArrayList<>();
    try {
      Nursery.open(
          n -> {
            for (int i = 0; i < count; i++) {
              Event done = new Event();
              exited.add(done);
              n.startSoon(
                  () -> {
                    CancelScope scope = new CancelScope();
                    scope.run(
                        () ->
                            ToThread.runSync(
                                opts,
                                () -> {
                                  FromThread.runSync(
                                      () -> {
                                        scope.cancel();
                                        return null;
                                      });
                                  synchronized (lock) {
                                    state[0]++;
                                    state[1]++;
                                    state[2] = Math.max(state[2], state[1]);
                                    state[3]++;
                                    if (state[3] == max) {
                                      maxParked.complete(null);
                                    }
                                  }
                                  gate.await();
                                  synchronized (lock) {
                                    state[3]--;
                                    state[1]--;
                                  }
                                  return null;
                                }));
                    assertEquals(cancel, scope.cancelledCaught());
                    done.set();
                  });
              Lowlevel.waitAllTasksBlocked();
            }
            if (cancel) {
              exited.get(0).await(); // a cancelled caller left; its thread still holds a token
              Lowlevel.waitAllTasksBlocked();
            }
            Futures.await(maxParked);
            Lowlevel.waitAllTasksBlocked();
            synchronized (lock) {
              assertEquals(max, state[3]);
            }
            assertEquals(max, limiter.statistics().tasksWaiting());
            gate.countDown();
          });
      if (cancel) {
        // Abandoned threads may still be finishing; their tokens come back when they have.
        while (limiter.borrowedTokens() > 0) {
          Trio.sleep(Duration.ofMillis(10));
        }
      }
      synchronized (lock) {
        assertEquals(max, state[2]);
        assertEquals(count, state[0]);
        assertEquals(0, state[1]);
      }
    } finally {
      if (useDefault) {
        limiter.setTotalTokens(ToThread.DEFAULT_LIMIT);
      }
    }
  }

  /**
   * A ThreadLimiter around a CapacityLimiter that completes a future when it gives a token back.
   */
  private static final class NotifyingLimiter implements ThreadLimiter {
    private final CapacityLimiter limiter;
    private final CompletableFuture<Void> released;

    NotifyingLimiter(CapacityLimiter limiter, CompletableFuture<Void> released) {
      this.limiter = limiter;
      this.released = released;
    }

    @Override
    public void acquireOnBehalfOf(Object borrower) {
      limiter.acquireOnBehalfOf(borrower);
    }

    @Override
    public void releaseOnBehalfOf(Object borrower) {
      limiter.releaseOnBehalfOf(borrower);
      released.complete(null);
    }
  }
}
