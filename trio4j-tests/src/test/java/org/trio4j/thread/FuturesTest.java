package org.trio4j.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.VirtualTime.seconds;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.trio4j.CancelScope;
import org.trio4j.Cancelled;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.TrioTest;

class FuturesTest {

  /** A future that is already complete gives its value at once, without the clock moving. */
  @TrioTest
  void completedFutureReturnsItsValue() {
    assertEquals("done", Futures.await(CompletableFuture.completedFuture("done")));
    assertEquals(0, Trio.currentTime());
  }

  /** Awaiting is a checkpoint: in a cancelled scope it throws Cancelled even for a done future. */
  @TrioTest
  void awaitingADoneFutureInACancelledScopeIsCancelled() {
    CancelScope scope = new CancelScope();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    scope.run(
        () -> {
          scope.cancel();
          log.add("got " + Futures.await(CompletableFuture.completedFuture("x")));
        });
    assertTrue(scope.cancelledCaught());
    assertEquals(List.of(), log);
  }

  /**
   * The waiting task parks (counts as blocked), so the autojumping clock reaches the completing
   * task's deadline: the value arrives at exactly 1 s.
   */
  @TrioTest
  void waitsUntilAnotherTaskCompletesTheFuture() throws Exception {
    CompletableFuture<Integer> f = new CompletableFuture<>();
    AtomicReference<Integer> got = new AtomicReference<>();
    Nursery.open(
        n -> {
          n.startSoon(() -> got.set(Futures.await(f)));
          n.startSoon(
              () -> {
                Trio.sleep(Duration.ofSeconds(1));
                f.complete(42);
              });
        });
    assertEquals(42, got.get());
    assertEquals(seconds(1), Trio.currentTime());
  }

  /** A future completed by a thread outside the run wakes the parked task with its value. */
  @TrioTest
  void aForeignThreadCanCompleteTheFuture() throws Exception {
    CompletableFuture<String> f = new CompletableFuture<>();
    AtomicReference<String> got = new AtomicReference<>();
    Nursery.open(
        n -> {
          n.startSoon(() -> got.set(Futures.await(f)));
          Lowlevel.waitAllTasksBlocked();
          Thread t = new Thread(() -> f.complete("from outside"));
          t.start();
        });
    assertEquals("from outside", got.get());
  }

  /** A checked failure comes out unwrapped and unchanged, so that catch (IOException) works. */
  @TrioTest
  void failuresAreThrownUnwrapped() {
    IOException boom = new IOException("boom");
    CompletableFuture<String> direct = CompletableFuture.failedFuture(boom);
    IOException e1 = assertThrows(IOException.class, () -> Futures.await(direct));
    assertSame(boom, e1);

    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> dependent =
        source.thenApply(
            s -> {
              throw new IllegalArgumentException("bad " + s);
            });
    source.complete("input");
    IllegalArgumentException e2 =
        assertThrows(IllegalArgumentException.class, () -> Futures.await(dependent));
    assertEquals("bad input", e2.getMessage());
  }

  /** A failure that arrives while the task is parked is unwrapped too. */
  @TrioTest
  void failureArrivingLaterIsThrownUnwrapped() throws Exception {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> dependent = source.thenApply(s -> s + "!");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    IOException boom = new IOException("late");
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                try {
                  Futures.await(dependent);
                } catch (Throwable t) {
                  thrown.set(t);
                }
              });
          Lowlevel.waitAllTasksBlocked();
          source.completeExceptionally(boom);
        });
    assertSame(boom, thrown.get());
  }

  /** A future cancelled by someone else makes await throw that CancellationException. */
  @TrioTest
  void aCancelledFutureThrowsCancellationException() {
    CompletableFuture<String> f = new CompletableFuture<>();
    f.cancel(false);
    assertThrows(CancellationException.class, () -> Futures.await(f));
  }

  /** A deadline cancels the wait at exactly that time and, by default, leaves the future alone. */
  @TrioTest
  void cancellationStopsTheWaitAndLeavesTheFuture() {
    CompletableFuture<String> f = new CompletableFuture<>();
    boolean completed = Trio.moveOnAfter(Duration.ofSeconds(3), () -> Futures.await(f));
    assertFalse(completed);
    assertEquals(seconds(3), Trio.currentTime());
    assertFalse(f.isDone());
  }

  /** With cancelFutureOnCancel, cancelling the wait cancels the future too. */
  @TrioTest
  void cancellationCanCancelTheFuture() {
    CompletableFuture<String> f = new CompletableFuture<>();
    boolean completed = Trio.moveOnAfter(Duration.ofSeconds(1), () -> Futures.await(f, true));
    assertFalse(completed);
    assertTrue(f.isCancelled());
  }

  /**
   * After a cancelled wait, completing the old future must not wake the task again: the next sleep
   * lasts its full second.
   */
  @TrioTest
  void aLateCompletionDoesNotWakeTheTaskAgain() {
    CompletableFuture<String> f = new CompletableFuture<>();
    Trio.moveOnAfter(Duration.ofSeconds(1), () -> Futures.await(f));
    f.complete("late"); // runs the dependent callback on this thread, now
    Trio.sleep(Duration.ofSeconds(1));
    assertEquals(seconds(2), Trio.currentTime());
  }

  /**
   * Completion (on a foreign thread) and cancellation racing: every wait ends exactly once, with
   * either the value or Cancelled, and the task's next park is unaffected.
   */
  @TrioTest
  void completionRacingCancellationWakesExactlyOnce() throws Exception {
    AtomicInteger values = new AtomicInteger();
    AtomicInteger cancels = new AtomicInteger();
    java.util.Random random = new java.util.Random(42);
    int rounds = 200;
    for (int i = 0; i < rounds; i++) {
      CompletableFuture<Integer> f = new CompletableFuture<>();
      CancelScope scope = new CancelScope();
      int spins = random.nextInt(2000);
      int checkpoints = random.nextInt(3);
      boolean waitFirst = i % 4 == 0;
      Nursery.open(
          n -> {
            n.startSoon(
                () -> {
                  scope.run(() -> values.addAndGet(Futures.await(f)));
                  if (scope.cancelledCaught()) {
                    cancels.incrementAndGet();
                  }
                  // A stray second wake-up would cut this task's next park short.
                  long t0 = Trio.currentTime();
                  Trio.sleep(Duration.ofSeconds(1));
                  if (Trio.currentTime() - t0 != seconds(1)) {
                    throw new AssertionError("the sleep after the wait was cut short");
                  }
                });
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int s = 0; s < spins; s++) {
                        Thread.onSpinWait();
                      }
                      f.complete(1);
                    });
            if (waitFirst) {
              Futures.await(f); // the completion has certainly won; cancelling must not matter
            }
            for (int c = 0; c < checkpoints; c++) {
              Trio.checkpoint();
            }
            scope.cancel();
          });
    }
    assertEquals(rounds, values.get() + cancels.get());
    assertTrue(values.get() > 0 && cancels.get() > 0, values + " values, " + cancels + " cancels");
  }

  /** A plain Future (FutureTask) is awaited through a helper: its value comes back. */
  @TrioTest
  void plainFutureValue() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FutureTask<String> task =
        new FutureTask<>(
            () -> {
              release.await();
              return "computed";
            });
    new Thread(task).start();
    AtomicReference<String> got = new AtomicReference<>();
    Nursery.open(
        n -> {
          n.startSoon(() -> got.set(Futures.await(task)));
          Lowlevel.waitAllTasksBlocked();
          assertEquals(null, got.get());
          release.countDown();
        });
    assertEquals("computed", got.get());
  }

  /** A plain Future's ExecutionException is stripped: the computation's own exception comes out. */
  @TrioTest
  void plainFutureFailureIsUnwrapped() {
    IOException boom = new IOException("disk");
    FutureTask<String> task =
        new FutureTask<>(
            () -> {
              throw boom;
            });
    new Thread(task).start();
    IOException e = assertThrows(IOException.class, () -> Futures.await((Future<String>) task));
    assertSame(boom, e);
  }

  /**
   * Cancelling the wait for a plain Future stops it, and with cancelFutureOnCancel cancels (and so
   * interrupts) the computation.
   */
  @TrioTest
  void plainFutureCancellation() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    FutureTask<String> task =
        new FutureTask<>(
            () -> {
              running.countDown();
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException e) {
                interrupted.countDown();
              }
              return "unreachable";
            });
    Thread worker = new Thread(task);
    worker.start();
    awaitUninterruptibly(running);
    CancelScope scope = new CancelScope();
    scope.run(
        () -> {
          scope.cancel();
          Futures.await((Future<String>) task, false); // cancelled on entry: future untouched
        });
    assertFalse(task.isDone());
    boolean completed =
        Trio.moveOnAfter(Duration.ofSeconds(1), () -> Futures.await((Future<String>) task, true));
    assertFalse(completed);
    assertTrue(task.isCancelled());
    awaitUninterruptibly(interrupted);
    worker.join();
  }

  /** Outside a run, await fails at once with a clear message. */
  @Test
  void outsideARunItFails() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> Futures.await(CompletableFuture.completedFuture(1)));
    assertTrue(e.getMessage().contains("Trio.run"), e.getMessage());
  }

  /** Cancelled is what a cancelled wait throws, and only the scope that caused it catches it. */
  @TrioTest
  void theCancelledIsCaughtByTheScopeThatCausedIt() {
    CancelScope outer = new CancelScope();
    AtomicReference<Throwable> seen = new AtomicReference<>();
    outer.run(
        () -> {
          CancelScope inner = new CancelScope();
          try {
            inner.run(
                () -> {
                  outer.cancel();
                  Futures.await(new CompletableFuture<String>());
                });
          } catch (Cancelled c) {
            seen.set(c);
            throw c;
          }
        });
    assertTrue(outer.cancelledCaught());
    assertTrue(seen.get() instanceof Cancelled);
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
