package org.trio4j.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.trio4j.CancelScope;
import org.trio4j.Cancelled;
import org.trio4j.RunFinishedException;
import org.trio4j.RunOptions;
import org.trio4j.ThrowingRunnable;
import org.trio4j.Trio;
import org.trio4j.TrioInternalError;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.Task;
import org.trio4j.lowlevel.TrioToken;
import org.trio4j.testing.MockClock;
import org.trio4j.testing.TrioTest;

/** FromThread with an explicit TrioToken, from threads that the run did not start. */
class FromThreadTokenTest {
  /**
   * Runs {@code body} on a new platform thread and waits for it (as a checkpoint) without blocking
   * the task: the body's failure, if any, is rethrown here.
   */
  private static void onForeignThread(ThrowingRunnable<?> body) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                body.run();
                done.complete(null);
              } catch (Throwable e) {
                done.completeExceptionally(e);
              }
            },
            "foreign");
    t.start();
    Futures.await(done);
  }

  /**
   * runSync with a token runs the function on a task of the run while the foreign thread waits, and
   * hands back its value (Trio's test_do_in_trio_thread, sync case).
   */
  @TrioTest
  void runSyncRunsInTheRunAndReturnsTheValue() {
    TrioToken token = Lowlevel.currentTrioToken();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    onForeignThread(
        () -> {
          log.add("start on " + Thread.currentThread().getName());
          int v =
              FromThread.runSync(
                  token,
                  () -> {
                    log.add("fn in task: " + Lowlevel.inTrioTask());
                    return 2;
                  });
          log.add("got " + v);
        });
    assertEquals(List.of("start on foreign", "fn in task: true", "got 2"), log);
  }

  /** An exception thrown by runSync's function reaches the foreign thread unchanged. */
  @TrioTest
  void runSyncRethrowsTheFunctionsException() {
    TrioToken token = Lowlevel.currentTrioToken();
    IOException boom = new IOException("boom");
    AtomicReference<Throwable> caught = new AtomicReference<>();
    onForeignThread(
        () -> {
          try {
            FromThread.runSync(
                token,
                () -> {
                  throw boom;
                });
          } catch (IOException e) {
            caught.set(e);
          }
        });
    assertSame(boom, caught.get());
  }

  /**
   * run with a token runs a function that may block and checkpoint, in a system task: outside the
   * cancel scopes of the task that handed out the token (Trio's test_do_in_trio_thread, async
   * case).
   */
  @TrioTest
  void runRunsABlockingFunctionInASystemTask() {
    TrioToken token = Lowlevel.currentTrioToken();
    Task mainTask = Lowlevel.currentTask();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CancelScope cancelled = new CancelScope();
    cancelled.run(
        () -> {
          cancelled.cancel();
          CancelScope shield = new CancelScope();
          shield.setShield(true);
          shield.run(
              () ->
                  onForeignThread(
                      () -> {
                        long slept =
                            FromThread.run(
                                token,
                                () -> {
                                  log.add("other task: " + (Lowlevel.currentTask() != mainTask));
                                  long t0 = Trio.currentTime();
                                  Trio.sleep(Duration.ofSeconds(3)); // not cancelled
                                  return Trio.currentTime() - t0;
                                });
                        log.add("slept " + Duration.ofNanos(slept));
                      }));
        });
    assertEquals(List.of("other task: true", "slept PT3S"), log);
  }

  /** A checked exception thrown by run's function reaches the foreign thread unchanged. */
  @TrioTest
  void runRethrowsTheFunctionsException() {
    TrioToken token = Lowlevel.currentTrioToken();
    AtomicReference<Throwable> caught = new AtomicReference<>();
    onForeignThread(
        () -> {
          try {
            FromThread.run(
                token,
                () -> {
                  Trio.checkpoint();
                  throw new IOException("from the run");
                });
          } catch (IOException e) {
            caught.set(e);
          }
        });
    assertEquals("from the run", caught.get().getMessage());
  }

  /** Called from a task, every FromThread entry fails at once: the task is already in the run. */
  @TrioTest
  void fromATaskItFails() {
    TrioToken token = Lowlevel.currentTrioToken();
    List<ThrowingRunnable<?>> calls =
        List.of(
            () -> FromThread.run(token, () -> 1),
            () -> FromThread.runSync(token, () -> 1),
            () -> FromThread.run(() -> 1),
            () -> FromThread.runSync(() -> 1));
    for (ThrowingRunnable<?> call : calls) {
      IllegalStateException e = assertThrows(IllegalStateException.class, call::run);
      assertTrue(e.getMessage().contains("already in the run"), e.getMessage());
    }
  }

  /** Without a token, a thread that ToThread did not start cannot find the run. */
  @TrioTest
  void withoutATokenAForeignThreadIsRejected() {
    List<String> messages = Collections.synchronizedList(new ArrayList<>());
    onForeignThread(
        () -> {
          for (ThrowingRunnable<?> call :
              List.<ThrowingRunnable<?>>of(
                  () -> FromThread.run(() -> 1),
                  () -> FromThread.runSync(() -> 1),
                  FromThread::checkCancelled)) {
            try {
              call.run();
              messages.add("no exception");
            } catch (IllegalStateException e) {
              messages.add(e.getMessage().contains("ToThread.runSync") ? "ok" : e.getMessage());
            }
          }
        });
    assertEquals(List.of("ok", "ok", "ok"), messages);
  }

  /** A run has one token; another run has another. */
  @Test
  void oneTokenPerRun() {
    TrioToken[] tokens =
        Trio.run(
            RunOptions.builder().clock(MockClock.autojumping()).build(),
            () -> new TrioToken[] {Lowlevel.currentTrioToken(), Lowlevel.currentTrioToken()});
    assertSame(tokens[0], tokens[1]);
    TrioToken other = Trio.run(Lowlevel::currentTrioToken);
    assertNotSame(tokens[0], other);
  }

  /** After the run, every way back in fails with RunFinishedException instead of hanging. */
  @Test
  void afterTheRunEveryCallFailsWithRunFinished() {
    TrioToken token = Trio.run(Lowlevel::currentTrioToken);
    assertTrue(token.isRunFinished());
    assertThrows(RunFinishedException.class, () -> token.runSyncSoon(() -> {}));
    assertThrows(RunFinishedException.class, () -> FromThread.run(token, () -> 1));
    assertThrows(RunFinishedException.class, () -> FromThread.runSync(token, () -> 1));
  }

  /**
   * The entry task that serves the token starts when the run first hands out its token, once: a run
   * that never does has no such task.
   */
  @TrioTest
  void theEntryTaskStartsWithTheFirstToken() {
    int before = Lowlevel.currentStatistics().tasksLiving();
    Lowlevel.currentTrioToken();
    assertEquals(before + 1, Lowlevel.currentStatistics().tasksLiving());
    Lowlevel.currentTrioToken();
    assertEquals(before + 1, Lowlevel.currentStatistics().tasksLiving());
  }

  /** While the run is going, the token says so. */
  @TrioTest
  void aLiveRunsTokenIsNotFinished() {
    assertEquals(false, Lowlevel.currentTrioToken().isRunFinished());
  }

  /**
   * A function still blocked in a system task when the main task returns is cancelled as the run
   * ends, and the foreign thread gets Cancelled (Trio's
   * test_await_in_trio_thread_while_main_exits).
   */
  @Test
  void aCallStillRunningWhenTheRunEndsIsCancelled() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<Thread> thread = new AtomicReference<>();
    Trio.run(
        RunOptions.builder().clock(MockClock.autojumping()).build(),
        () -> {
          TrioToken token = Lowlevel.currentTrioToken();
          CompletableFuture<Void> sleeping = new CompletableFuture<>();
          Thread t =
              new Thread(
                  () -> {
                    try {
                      FromThread.run(
                          token,
                          () -> {
                            log.add("sleeping");
                            sleeping.complete(null);
                            Trio.sleepForever();
                            return null;
                          });
                    } catch (Cancelled c) {
                      log.add("cancelled");
                    }
                  });
          thread.set(t);
          t.start();
          Futures.await(sleeping);
          return null;
        });
    thread.get().join(10_000);
    assertEquals(List.of("sleeping", "cancelled"), log);
  }

  /**
   * While the system tasks wind down, a foreign thread can still use runSync (the entry queue is
   * open) and run (a new system task, born cancelled): nothing hangs.
   */
  @Test
  void duringShutdownCallsStillComplete() {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Trio.run(
        RunOptions.builder().clock(MockClock.autojumping()).build(),
        () -> {
          TrioToken token = Lowlevel.currentTrioToken();
          Lowlevel.spawnSystemTask(
              "waits for the end",
              () -> {
                try {
                  Trio.sleepForever();
                } finally {
                  CancelScope shield = new CancelScope();
                  shield.setShield(true);
                  shield.run(
                      () ->
                          onForeignThread(
                              () -> {
                                log.add("runSync " + FromThread.runSync(token, () -> 42));
                                try {
                                  FromThread.run(
                                      token,
                                      () -> {
                                        Trio.checkpoint();
                                        return "not cancelled";
                                      });
                                } catch (Cancelled c) {
                                  log.add("run cancelled");
                                }
                              }));
                }
              });
          return null;
        });
    assertEquals(List.of("runSync 42", "run cancelled"), log);
  }

  /** A runSyncSoon callback that throws is a bug: the run fails with TrioInternalError. */
  @Test
  void aThrowingCallbackFailsTheRun() {
    TrioInternalError e =
        assertThrows(
            TrioInternalError.class,
            () ->
                Trio.run(
                    RunOptions.builder().clock(MockClock.autojumping()).build(),
                    () -> {
                      Lowlevel.currentTrioToken()
                          .runSyncSoon(
                              () -> {
                                throw new IllegalStateException("callback bug");
                              });
                      Trio.sleepForever();
                      return null;
                    }));
    assertTrue(e.getCause().getMessage().contains("runSyncSoon"), e.getCause().getMessage());
    assertEquals("callback bug", e.getCause().getCause().getMessage());
  }
}
