package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.trio4j.testing.TrioTest;

/**
 * The bridge from trio4j cancellation to JDK interrupts (DESIGN rule 12, rule 18; ADR 0001): a task
 * blocked in plain JDK code inside a cancelled scope is interrupted, an InterruptedException that
 * leaves the scope is its cancellation, and no interrupt outlives the cancellation that caused it.
 *
 * <p>These tests block in real JDK calls ({@code Thread.sleep}, {@code BlockingQueue.take}, {@code
 * Future.get}); each is cancelled explicitly by another task after a {@link CountDownLatch}
 * handshake, so nothing depends on timing. The blocking calls are long (a minute) so that a broken
 * bridge fails the test by its timeout rather than by luck.
 *
 * <p>The handshake needs two tasks running at once, so those tests run in parallel mode only: in
 * cooperative mode a task blocked in foreign code holds the run and no other task can cancel it;
 * there only a deadline reaches it (CooperativeSchedulingTest covers that).
 */
@Timeout(10)
class InterruptBridgeTest {
  private static final long LONG_MILLIS = 60_000;

  /** Runs {@code blocker} in a scope in a child task, and cancels the scope once it is in. */
  private static CancelScope cancelWhileBlocked(
      ThrowingRunnable<Exception> blocker, List<String> log) throws Exception {
    CancelScope scope = new CancelScope();
    CountDownLatch inside = new CountDownLatch(1);
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                scope.run(
                    () -> {
                      inside.countDown();
                      blocker.run();
                      log.add("blocking call returned");
                    });
                log.add("after scope, interrupted=" + Thread.currentThread().isInterrupted());
              });
          inside.await();
          scope.cancel();
        });
    return scope;
  }

  /**
   * A task in Thread.sleep inside a cancelled scope is interrupted, the scope catches, and the code
   * after the scope sees no interrupt.
   */
  @TrioTest(scheduling = RunOptions.Scheduling.PARALLEL)
  void threadSleepIsInterrupted() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CancelScope scope = cancelWhileBlocked(() -> Thread.sleep(LONG_MILLIS), log);
    assertTrue(scope.cancelledCaught());
    assertEquals(List.of("after scope, interrupted=false"), log);
  }

  /** A task in BlockingQueue.take inside a cancelled scope is interrupted and the scope catches. */
  @TrioTest(scheduling = RunOptions.Scheduling.PARALLEL)
  void blockingQueueTakeIsInterrupted() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    CancelScope scope = cancelWhileBlocked(queue::take, log);
    assertTrue(scope.cancelledCaught());
    assertEquals(List.of("after scope, interrupted=false"), log);
  }

  /** A task in Future.get inside a cancelled scope is interrupted and the scope catches. */
  @TrioTest(scheduling = RunOptions.Scheduling.PARALLEL)
  void futureGetIsInterrupted() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<String> never = new CompletableFuture<>();
    CancelScope scope = cancelWhileBlocked(never::get, log);
    assertTrue(scope.cancelledCaught());
    assertEquals(List.of("after scope, interrupted=false"), log);
  }

  /**
   * The interrupt escapes as the scope's Cancelled, with the InterruptedException kept as its
   * cause, when an enclosing scope sees it.
   */
  @TrioTest(scheduling = RunOptions.Scheduling.PARALLEL)
  void interruptedExceptionBecomesCancelledWithTheInterruptAsCause() throws Exception {
    AtomicReference<Throwable> seen = new AtomicReference<>();
    CancelScope outer = new CancelScope();
    CountDownLatch inside = new CountDownLatch(1);
    Nursery.open(
        n -> {
          n.startSoon(
              () ->
                  outer.run(
                      () -> {
                        try {
                          new CancelScope()
                              .run(
                                  () -> {
                                    inside.countDown();
                                    Thread.sleep(LONG_MILLIS);
                                  });
                        } catch (Cancelled c) {
                          seen.set(c);
                          throw c;
                        }
                      }));
          inside.await();
          outer.cancel();
        });
    assertTrue(outer.cancelledCaught());
    assertInstanceOf(Cancelled.class, seen.get());
    assertInstanceOf(InterruptedException.class, seen.get().getCause());
  }

  /**
   * A body that was interrupted by a cancellation but finished without noticing leaves no interrupt
   * behind when its scope exits.
   */
  @TrioTest(scheduling = RunOptions.Scheduling.PARALLEL)
  void unobservedInterruptIsClearedOnScopeExit() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CancelScope scope = new CancelScope();
    CountDownLatch inside = new CountDownLatch(1);
    AtomicBoolean cancelled = new AtomicBoolean();
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                scope.run(
                    () -> {
                      inside.countDown();
                      while (!cancelled.get()) {
                        Thread.yield();
                      }
                      log.add("inside, interrupted=" + Thread.currentThread().isInterrupted());
                    });
                log.add("after, interrupted=" + Thread.currentThread().isInterrupted());
              });
          inside.await();
          scope.cancel();
          cancelled.set(true);
        });
    assertEquals(List.of("inside, interrupted=true", "after, interrupted=false"), log);
    assertTrue(scope.cancelCalled());
    assertFalse(scope.cancelledCaught());
  }

  /**
   * A task blocked in JDK code inside a shielded scope is not interrupted when an outer scope is
   * cancelled; the outer cancellation reaches it after it leaves the shield.
   */
  @TrioTest(scheduling = RunOptions.Scheduling.PARALLEL)
  void shieldedTaskIsNotInterrupted() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    CancelScope outer = new CancelScope();
    CountDownLatch inside = new CountDownLatch(1);
    Nursery.open(
        n -> {
          n.startSoon(
              () ->
                  outer.run(
                      () -> {
                        CancelScope shield = new CancelScope();
                        shield.setShield(true);
                        shield.run(
                            () -> {
                              inside.countDown();
                              log.add("took " + queue.take());
                              log.add("interrupted=" + Thread.currentThread().isInterrupted());
                            });
                        Trio.checkpoint();
                        log.add("not reached");
                      }));
          inside.await();
          outer.cancel();
          // cancel() delivers interrupts synchronously: had the shield leaked, the flag is set now.
          queue.put("item");
        });
    assertEquals(List.of("took item", "interrupted=false"), log);
    assertTrue(outer.cancelledCaught());
  }

  /**
   * A child started in an already-cancelled nursery that goes straight into Thread.sleep is
   * interrupted, and its cancellation is caught by the nursery's scope.
   */
  @TrioTest
  void childOfACancelledNurseryIsInterruptedInThreadSleep() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CancelScope[] nurseryScope = new CancelScope[1];
    Nursery.open(
        n -> {
          nurseryScope[0] = n.cancelScope();
          n.cancelScope().cancel();
          n.startSoon(
              () -> {
                log.add("started");
                Thread.sleep(LONG_MILLIS);
                log.add("slept");
              });
        });
    assertEquals(List.of("started"), log);
    assertTrue(nurseryScope[0].cancelledCaught());
  }

  /**
   * A child started in an already-cancelled nursery that enters a shield first sees no interrupt
   * there, and is interrupted again in JDK code once it has left the shield.
   */
  @TrioTest
  void childOfACancelledNurseryIsNotInterruptedInsideAShield() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.cancelScope().cancel();
          n.startSoon(
              () -> {
                CancelScope shield = new CancelScope();
                shield.setShield(true);
                shield.run(
                    () ->
                        log.add("shielded, interrupted=" + Thread.currentThread().isInterrupted()));
                try {
                  Thread.sleep(LONG_MILLIS);
                  log.add("slept");
                } catch (InterruptedException e) {
                  log.add("interrupted after the shield");
                  throw e;
                }
              });
        });
    assertEquals(List.of("shielded, interrupted=false", "interrupted after the shield"), log);
  }

  /**
   * Leaving a shield into a scope that was cancelled meanwhile makes JDK blocking calls
   * interruptible again: the cancellation is level-triggered for them too.
   */
  @TrioTest
  void leavingAShieldIntoACancelledScopeRestoresTheInterrupt() throws Exception {
    List<String> log = new ArrayList<>();
    CancelScope outer = new CancelScope();
    outer.run(
        () -> {
          outer.cancel();
          CancelScope shield = new CancelScope();
          shield.setShield(true);
          shield.run(
              () -> {
                Trio.sleep(Duration.ofSeconds(1));
                log.add("shielded, interrupted=" + Thread.currentThread().isInterrupted());
              });
          log.add("left the shield, interrupted=" + Thread.currentThread().isInterrupted());
          Thread.sleep(LONG_MILLIS);
          log.add("not reached");
        });
    assertEquals(List.of("shielded, interrupted=false", "left the shield, interrupted=true"), log);
    assertTrue(outer.cancelledCaught());
    assertFalse(Thread.currentThread().isInterrupted());
  }

  /**
   * After a Cancelled from a checkpoint, a JDK blocking call in a finally block is interrupted too
   * (level-triggered), even after user code caught an earlier InterruptedException.
   */
  @TrioTest(scheduling = RunOptions.Scheduling.PARALLEL)
  void jdkCallsInFinallyAfterCancelledAreInterrupted() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CancelScope scope = new CancelScope();
    CountDownLatch inside = new CountDownLatch(1);
    Nursery.open(
        n -> {
          n.startSoon(
              () ->
                  scope.run(
                      () -> {
                        try {
                          inside.countDown();
                          Thread.sleep(LONG_MILLIS);
                        } catch (InterruptedException e) {
                          log.add("first interrupt caught");
                        }
                        try {
                          Trio.checkpoint();
                        } finally {
                          try {
                            Thread.sleep(LONG_MILLIS);
                            log.add("finally slept");
                          } catch (InterruptedException e) {
                            log.add("finally interrupted");
                          }
                        }
                      }));
          inside.await();
          scope.cancel();
        });
    assertEquals(List.of("first interrupt caught", "finally interrupted"), log);
    assertTrue(scope.cancelledCaught());
  }

  /**
   * A Cancelled that user code catches leaves the interrupt set, so a later JDK blocking call in
   * the same cancelled scope is interrupted, and that InterruptedException is the scope's
   * cancellation.
   */
  @TrioTest
  void jdkCallAfterCaughtCancelledIsInterrupted() throws Exception {
    List<String> log = new ArrayList<>();
    CancelScope scope = new CancelScope();
    BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    scope.run(
        () -> {
          scope.cancel();
          try {
            Trio.checkpoint();
          } catch (Cancelled c) {
            log.add("cancelled");
          }
          queue.take();
          log.add("not reached");
        });
    assertEquals(List.of("cancelled"), log);
    assertTrue(scope.cancelledCaught());
    assertFalse(Thread.currentThread().isInterrupted());
  }

  /**
   * Interrupting the thread that called Trio.run cancels the run, lets every finally block run, and
   * makes Trio.run throw KeyboardInterrupt.
   */
  @Test
  void interruptingTheRunThreadThrowsKeyboardInterrupt() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    InterruptedRun.Result r =
        InterruptedRun.of(
            RunOptions.DEFAULT,
            running -> {
              Nursery.open(
                  n -> {
                    n.startSoon(
                        () -> {
                          try {
                            Trio.sleepForever();
                          } finally {
                            log.add("child finally");
                          }
                        });
                    try {
                      running.run();
                      Trio.sleepForever();
                    } finally {
                      log.add("main finally");
                    }
                  });
              return "not reached";
            });
    assertInstanceOf(KeyboardInterrupt.class, r.outcome());
    assertEquals(List.of("child finally", "main finally"), sorted(log));
  }

  private static List<String> sorted(List<String> log) {
    List<String> copy = new ArrayList<>(log);
    Collections.sort(copy);
    return copy;
  }

  /**
   * An interrupted run ends in KeyboardInterrupt even when main swallows its cancellation and
   * returns a value (Trio raises KeyboardInterrupt whatever the main task did).
   */
  @Test
  void interruptedRunThrowsKeyboardInterruptEvenIfMainSwallowsTheCancellation() throws Exception {
    InterruptedRun.Result r =
        InterruptedRun.of(
            RunOptions.DEFAULT,
            running -> {
              try {
                running.run();
                Trio.sleepForever();
              } catch (Cancelled swallowed) {
                // deliberately swallowed: the run must still report the interrupt
              }
              return "swallowed";
            });
    assertInstanceOf(KeyboardInterrupt.class, r.outcome());
  }
}
