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
import org.trio4j.CancelScope;
import org.trio4j.Cancelled;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.Task;
import org.trio4j.lowlevel.TrioToken;
import org.trio4j.testing.TrioTest;

/** FromThread on worker threads of ToThread.runSync, after Trio's test_threads.py. */
class FromThreadWorkerTest {
  private static final ToThreadOptions ABANDON =
      ToThreadOptions.builder().abandonOnCancel(true).build();

  /**
   * From a worker, run and runSync execute in the very task that called ToThread.runSync (Trio's
   * test_from_thread_reuses_task).
   */
  @TrioTest
  void callsFromAWorkerRunInTheOriginatingTask() {
    Task me = Lowlevel.currentTask();
    assertSame(me, ToThread.runSync(() -> FromThread.runSync(Lowlevel::currentTask)));
    assertSame(
        me,
        ToThread.runSync(
            () ->
                FromThread.run(
                    () -> {
                      Trio.checkpoint();
                      return Lowlevel.currentTask();
                    })));
  }

  /** The worker reaches the same run as its caller (Trio's test_trio_from_thread_token). */
  @TrioTest
  void theWorkerSeesTheCallersToken() {
    TrioToken mine = Lowlevel.currentTrioToken();
    assertSame(mine, ToThread.runSync(() -> FromThread.runSync(Lowlevel::currentTrioToken)));
  }

  /**
   * A function sent back from a worker runs inside the originating task's cancel scopes: it sees
   * their deadline.
   */
  @TrioTest(clock = TrioTest.ClockKind.MOCK)
  void callsFromAWorkerSeeTheOriginatingScope() {
    long deadline = Duration.ofSeconds(5).toNanos();
    long seen =
        CancelScope.withDeadline(deadline)
            .call(() -> ToThread.runSync(() -> FromThread.run(Trio::currentEffectiveDeadline)));
    assertEquals(deadline, seen);
  }

  /** The function's exception reaches the worker unchanged, and the worker may handle it. */
  @TrioTest
  void exceptionsComeBackToTheWorker() {
    String handled =
        ToThread.runSync(
            () -> {
              try {
                return FromThread.<String, IOException>run(
                    () -> {
                      throw new IOException("inside");
                    });
              } catch (IOException e) {
                return "worker caught " + e.getMessage();
              }
            });
    assertEquals("worker caught inside", handled);
  }

  /**
   * A worker that abandons on cancellation cannot count on its task, so its calls run in a system
   * task (run) or on the entry task (runSync), never in the originating task; so do calls with an
   * explicit token.
   */
  @TrioTest
  void abandoningWorkersAndExplicitTokensUseSystemTasks() {
    Task me = Lowlevel.currentTask();
    TrioToken token = Lowlevel.currentTrioToken();
    assertNotSame(me, ToThread.runSync(ABANDON, () -> FromThread.runSync(Lowlevel::currentTask)));
    assertNotSame(me, ToThread.runSync(ABANDON, () -> FromThread.run(Lowlevel::currentTask)));
    assertNotSame(me, ToThread.runSync(() -> FromThread.run(token, () -> Lowlevel.currentTask())));
  }

  /**
   * A function sent back from a worker may itself use ToThread (Trio's test_recursive_to_thread).
   */
  @TrioTest
  void workersCanNest() {
    Thread[] threads =
        ToThread.runSync(
            () ->
                new Thread[] {
                  Thread.currentThread(),
                  FromThread.run(() -> ToThread.runSync(Thread::currentThread))
                });
    assertNotSame(threads[0], threads[1]);
  }

  /**
   * Without abandon: a sync function sent back after the worker cancelled its own scope does not
   * see Cancelled (it has no checkpoint), and the task returns normally (Trio's
   * test_from_thread_host_cancelled, sync case).
   */
  @TrioTest
  void hostCancelledSyncCallWithoutAbandon() {
    CancelScope scope = new CancelScope();
    boolean sawCancelled =
        scope.call(
            () ->
                ToThread.runSync(
                    () -> {
                      FromThread.runSync(
                          () -> {
                            scope.cancel();
                            return null;
                          });
                      try {
                        FromThread.runSync(() -> true);
                        return false;
                      } catch (Cancelled c) {
                        return true;
                      }
                    }));
    assertFalse(sawCancelled);
    assertFalse(scope.cancelledCaught());
  }

  /**
   * With abandon: the task is cancelled at once, and the worker's later sync call still runs (on
   * the entry task) without Cancelled (Trio's test_from_thread_host_cancelled, sync case).
   */
  @TrioTest
  void hostCancelledSyncCallWithAbandon() {
    CancelScope scope = new CancelScope();
    CompletableFuture<Boolean> sawCancelled = new CompletableFuture<>();
    scope.run(
        () ->
            ToThread.runSync(
                ABANDON,
                () -> {
                  FromThread.runSync(
                      () -> {
                        scope.cancel();
                        return null;
                      });
                  try {
                    FromThread.runSync(() -> true);
                    sawCancelled.complete(false);
                  } catch (Cancelled c) {
                    sawCancelled.complete(true);
                  }
                  return null;
                }));
    assertTrue(scope.cancelledCaught());
    assertFalse(Futures.await(sawCancelled));
  }

  /**
   * A blocking function sent back into a cancelled originating scope gets Cancelled at its
   * checkpoint; it travels through the worker back to the task, and the scope catches it (Trio's
   * async_time_bomb).
   */
  @TrioTest
  void cancelledInTheOriginatingScopeTravelsBack() {
    CancelScope scope = new CancelScope();
    scope.run(
        () ->
            ToThread.runSync(
                () ->
                    FromThread.run(
                        () -> {
                          scope.cancel();
                          Trio.failAfter(Duration.ofSeconds(10), Trio::sleepForever);
                          return null;
                        })));
    assertTrue(scope.cancelledCaught());
    assertEquals(0, Trio.currentTime());
  }

  /**
   * Without abandon, a cancellation while the task waits is recorded: checkCancelled then throws in
   * the worker, the Cancelled travels back, and the scope catches it (Trio's
   * test_from_thread_check_cancelled_no_abandon, cancelled case).
   */
  @TrioTest
  void checkCancelledWithoutAbandonSeesTheCancellation() throws Exception {
    assertEquals(List.of("start", "cancelled", "exit"), checkCancelledNoAbandon(true));
  }

  /** Without a cancellation, checkCancelled never throws and the call ends normally. */
  @TrioTest
  void checkCancelledWithoutAbandonWhenNotCancelled() throws Exception {
    assertEquals(List.of("start", "exit"), checkCancelledNoAbandon(false));
  }

  private static List<String> checkCancelledNoAbandon(boolean cancel) throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<String> firstCheck = new CompletableFuture<>();
    CountDownLatch go = new CountDownLatch(1);
    CancelScope scope = new CancelScope();
    Nursery.open(
        n -> {
          n.startSoon(
              () ->
                  scope.run(
                      () -> {
                        log.add("start");
                        try {
                          ToThread.runSync(
                              () -> {
                                try {
                                  FromThread.checkCancelled();
                                  firstCheck.complete("not cancelled");
                                } catch (Cancelled c) {
                                  firstCheck.complete("cancelled too early");
                                }
                                go.await();
                                FromThread.checkCancelled();
                                return null;
                              });
                        } catch (Cancelled c) {
                          log.add("cancelled");
                          throw c;
                        } finally {
                          log.add("exit");
                        }
                      }));
          assertEquals("not cancelled", Futures.await(firstCheck));
          Lowlevel.waitAllTasksBlocked();
          if (cancel) {
            scope.cancel();
          }
          go.countDown();
        });
    assertEquals(cancel, scope.cancelledCaught());
    return log;
  }

  /**
   * With abandon, the task leaves at once and checkCancelled in the still-running worker throws
   * (Trio's test_from_thread_check_cancelled_abandon_on_cancel).
   */
  @TrioTest
  void checkCancelledWithAbandon() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<String> check = new CompletableFuture<>();
    CompletableFuture<Void> running = new CompletableFuture<>();
    CountDownLatch go = new CountDownLatch(1);
    CancelScope scope = new CancelScope();
    Nursery.open(
        n -> {
          n.startSoon(
              () ->
                  scope.run(
                      () -> {
                        log.add("start");
                        try {
                          ToThread.runSync(
                              ABANDON,
                              () -> {
                                running.complete(null);
                                go.await();
                                try {
                                  FromThread.checkCancelled();
                                  check.complete("not cancelled");
                                } catch (Cancelled c) {
                                  check.complete("cancelled");
                                }
                                return null;
                              });
                        } catch (Cancelled c) {
                          log.add("cancelled");
                          throw c;
                        } finally {
                          log.add("exit");
                        }
                      }));
          Futures.await(running);
          scope.cancel();
        });
    assertTrue(scope.cancelledCaught());
    assertEquals(List.of("start", "cancelled", "exit"), log);
    go.countDown();
    assertEquals("cancelled", Futures.await(check));
  }

  /** checkCancelled on a task (not a worker) is a misuse. */
  @TrioTest
  void checkCancelledOnATaskFails() {
    assertThrows(IllegalStateException.class, FromThread::checkCancelled);
  }

  /**
   * Tasks that keep going to threads and back, concurrently, neither deadlock nor lose a call
   * (Trio's test_reentry_doesnt_deadlock).
   */
  @TrioTest
  void reentryDoesNotDeadlock() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Nursery.open(
        n -> {
          for (int t = 0; t < 4; t++) {
            n.startSoon(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    ToThread.runSync(
                        () ->
                            FromThread.run(
                                () -> {
                                  Trio.sleep(Duration.ZERO);
                                  return calls.incrementAndGet();
                                }));
                  }
                });
          }
        });
    assertEquals(200, calls.get());
  }
}
