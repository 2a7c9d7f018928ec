package org.trio4j.lowlevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.trio4j.CancelScope;
import org.trio4j.Cancelled;
import org.trio4j.Nursery;
import org.trio4j.RunOptions;
import org.trio4j.Trio;
import org.trio4j.TrioInternalError;
import org.trio4j.testing.MockClock;
import org.trio4j.testing.TrioTest;

/** Lowlevel.park / reschedule and abort functions (rule F5; test_reschedule, test_failed_abort). */
class ParkRescheduleTest {

  /** A parked task returns the value it is rescheduled with. */
  @TrioTest
  void parkReturnsTheRescheduledValue() throws Exception {
    AtomicReference<Task> parked = new AtomicReference<>();
    List<Object> got = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                parked.set(Lowlevel.currentTask());
                got.add(Lowlevel.park(AbortFunction.NEVER));
              });
          Lowlevel.waitAllTasksBlocked();
          assertEquals(List.of(), got);
          Lowlevel.reschedule(parked.get(), Outcome.value("the value"));
        });
    assertEquals(List.of("the value"), got);
  }

  /** A parked task rescheduled with a failure throws that very exception, checked or not. */
  @TrioTest
  void parkThrowsTheRescheduledFailure() throws Exception {
    AtomicReference<Task> parked = new AtomicReference<>();
    IOException boom = new IOException("error message");
    List<Throwable> got = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                parked.set(Lowlevel.currentTask());
                try {
                  Lowlevel.park(AbortFunction.NEVER);
                } catch (Throwable t) {
                  got.add(t);
                }
              });
          Lowlevel.waitAllTasksBlocked();
          Lowlevel.reschedule(parked.get(), Outcome.failure(boom));
        });
    assertEquals(1, got.size());
    assertSame(boom, got.get(0));
  }

  /**
   * Two tasks wake each other: one parks, the other reschedules it with 0 and parks itself, and the
   * first then reschedules the second with a failure (test_reschedule).
   */
  @TrioTest
  void tasksRescheduleEachOther() throws Exception {
    AtomicReference<Task> t1 = new AtomicReference<>();
    AtomicReference<Task> t2 = new AtomicReference<>();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    IllegalArgumentException err = new IllegalArgumentException("error message");
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                t1.set(Lowlevel.currentTask());
                Object x = Lowlevel.park(AbortFunction.NEVER);
                log.add("child1 woke with " + x);
                Lowlevel.reschedule(t2.get(), Outcome.failure(err));
              });
          Lowlevel.waitAllTasksBlocked();
          n.startSoon(
              () -> {
                t2.set(Lowlevel.currentTask());
                Lowlevel.reschedule(t1.get(), Outcome.value(0));
                try {
                  Lowlevel.park(AbortFunction.NEVER);
                } catch (IllegalArgumentException e) {
                  log.add("child2 woke with " + (e == err ? "the error" : e));
                }
              });
        });
    assertEquals(List.of("child1 woke with 0", "child2 woke with the error"), log);
  }

  /** A reschedule that arrives before the park makes the park return at once with its value. */
  @TrioTest
  void rescheduleBeforeParkReturnsAtOnce() {
    Task me = Lowlevel.currentTask();
    Lowlevel.reschedule(me, Outcome.value(42));
    assertEquals(42, Lowlevel.park(AbortFunction.NEVER));
    Lowlevel.reschedule(me);
    assertNull(Lowlevel.park(AbortFunction.NEVER));
    assertEquals(0, Trio.currentTime());
  }

  /**
   * Rescheduling a task twice for one park throws IllegalStateException, and the park still returns
   * the first outcome.
   */
  @TrioTest
  void rescheduleTwiceIsAnError() {
    Task me = Lowlevel.currentTask();
    Lowlevel.reschedule(me, Outcome.value("first"));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> Lowlevel.reschedule(me, Outcome.value("second")));
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
    assertEquals("first", Lowlevel.park(AbortFunction.NEVER));
  }

  /**
   * Cancelling a parked task calls its abort function exactly once, even when a second enclosing
   * scope is cancelled afterwards; SUCCEEDED wakes it with Cancelled.
   */
  @TrioTest
  void abortFunctionIsCalledOnceAndSucceededMeansCancelled() throws Exception {
    AtomicInteger aborts = new AtomicInteger();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CancelScope outer1 = new CancelScope();
    CancelScope outer2 = new CancelScope();
    outer1.run(
        () ->
            outer2.run(
                () ->
                    Nursery.open(
                        n -> {
                          n.startSoon(
                              () -> {
                                try {
                                  Lowlevel.park(
                                      () -> {
                                        aborts.incrementAndGet();
                                        return Abort.SUCCEEDED;
                                      });
                                } catch (Cancelled c) {
                                  log.add("cancelled");
                                  throw c;
                                }
                              });
                          Lowlevel.waitAllTasksBlocked();
                          CancelScope shield = new CancelScope();
                          shield.setShield(true);
                          shield.run(
                              () -> {
                                outer2.cancel();
                                outer1.cancel();
                                Lowlevel.waitAllTasksBlocked();
                              });
                        })));
    assertEquals(1, aborts.get());
    assertEquals(List.of("cancelled"), log);
    assertTrue(outer1.cancelledCaught());
    assertFalse(outer2.cancelledCaught());
  }

  /**
   * An abort function that returns FAILED leaves the task parked until someone reschedules it; the
   * cancellation is then seen at its next checkpoint (test_failed_abort).
   */
  @TrioTest
  void failedAbortKeepsTheTaskParkedUntilRescheduled() throws Exception {
    AtomicReference<Task> stubborn = new AtomicReference<>();
    AtomicReference<CancelScope> scope = new AtomicReference<>();
    AtomicInteger aborts = new AtomicInteger();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                stubborn.set(Lowlevel.currentTask());
                CancelScope cs = new CancelScope();
                scope.set(cs);
                cs.run(
                    () -> {
                      log.add("sleep");
                      Object x =
                          Lowlevel.park(
                              () -> {
                                aborts.incrementAndGet();
                                return Abort.FAILED;
                              });
                      log.add("woke with " + x);
                      try {
                        Lowlevel.checkpointIfCancelled();
                      } catch (Cancelled c) {
                        log.add("cancelled");
                        throw c;
                      }
                    });
              });
          Lowlevel.waitAllTasksBlocked();
          assertEquals(List.of("sleep"), log);
          scope.get().cancel();
          Lowlevel.waitAllTasksBlocked();
          Trio.sleep(Duration.ofSeconds(1));
          assertEquals(List.of("sleep"), log);
          assertEquals(1, aborts.get());
          Lowlevel.reschedule(stubborn.get(), Outcome.value(1));
        });
    assertEquals(List.of("sleep", "woke with 1", "cancelled"), log);
    assertTrue(scope.get().cancelledCaught());
  }

  /**
   * After a FAILED abort, rescheduling with Outcome.cancelled() wakes the task with Cancelled,
   * which the cancelled scope catches.
   */
  @TrioTest
  void failedAbortThenOutcomeCancelledDeliversCancelled() throws Exception {
    AtomicReference<Task> parked = new AtomicReference<>();
    AtomicReference<CancelScope> scope = new AtomicReference<>();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                CancelScope cs = new CancelScope();
                scope.set(cs);
                cs.run(
                    () -> {
                      parked.set(Lowlevel.currentTask());
                      try {
                        Lowlevel.park(AbortFunction.NEVER);
                      } catch (Cancelled c) {
                        log.add("cancelled");
                        throw c;
                      }
                    });
                log.add("after scope");
              });
          Lowlevel.waitAllTasksBlocked();
          scope.get().cancel();
          Lowlevel.waitAllTasksBlocked();
          assertEquals(List.of(), log);
          Lowlevel.reschedule(parked.get(), Outcome.cancelled());
        });
    assertEquals(List.of("cancelled", "after scope"), log);
    assertTrue(scope.get().cancelledCaught());
  }

  /** A park inside an already-cancelled scope calls the abort function at once, at time 0. */
  @TrioTest
  void parkInCancelledScopeAbortsAtOnce() {
    AtomicInteger aborts = new AtomicInteger();
    CancelScope cs = new CancelScope();
    cs.run(
        () -> {
          cs.cancel();
          Lowlevel.park(
              () -> {
                aborts.incrementAndGet();
                return Abort.SUCCEEDED;
              });
        });
    assertTrue(cs.cancelledCaught());
    assertEquals(1, aborts.get());
    assertEquals(0, Trio.currentTime());
  }

  /** Outcome rejects a null failure and reports what it carries. */
  @TrioTest
  void outcomeFactories() {
    assertThrows(IllegalArgumentException.class, () -> Outcome.failure(null));
    assertTrue(Outcome.cancelled().isCancelled());
    assertEquals("v", Outcome.value("v").value());
    IOException e = new IOException();
    assertSame(e, Outcome.failure(e).failure());
    assertFalse(Outcome.failure(e).isCancelled());
    assertNull(Outcome.value(null).value());
  }

  /** Rescheduling something that is not a trio4j task is an IllegalArgumentException. */
  @TrioTest
  void rescheduleOfAForeignTaskIsRejected() {
    Task fake =
        new Task() {
          @Override
          public String name() {
            return "fake";
          }

          @Override
          public Optional<Nursery> parentNursery() {
            return Optional.empty();
          }

          @Override
          public List<Nursery> childNurseries() {
            return List.of();
          }

          @Override
          public Thread thread() {
            return Thread.currentThread();
          }
        };
    assertThrows(IllegalArgumentException.class, () -> Lowlevel.reschedule(fake));
  }

  /**
   * An abort function that breaks its contract (returns null, or throws) is a TrioInternalError of
   * the run that names the abort function; the parked task is woken, so the run ends instead of
   * hanging (test_broken_abort).
   */
  @Test
  void brokenAbortFunctionIsAnInternalError() {
    IllegalStateException bug = new IllegalStateException("abort bug (expected by the test)");
    List<AbortFunction> broken =
        List.of(
            () -> null,
            () -> {
              throw bug;
            });
    for (AbortFunction abortFn : broken) {
      TrioInternalError e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(10),
              () ->
                  assertThrows(
                      TrioInternalError.class,
                      () ->
                          Trio.run(
                              RunOptions.builder().clock(MockClock.autojumping()).build(),
                              () -> {
                                CancelScope cs = new CancelScope();
                                cs.run(
                                    () -> {
                                      cs.cancel();
                                      Lowlevel.park(abortFn);
                                    });
                                return null;
                              })));
      assertTrue(
          String.valueOf(e.getCause()).contains("abort function"), String.valueOf(e.getCause()));
      for (Throwable s : e.getSuppressed()) {
        assertFalse(s == e.getCause(), "the cause is also attached as suppressed");
      }
    }
  }
}
