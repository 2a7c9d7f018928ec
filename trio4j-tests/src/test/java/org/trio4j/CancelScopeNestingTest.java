package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.VirtualTime.seconds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.TrioTest;

/**
 * Nested cancel scopes: which scope catches a {@link Cancelled} when several are cancelled, and how
 * cancellation reaches the tasks of nurseries opened inside a scope (Trio's {@code test_run.py}:
 * {@code test_cancel_scope_nesting}, {@code test_cancel_inheritance}; rules B2, B3, B5).
 */
class CancelScopeNestingTest {

  /**
   * When an inner and an outer scope are both cancelled, the outer one catches the Cancelled and
   * the inner one does not, whatever the order of the cancel calls.
   */
  @TrioTest
  void outerScopeWinsWhenBothAreCancelled() {
    CancelScope scope1 = new CancelScope();
    CancelScope scope2 = new CancelScope();
    CancelScope scope3 = new CancelScope();
    scope1.run(
        () ->
            scope2.run(
                () ->
                    scope3.run(
                        () -> {
                          scope3.cancel();
                          scope2.cancel();
                          Trio.sleepForever();
                        })));
    assertTrue(scope3.cancelCalled());
    assertFalse(scope3.cancelledCaught());
    assertTrue(scope2.cancelCalled());
    assertTrue(scope2.cancelledCaught());
    assertFalse(scope1.cancelCalled());
    assertFalse(scope1.cancelledCaught());
  }

  /** The outer scope also wins when it is cancelled before the inner one. */
  @TrioTest
  void outerScopeWinsWhenCancelledFirst() {
    CancelScope outer = new CancelScope();
    CancelScope inner = new CancelScope();
    outer.run(
        () ->
            inner.run(
                () -> {
                  outer.cancel();
                  inner.cancel();
                  Trio.checkpoint();
                }));
    assertTrue(outer.cancelledCaught());
    assertFalse(inner.cancelledCaught());
  }

  /**
   * A Cancelled caused by an outer scope passes through an inner scope that was not cancelled, and
   * the code between the two scopes does not run.
   */
  @TrioTest
  void cancelledIsCaughtOnlyByTheResponsibleScope() {
    List<String> log = new ArrayList<>();
    CancelScope outer = new CancelScope();
    CancelScope inner = new CancelScope();
    outer.run(
        () -> {
          inner.run(
              () -> {
                outer.cancel();
                Trio.checkpoint();
              });
          log.add("after inner");
        });
    assertEquals(List.of(), log);
    assertFalse(inner.cancelCalled());
    assertFalse(inner.cancelledCaught());
    assertTrue(outer.cancelledCaught());
  }

  /** An inner scope's cancellation is caught by the inner scope; the outer block carries on. */
  @TrioTest
  void innerCancellationIsCaughtByTheInnerScope() {
    List<String> log = new ArrayList<>();
    CancelScope outer = new CancelScope();
    CancelScope inner = new CancelScope();
    outer.run(
        () -> {
          inner.run(
              () -> {
                inner.cancel();
                Trio.checkpoint();
              });
          Trio.checkpoint();
          log.add("after inner");
        });
    assertEquals(List.of("after inner"), log);
    assertTrue(inner.cancelledCaught());
    assertFalse(outer.cancelCalled());
    assertFalse(outer.cancelledCaught());
  }

  /**
   * A cancellation pending on a scope that is left before any cancel point is not delivered:
   * cancelledCaught stays false and the code after the scope is not cancelled (Trio's
   * test_cancel_scope_nesting, last block).
   */
  @TrioTest
  void pendingCancellationIsNotDeliveredAfterTheScopeExits() {
    CancelScope scope = new CancelScope();
    scope.run(
        () -> {
          scope.cancel();
          Lowlevel.cancelShieldedCheckpoint();
        });
    Trio.checkpoint();
    assertTrue(scope.cancelCalled());
    assertFalse(scope.cancelledCaught());
  }

  /** A deadline of an outer scope cuts through several inner scopes, none of which catches it. */
  @TrioTest
  void outerDeadlineCutsThroughInnerScopes() {
    CancelScope outer = CancelScope.withTimeout(Duration.ofSeconds(2));
    CancelScope middle = CancelScope.withTimeout(Duration.ofSeconds(5));
    CancelScope inner = new CancelScope();
    outer.run(() -> middle.run(() -> inner.run(Trio::sleepForever)));
    assertEquals(seconds(2), Trio.currentTime());
    assertTrue(outer.cancelledCaught());
    assertFalse(middle.cancelCalled());
    assertFalse(middle.cancelledCaught());
    assertFalse(inner.cancelledCaught());
  }

  /**
   * When the inner deadline expires first, the inner scope catches it and the outer block goes on
   * until its own deadline.
   */
  @TrioTest
  void innerDeadlineFiresFirstThenOuter() {
    List<Long> times = new ArrayList<>();
    CancelScope outer = CancelScope.withTimeout(Duration.ofSeconds(5));
    CancelScope inner = CancelScope.withTimeout(Duration.ofSeconds(2));
    outer.run(
        () -> {
          inner.run(Trio::sleepForever);
          times.add(Trio.currentTime());
          Trio.sleepForever();
        });
    times.add(Trio.currentTime());
    assertEquals(List.of(seconds(2), seconds(5)), times);
    assertTrue(inner.cancelledCaught());
    assertTrue(outer.cancelledCaught());
  }

  /**
   * Cancelling a scope cancels every task in every nursery opened inside it, at once (Trio's
   * test_cancel_inheritance).
   */
  @TrioTest
  void cancellationReachesTasksOfNestedNurseries() throws Exception {
    Set<String> record = Collections.synchronizedSet(new TreeSet<>());
    CancelScope scope = new CancelScope();
    scope.run(
        () ->
            Nursery.open(
                n -> {
                  for (String worker : List.of("w1", "w2")) {
                    n.startSoon(
                        () ->
                            Nursery.open(
                                inner -> {
                                  for (String leaf : List.of("-l1", "-l2")) {
                                    inner.startSoon(
                                        () -> {
                                          try {
                                            Trio.sleepForever();
                                          } catch (Cancelled c) {
                                            record.add(worker + leaf);
                                            throw c;
                                          }
                                        });
                                  }
                                }));
                  }
                  Lowlevel.waitAllTasksBlocked();
                  scope.cancel();
                }));
    assertEquals(Set.of("w1-l1", "w1-l2", "w2-l1", "w2-l2"), record);
    assertTrue(scope.cancelledCaught());
    assertEquals(0, Trio.currentTime());
  }

  /**
   * Children run under the scopes enclosing Nursery.open, not those around startSoon: a child
   * started from inside a cancelled inner scope is not cancelled by it.
   */
  @TrioTest
  void childrenInheritTheScopesWhereTheNurseryWasOpened() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          CancelScope around = new CancelScope();
          around.run(
              () -> {
                around.cancel();
                n.startSoon(
                    () -> {
                      Trio.sleep(Duration.ofSeconds(1));
                      log.add("child slept");
                    });
              });
        });
    assertEquals(List.of("child slept"), log);
    assertEquals(seconds(1), Trio.currentTime());
  }

  /**
   * A Cancelled that leaves a nursery is caught by the scope around it, and the nursery does not
   * report it as a failure.
   */
  @TrioTest
  void cancelledLeavingANurseryIsCaughtByTheEnclosingScope() throws Exception {
    CancelScope scope = new CancelScope();
    scope.run(
        () ->
            Nursery.open(
                n -> {
                  n.startSoon(Trio::sleepForever);
                  n.startSoon(Trio::sleepForever);
                  Lowlevel.waitAllTasksBlocked();
                  scope.cancel();
                }));
    assertTrue(scope.cancelledCaught());
  }
}
