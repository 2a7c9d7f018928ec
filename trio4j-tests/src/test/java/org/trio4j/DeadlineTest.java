package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.VirtualTime.seconds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.MockClock;
import org.trio4j.testing.TrioTest;

/**
 * Deadlines of cancel scopes: absolute and relative, set before or after entry, moved while the
 * block runs, and the effective deadline of nested scopes (Trio's {@code test_run.py}: {@code
 * test_basic_timeout}, {@code test_cancel_scope_deadline...}; {@code test_timeouts.py}: {@code
 * test_timeout_deadline_on_entry}; rules B5, B6, B7).
 */
class DeadlineTest {

  /** A deadline equal to the current time at entry cancels the scope on entry. */
  @TrioTest
  void deadlineAtEntryTimeCancels(MockClock clock) {
    clock.jump(Duration.ofSeconds(3));
    CancelScope scope = CancelScope.withDeadline(Trio.currentTime());
    List<String> log = new ArrayList<>();
    scope.run(
        () -> {
          assertTrue(scope.cancelCalled(), "cancelled on entry");
          log.add("entered");
          Trio.checkpoint();
          log.add("not reached");
        });
    assertEquals(List.of("entered"), log);
    assertTrue(scope.cancelledCaught());
    assertEquals(seconds(3), Trio.currentTime());
  }

  /** A deadline before the current time at entry (even Long.MIN_VALUE) cancels on entry. */
  @TrioTest
  void deadlineInThePastCancels(MockClock clock) {
    clock.jump(Duration.ofSeconds(3));
    for (long deadline : new long[] {seconds(2), -1, Long.MIN_VALUE}) {
      CancelScope scope = CancelScope.withDeadline(deadline);
      scope.run(Trio::sleepForever);
      assertTrue(scope.cancelledCaught(), "deadline " + deadline);
    }
    assertEquals(seconds(3), Trio.currentTime());
  }

  /** A future deadline ends the block exactly when the clock reaches it. */
  @TrioTest
  void futureDeadlineFiresExactly() {
    CancelScope scope = CancelScope.withDeadline(seconds(7));
    assertEquals(seconds(7), scope.deadline());
    scope.run(Trio::sleepForever);
    assertEquals(seconds(7), Trio.currentTime());
    assertTrue(scope.cancelCalled());
    assertTrue(scope.cancelledCaught());
  }

  /**
   * A deadline set inside a block that ends before it does not cancel anything later, however far
   * the clock moves (Trio's test_basic_timeout, first part).
   */
  @TrioTest
  void deadlineOfAnExitedScopeNeverFires(MockClock clock) {
    long start = Trio.currentTime();
    CancelScope scope = new CancelScope();
    scope.run(
        () -> {
          assertEquals(Long.MAX_VALUE, scope.deadline());
          scope.setDeadline(start + seconds(1));
          assertEquals(start + seconds(1), scope.deadline());
        });
    clock.jump(Duration.ofSeconds(2));
    Trio.checkpoint();
    Trio.checkpoint();
    Trio.sleep(Duration.ofSeconds(5));
    assertFalse(scope.cancelCalled());
    assertFalse(scope.cancelledCaught());
  }

  /**
   * A deadline passed by a clock jump inside the block cancels its next sleep (Trio's
   * test_basic_timeout, second part).
   */
  @TrioTest
  void jumpPastTheDeadlineCancelsTheNextSleep(MockClock clock) {
    long start = Trio.currentTime();
    CancelScope scope = CancelScope.withDeadline(start + seconds(1));
    scope.run(
        () -> {
          clock.jump(Duration.ofSeconds(2));
          Trio.sleepForever();
        });
    assertTrue(scope.cancelCalled());
    assertTrue(scope.cancelledCaught());
    assertEquals(start + seconds(2), Trio.currentTime());
  }

  /**
   * A deadline changed while the block runs takes effect at once: pushed later it does not fire,
   * pulled into the past it makes every following checkpoint throw (Trio's test_basic_timeout,
   * "changing deadline").
   */
  @TrioTest
  void deadlineChangedInsideTheBlock(MockClock clock) {
    long start = Trio.currentTime();
    CancelScope scope = new CancelScope();
    scope.run(
        () -> {
          Trio.checkpoint();
          scope.setDeadline(start + seconds(10));
          Trio.checkpoint();
          clock.jump(Duration.ofSeconds(5));
          Trio.checkpoint();
          scope.setDeadline(start + seconds(1));
          assertTrue(scope.cancelCalled(), "a deadline in the past cancels at once");
          assertThrows(Cancelled.class, Trio::checkpoint);
          assertThrows(Cancelled.class, Trio::checkpoint);
        });
    assertFalse(scope.cancelledCaught());
    assertEquals(start + seconds(5), Trio.currentTime());
  }

  /** Pushing a deadline later while the block sleeps makes it fire at the new time exactly. */
  @TrioTest
  void deadlinePushedLater() {
    CancelScope scope = CancelScope.withDeadline(seconds(1));
    scope.run(
        () -> {
          scope.setDeadline(seconds(3));
          Trio.sleepForever();
        });
    assertEquals(seconds(3), Trio.currentTime());
    assertTrue(scope.cancelledCaught());
  }

  /**
   * Another task pulling the deadline of a sleeping task's scope earlier wakes it at the new
   * deadline exactly; pulling it to a time already passed wakes it at once.
   */
  @TrioTest
  void deadlinePulledEarlierByAnotherTask() throws Exception {
    List<Long> woke = Collections.synchronizedList(new ArrayList<>());
    CancelScope first = CancelScope.withDeadline(seconds(10));
    CancelScope second = CancelScope.withDeadline(seconds(10));
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                first.run(Trio::sleepForever);
                woke.add(Trio.currentTime());
              });
          n.startSoon(
              () -> {
                second.run(Trio::sleepForever);
                woke.add(Trio.currentTime());
              });
          Trio.sleep(Duration.ofSeconds(1));
          first.setDeadline(seconds(3));
          second.setDeadline(seconds(1));
        });
    assertEquals(List.of(seconds(1), seconds(3)), woke);
    assertTrue(first.cancelledCaught());
    assertTrue(second.cancelledCaught());
  }

  /** Removing the deadline (Long.MAX_VALUE) while the block runs lets it run to its end. */
  @TrioTest
  void deadlineRemoved() {
    CancelScope scope = CancelScope.withDeadline(seconds(1));
    scope.run(
        () -> {
          scope.setDeadline(Long.MAX_VALUE);
          Trio.sleep(Duration.ofSeconds(5));
        });
    assertEquals(seconds(5), Trio.currentTime());
    assertFalse(scope.cancelCalled());
    assertFalse(scope.cancelledCaught());
  }

  /** A deadline changed before entry is the one that applies. */
  @TrioTest
  void deadlineChangedBeforeEntry() {
    CancelScope scope = CancelScope.withDeadline(seconds(1));
    scope.setDeadline(seconds(4));
    scope.run(Trio::sleepForever);
    assertEquals(seconds(4), Trio.currentTime());
  }

  /**
   * A relative deadline is fixed on entry: a 2 s timeout entered at t=3 has deadline 5 and fires at
   * 5 (Trio's test_timeout_deadline_on_entry).
   */
  @TrioTest
  void relativeDeadlineIsFixedOnEntry(MockClock clock) {
    CancelScope scope = CancelScope.withTimeout(Duration.ofSeconds(2));
    assertEquals(Duration.ofSeconds(2), scope.relativeDeadline());
    clock.jump(Duration.ofSeconds(3));
    scope.run(
        () -> {
          assertEquals(seconds(5), scope.deadline());
          assertEquals(Duration.ofSeconds(2), scope.relativeDeadline());
          Trio.sleepForever();
        });
    assertEquals(seconds(5), Trio.currentTime());
    assertTrue(scope.cancelledCaught());
  }

  /** The deadline of a relative scope is not known before entry: reading it is an error. */
  @TrioTest
  void deadlineOfAnUnenteredRelativeScopeIsAnError() {
    CancelScope scope = CancelScope.withTimeout(Duration.ofSeconds(2));
    IllegalStateException e = assertThrows(IllegalStateException.class, scope::deadline);
    assertTrue(e.getMessage().contains("relativeDeadline"), e.getMessage());
    CancelScope viaSetter = new CancelScope();
    viaSetter.setRelativeDeadline(Duration.ofSeconds(1));
    assertThrows(IllegalStateException.class, viaSetter::deadline);
  }

  /**
   * An absolute scope has no relative deadline, and setDeadline turns a relative scope absolute.
   */
  @TrioTest
  void setDeadlineMakesARelativeScopeAbsolute() {
    assertNull(CancelScope.withDeadline(seconds(1)).relativeDeadline());
    assertNull(new CancelScope().relativeDeadline());
    CancelScope scope = CancelScope.withTimeout(Duration.ofSeconds(2));
    scope.setDeadline(seconds(6));
    assertNull(scope.relativeDeadline());
    assertEquals(seconds(6), scope.deadline());
    Trio.sleep(Duration.ofSeconds(1));
    scope.run(Trio::sleepForever);
    assertEquals(seconds(6), Trio.currentTime());
  }

  /**
   * setRelativeDeadline after entry counts from the moment of entry: entered at t=1, set to 3 s at
   * t=2, the scope fires at t=4.
   */
  @TrioTest
  void setRelativeDeadlineAfterEntryCountsFromEntry() {
    Trio.sleep(Duration.ofSeconds(1));
    CancelScope scope = new CancelScope();
    scope.run(
        () -> {
          Trio.sleep(Duration.ofSeconds(1));
          scope.setRelativeDeadline(Duration.ofSeconds(3));
          assertEquals(seconds(4), scope.deadline());
          assertEquals(Duration.ofSeconds(3), scope.relativeDeadline());
          Trio.sleepForever();
        });
    assertEquals(seconds(4), Trio.currentTime());
    assertTrue(scope.cancelledCaught());
  }

  /** setRelativeDeadline after entry to a time already passed cancels at once. */
  @TrioTest
  void setRelativeDeadlineAfterEntryInThePast() {
    CancelScope scope = new CancelScope();
    scope.run(
        () -> {
          Trio.sleep(Duration.ofSeconds(2));
          scope.setRelativeDeadline(Duration.ofSeconds(1));
          assertTrue(scope.cancelCalled());
          Trio.checkpoint();
        });
    assertTrue(scope.cancelledCaught());
    assertEquals(seconds(2), Trio.currentTime());
  }

  /** setRelativeDeadline before entry on a plain scope is fixed when the scope is entered. */
  @TrioTest
  void setRelativeDeadlineBeforeEntry() {
    CancelScope scope = new CancelScope();
    scope.setRelativeDeadline(Duration.ofSeconds(2));
    Trio.sleep(Duration.ofSeconds(1));
    scope.run(Trio::sleepForever);
    assertEquals(seconds(3), Trio.currentTime());
  }

  /** Negative relative deadlines are rejected with a message naming the parameter. */
  @TrioTest
  void negativeRelativeDeadlinesAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> CancelScope.withTimeout(Duration.ofMillis(-1)));
    assertTrue(e.getMessage().contains("timeout"), e.getMessage());
    assertTrue(e.getMessage().contains("negative"), e.getMessage());
    CancelScope scope = new CancelScope();
    assertThrows(
        IllegalArgumentException.class, () -> scope.setRelativeDeadline(Duration.ofSeconds(-5)));
    assertNull(scope.relativeDeadline());
  }

  /** A relative deadline too long to represent means no deadline. */
  @TrioTest
  void hugeRelativeDeadlineMeansNone() {
    Trio.sleep(Duration.ofSeconds(1));
    CancelScope scope = CancelScope.withTimeout(Duration.ofSeconds(Long.MAX_VALUE));
    scope.run(
        () -> {
          assertEquals(Long.MAX_VALUE, scope.deadline());
          assertEquals(Long.MAX_VALUE, Trio.currentEffectiveDeadline());
          Trio.sleep(Duration.ofDays(365));
        });
    assertFalse(scope.cancelCalled());
    assertEquals(seconds(1) + Duration.ofDays(365).toNanos(), Trio.currentTime());
  }

  /** With no deadline anywhere, the effective deadline is Long.MAX_VALUE. */
  @TrioTest
  void effectiveDeadlineWithNoDeadlineIsMaxValue() {
    assertEquals(Long.MAX_VALUE, Trio.currentEffectiveDeadline());
    new CancelScope().run(() -> assertEquals(Long.MAX_VALUE, Trio.currentEffectiveDeadline()));
  }

  /** The effective deadline is the earliest of the enclosing scopes' deadlines. */
  @TrioTest
  void effectiveDeadlineIsTheMinimumOfEnclosingScopes() {
    List<Long> seen = new ArrayList<>();
    CancelScope.withDeadline(seconds(5))
        .run(
            () -> {
              seen.add(Trio.currentEffectiveDeadline());
              CancelScope.withDeadline(seconds(9))
                  .run(
                      () -> {
                        seen.add(Trio.currentEffectiveDeadline());
                        CancelScope.withDeadline(seconds(2))
                            .run(() -> seen.add(Trio.currentEffectiveDeadline()));
                        seen.add(Trio.currentEffectiveDeadline());
                      });
            });
    assertEquals(Long.MAX_VALUE, Trio.currentEffectiveDeadline());
    assertEquals(List.of(seconds(5), seconds(5), seconds(2), seconds(5)), seen);
  }

  /** The effective deadline stops at the nearest shield: outer deadlines do not count inside. */
  @TrioTest
  void effectiveDeadlineStopsAtAShield() {
    List<Long> seen = new ArrayList<>();
    CancelScope.withDeadline(seconds(2))
        .run(
            () -> {
              CancelScope shield = new CancelScope();
              shield.setShield(true);
              shield.run(
                  () -> {
                    seen.add(Trio.currentEffectiveDeadline());
                    CancelScope.withDeadline(seconds(8))
                        .run(() -> seen.add(Trio.currentEffectiveDeadline()));
                    shield.setDeadline(seconds(6));
                    seen.add(Trio.currentEffectiveDeadline());
                    shield.setShield(false);
                    seen.add(Trio.currentEffectiveDeadline());
                  });
            });
    assertEquals(List.of(Long.MAX_VALUE, seconds(8), seconds(6), seconds(2)), seen);
  }

  /**
   * The effective deadline is Long.MIN_VALUE in cancelled code, including code under a cancelled
   * outer scope, but not inside a shield there.
   */
  @TrioTest
  void effectiveDeadlineIsMinValueWhenCancelled() {
    List<Long> seen = new ArrayList<>();
    CancelScope outer = CancelScope.withDeadline(seconds(9));
    outer.run(
        () -> {
          outer.cancel();
          seen.add(Trio.currentEffectiveDeadline());
          CancelScope.withDeadline(seconds(3)).run(() -> seen.add(Trio.currentEffectiveDeadline()));
          CancelScope shield = CancelScope.withDeadline(seconds(4));
          shield.setShield(true);
          shield.run(() -> seen.add(Trio.currentEffectiveDeadline()));
        });
    assertEquals(List.of(Long.MIN_VALUE, Long.MIN_VALUE, seconds(4)), seen);
  }

  /** A deadline of an enclosing scope also applies to the tasks of a nursery opened inside it. */
  @TrioTest
  void deadlineAppliesToChildTasks() throws Exception {
    List<Long> seen = Collections.synchronizedList(new ArrayList<>());
    CancelScope scope = CancelScope.withDeadline(seconds(2));
    scope.run(
        () ->
            Nursery.open(
                n -> {
                  n.startSoon(
                      () -> {
                        seen.add(Trio.currentEffectiveDeadline());
                        Trio.sleepForever();
                      });
                  Lowlevel.waitAllTasksBlocked();
                  Trio.sleepForever();
                }));
    assertEquals(List.of(seconds(2)), seen);
    assertEquals(seconds(2), Trio.currentTime());
    assertTrue(scope.cancelledCaught());
  }

  /**
   * cancelCalled() is true as soon as an entered scope's deadline has passed, as in Trio, even
   * before the run's timer loop has fired the deadline.
   */
  @TrioTest(clock = TrioTest.ClockKind.MOCK)
  void cancelCalledSeesAPassedDeadlineAtOnce(MockClock clock) {
    CancelScope scope = CancelScope.withTimeout(Duration.ofSeconds(1));
    scope.run(
        () -> {
          assertFalse(scope.cancelCalled());
          clock.jump(Duration.ofSeconds(1));
          assertTrue(scope.cancelCalled());
        });
  }
}
