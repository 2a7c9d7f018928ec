package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.VirtualTime.seconds;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.TrioTest;

/**
 * The basic life of a {@link CancelScope}: level-triggered cancellation, who catches the {@link
 * Cancelled}, cancelling before entry, reasons, and single entry (Trio's {@code test_run.py}:
 * {@code test_cancel_scope_repr}, {@code test_cancel_unbound}, {@code test_basic_timeout}; rules
 * A4, B1, B3, B5, B8, B10 of TRIO-REFERENCE.md).
 */
class CancelScopeTest {

  /** Every checkpoint inside a cancelled scope throws, again and again, until the scope exits. */
  @TrioTest
  void cancellationIsLevelTriggered() {
    CancelScope scope = new CancelScope();
    List<String> log = new ArrayList<>();
    scope.run(
        () -> {
          scope.cancel();
          for (int i = 0; i < 3; i++) {
            assertThrows(Cancelled.class, Trio::checkpoint);
            log.add("checkpoint " + i);
          }
          assertThrows(Cancelled.class, () -> Trio.sleep(Duration.ZERO));
          assertThrows(Cancelled.class, () -> Trio.sleep(Duration.ofSeconds(1)));
          assertThrows(Cancelled.class, Trio::sleepForever);
          assertThrows(Cancelled.class, Lowlevel::checkpointIfCancelled);
          log.add("still cancelled");
          Trio.checkpoint();
          log.add("not reached");
        });
    assertEquals(List.of("checkpoint 0", "checkpoint 1", "checkpoint 2", "still cancelled"), log);
    assertTrue(scope.cancelCalled());
    assertTrue(scope.cancelledCaught());
    assertEquals(0, Trio.currentTime());
  }

  /** Once the cancelled scope has been left, checkpoints after it return normally. */
  @TrioTest
  void checkpointsAfterTheCancelledScopeDoNotThrow() {
    CancelScope scope = new CancelScope();
    scope.run(
        () -> {
          scope.cancel();
          Trio.checkpoint();
        });
    assertTrue(scope.cancelledCaught());
    Trio.checkpoint();
    Lowlevel.checkpointIfCancelled();
    Trio.sleep(Duration.ofSeconds(1));
    assertEquals(seconds(1), Trio.currentTime());
  }

  /** checkpoint() and checkpointIfCancelled() return normally in code that is not cancelled. */
  @TrioTest
  void checkpointsDoNotThrowWhenNotCancelled() {
    CancelScope scope = new CancelScope();
    scope.run(
        () -> {
          for (int i = 0; i < 200; i++) {
            Trio.checkpoint();
            Lowlevel.checkpointIfCancelled();
            Lowlevel.cancelShieldedCheckpoint();
          }
        });
    assertFalse(scope.cancelCalled());
    assertFalse(scope.cancelledCaught());
  }

  /**
   * A body that catches every Cancelled and ends normally leaves cancelledCaught false: the flag
   * records that a Cancelled reached the scope, not that it was cancelled.
   */
  @TrioTest
  void cancelledCaughtIsFalseWhenTheBodySwallowsTheCancellation() {
    CancelScope scope = new CancelScope();
    scope.run(
        () -> {
          scope.cancel();
          try {
            Trio.checkpoint();
          } catch (Cancelled expected) {
            // swallowed on purpose
          }
        });
    assertTrue(scope.cancelCalled());
    assertFalse(scope.cancelledCaught());
  }

  /** Cancelled is an Error, so catch (Exception e) in user code does not swallow it. */
  @TrioTest
  void catchExceptionDoesNotSwallowCancelled() {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CancelScope scope = new CancelScope();
    scope.run(
        () -> {
          scope.cancel();
          try {
            Trio.checkpoint();
          } catch (Exception e) {
            log.add("swallowed " + e);
          }
          log.add("after");
        });
    assertEquals(List.of(), log);
    assertTrue(scope.cancelledCaught());
    assertTrue(Error.class.isAssignableFrom(Cancelled.class));
    assertFalse(Exception.class.isAssignableFrom(Cancelled.class));
  }

  /** Users cannot construct a Cancelled: it has no public constructor. */
  @Test
  void cancelledHasNoPublicConstructor() {
    assertEquals(0, Cancelled.class.getConstructors().length);
  }

  /** A scope cancelled before it is entered throws at the first checkpoint inside, not before. */
  @TrioTest
  void cancelBeforeEntryThrowsAtTheFirstCheckpoint() {
    List<String> log = new ArrayList<>();
    CancelScope scope = new CancelScope();
    scope.cancel();
    assertTrue(scope.cancelCalled());
    scope.run(
        () -> {
          log.add("entered");
          Trio.checkpoint();
          log.add("after checkpoint");
        });
    assertEquals(List.of("entered"), log);
    assertTrue(scope.cancelledCaught());
  }

  /**
   * A scope cancelled before entry whose body has no checkpoint completes, and cancelledCaught
   * stays false.
   */
  @TrioTest
  void cancelBeforeEntryWithoutCheckpointIsNotDelivered() {
    CancelScope scope = new CancelScope();
    scope.cancel();
    String value = scope.call(() -> "done");
    assertEquals("done", value);
    assertTrue(scope.cancelCalled());
    assertFalse(scope.cancelledCaught());
  }

  /**
   * A scope cancelled before entry and used by a child task cancels the child's sleep without
   * tripping an enclosing timeout (Trio's test_cancel_unbound, "cancel before entry").
   */
  @TrioTest
  void scopeCancelledBeforeEntryWorksInAChildTask() throws Exception {
    CancelScope scope = new CancelScope();
    scope.cancel();
    Nursery.open(
        n ->
            n.startSoon(
                () -> scope.run(() -> Trio.failAfter(Duration.ofSeconds(1), Trio::sleepForever))));
    assertTrue(scope.cancelledCaught());
    assertEquals(0, Trio.currentTime());
  }

  /**
   * Another task cancelling a scope wakes the task sleeping in it at once (Trio's
   * test_cancel_unbound, "cancel after entry").
   */
  @TrioTest
  void cancelFromAnotherTaskWakesTheSleeper() throws Exception {
    CancelScope scope = new CancelScope();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                scope.run(Trio::sleepForever);
                log.add("woke at " + Trio.currentTime());
              });
          Lowlevel.waitAllTasksBlocked();
          assertEquals(List.of(), log);
          scope.cancel();
        });
    assertEquals(List.of("woke at 0"), log);
    assertTrue(scope.cancelledCaught());
  }

  /** cancel() may be called from a thread outside the run, and still wakes the sleeper. */
  @TrioTest
  void cancelFromAThreadOutsideTheRun() throws Exception {
    CancelScope scope = new CancelScope();
    Nursery.open(
        n -> {
          n.startSoon(() -> scope.run(Trio::sleepForever));
          Lowlevel.waitAllTasksBlocked();
          Thread outsider = Thread.ofPlatform().start(() -> scope.cancel("from outside"));
          outsider.join();
        });
    assertTrue(scope.cancelledCaught());
    assertEquals(0, Trio.currentTime());
  }

  /** The first reason given to cancel wins, and the Cancelled's message contains it. */
  @TrioTest
  void firstCancelReasonIsKeptAndAppearsInTheMessage() {
    CancelScope scope = new CancelScope();
    AtomicReference<Cancelled> seen = new AtomicReference<>();
    scope.run(
        () -> {
          scope.cancel("the first reason");
          scope.cancel("the second reason");
          scope.cancel();
          seen.set(assertThrows(Cancelled.class, Trio::checkpoint));
          Trio.checkpoint();
        });
    String message = seen.get().getMessage();
    assertTrue(message.contains("the first reason"), message);
    assertFalse(message.contains("the second reason"), message);
    assertTrue(scope.toString().contains("the first reason"), scope.toString());
  }

  /** A Cancelled caused by an expired deadline says so in its message. */
  @TrioTest
  void deadlineCancellationMessageMentionsTheDeadline() {
    AtomicReference<Cancelled> seen = new AtomicReference<>();
    CancelScope.withTimeout(Duration.ofSeconds(1))
        .run(
            () -> {
              seen.set(assertThrows(Cancelled.class, Trio::sleepForever));
              Trio.checkpoint();
            });
    assertTrue(seen.get().getMessage().contains("deadline"), seen.get().getMessage());
  }

  /** call() returns the body's value, or null when the scope caught a cancellation. */
  @TrioTest
  void callReturnsTheValueOrNullWhenCancelled() {
    assertEquals("value", new CancelScope().call(() -> "value"));
    CancelScope scope = new CancelScope();
    String cut =
        scope.call(
            () -> {
              scope.cancel();
              Trio.checkpoint();
              return "not reached";
            });
    assertNull(cut);
    assertTrue(scope.cancelledCaught());
  }

  /**
   * An exception of the body's own passes through a cancelled scope unchanged, and the scope does
   * not claim to have caught a cancellation.
   */
  @TrioTest
  void bodyExceptionsPassThroughEvenWhenCancelled() {
    IOException failure = new IOException("disk on fire");
    CancelScope scope = new CancelScope();
    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                scope.run(
                    () -> {
                      scope.cancel();
                      throw failure;
                    }));
    assertSame(failure, thrown);
    assertTrue(scope.cancelCalled());
    assertFalse(scope.cancelledCaught());
  }

  /** Entering a scope a second time, from inside it or after it ended, is an error. */
  @TrioTest
  void aScopeCanBeEnteredOnlyOnce() {
    CancelScope scope = new CancelScope();
    scope.run(
        () -> {
          IllegalStateException inside =
              assertThrows(IllegalStateException.class, () -> scope.run(() -> {}));
          assertTrue(inside.getMessage().contains("only once"), inside.getMessage());
        });
    IllegalStateException after =
        assertThrows(IllegalStateException.class, () -> scope.call(() -> 1));
    assertTrue(after.getMessage().contains("only once"), after.getMessage());
    assertFalse(scope.cancelCalled());
  }

  /** A scope that another task is inside cannot be entered by a second task. */
  @TrioTest
  void aScopeCannotBeEnteredByTwoTasks() throws Exception {
    CancelScope scope = new CancelScope();
    Nursery.open(
        n -> {
          n.startSoon(() -> scope.run(Trio::sleepForever));
          Lowlevel.waitAllTasksBlocked();
          assertThrows(IllegalStateException.class, () -> scope.run(() -> {}));
          scope.cancel();
        });
    assertTrue(scope.cancelledCaught());
  }

  /**
   * Cancelling a scope after it has been left records cancelCalled but has no effect (Trio's
   * test_cancel_unbound, "can't reuse").
   */
  @TrioTest
  void cancelAfterExitHasNoEffect() {
    CancelScope scope = new CancelScope();
    scope.run(Trio::checkpoint);
    scope.cancel();
    Trio.checkpoint();
    assertTrue(scope.cancelCalled());
    assertFalse(scope.cancelledCaught());
  }

  /** Using a scope outside a run fails at once with IllegalStateException, never a hang. */
  @Test
  void usingAScopeOutsideARunFails() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new CancelScope().run(() -> {}));
    assertTrue(e.getMessage().contains("Trio.run"), e.getMessage());
    assertThrows(IllegalStateException.class, Trio::checkpoint);
  }

  /** toString shows whether the scope is unentered, active or exited, and its configuration. */
  @TrioTest
  void toStringDescribesTheScope() {
    CancelScope scope = CancelScope.withDeadline(seconds(5));
    assertTrue(scope.toString().contains("unentered"), scope.toString());
    scope.run(
        () -> {
          scope.setShield(true);
          String s = scope.toString();
          assertTrue(s.contains("active"), s);
          assertTrue(s.contains("shield"), s);
          assertTrue(s.contains("deadline=" + seconds(5)), s);
        });
    assertTrue(scope.toString().contains("exited"), scope.toString());
    CancelScope relative = CancelScope.withTimeout(Duration.ofSeconds(2));
    assertTrue(relative.toString().contains("PT2S"), relative.toString());
  }
}
