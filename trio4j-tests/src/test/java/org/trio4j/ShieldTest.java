package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.VirtualTime.seconds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.TrioTest;

/**
 * Shielded cancel scopes: a shield blocks the cancellation of enclosing scopes but not its own, and
 * toggling it takes effect at once (Trio's {@code test_run.py}: {@code test_cancel_shielding},
 * {@code test_cancel_scope_nesting}, {@code test_unshield_while_cancel_propagating}, {@code
 * test_cancel_shield_abort}, {@code test_cancel_unbound}; {@code test_timeouts.py}: {@code
 * test_context_shields_from_outer}, {@code test_move_on_after_moves_on_even_if_shielded}; rule B4).
 */
class ShieldTest {

  /**
   * A shield protects its inside from an outer cancellation but not from scopes inside it, can be
   * turned off and on again, and does not protect from its own cancellation (Trio's
   * test_cancel_shielding).
   */
  @TrioTest
  void shieldBlocksOuterCancellationOnly() {
    CancelScope outer = new CancelScope();
    CancelScope inner = new CancelScope();
    CancelScope innermost = new CancelScope();
    outer.run(
        () ->
            inner.run(
                () -> {
                  Trio.checkpoint();
                  outer.cancel();
                  assertThrows(Cancelled.class, Trio::checkpoint);
                  assertFalse(inner.shield());
                  inner.setShield(true);
                  assertTrue(inner.shield());
                  Trio.checkpoint();
                  innermost.run(
                      () -> {
                        innermost.cancel();
                        assertThrows(Cancelled.class, Trio::checkpoint);
                      });
                  Trio.checkpoint();
                  inner.setShield(false);
                  assertThrows(Cancelled.class, Trio::checkpoint);
                  inner.setShield(true);
                  Trio.checkpoint();
                  inner.cancel();
                  Trio.checkpoint();
                }));
    assertTrue(inner.cancelledCaught());
    assertFalse(outer.cancelledCaught());
  }

  /**
   * Turning a shield on inside a cancelled scope stops the Cancelled exceptions at once; cancelling
   * the shielded scope itself brings them back, and it catches them (Trio's
   * test_cancel_scope_nesting, shielding part).
   */
  @TrioTest
  void shieldToggledOnStopsCancellationImmediately() {
    CancelScope scope1 = new CancelScope();
    CancelScope scope2 = new CancelScope();
    scope1.run(
        () ->
            scope2.run(
                () -> {
                  scope1.cancel();
                  assertThrows(Cancelled.class, Trio::checkpoint);
                  assertThrows(Cancelled.class, Trio::checkpoint);
                  scope2.setShield(true);
                  Trio.checkpoint();
                  scope2.cancel();
                  Trio.checkpoint();
                }));
    assertTrue(scope2.cancelledCaught());
    assertFalse(scope1.cancelledCaught());
  }

  /**
   * Shielding a scope while an outer scope's Cancelled is already propagating through it lets that
   * Cancelled reach the outer scope, which catches it (Trio's
   * test_unshield_while_cancel_propagating).
   */
  @TrioTest
  void shieldSetWhileCancelledIsPropagating() {
    CancelScope outer = new CancelScope();
    CancelScope inner = new CancelScope();
    outer.run(
        () ->
            inner.run(
                () -> {
                  outer.cancel();
                  try {
                    Trio.checkpoint();
                  } finally {
                    inner.setShield(true);
                  }
                }));
    assertTrue(outer.cancelledCaught());
    assertFalse(inner.cancelledCaught());
  }

  /**
   * Removing the shield of a nursery's scope aborts the sleep of a child that was protected by it
   * (Trio's test_cancel_shield_abort).
   */
  @TrioTest
  void unshieldingAbortsAProtectedSleep() throws Exception {
    List<String> record = Collections.synchronizedList(new ArrayList<>());
    CancelScope outer = new CancelScope();
    outer.run(
        () ->
            Nursery.open(
                n -> {
                  outer.cancel();
                  n.cancelScope().setShield(true);
                  n.startSoon(
                      () -> {
                        record.add("sleeping");
                        try {
                          Trio.sleepForever();
                        } catch (Cancelled c) {
                          record.add("cancelled");
                        }
                      });
                  Lowlevel.waitAllTasksBlocked();
                  assertEquals(List.of("sleeping"), record);
                  n.cancelScope().setShield(false);
                  // Wait for the child before the nursery's end could cancel it some other way.
                  CancelScope waiting = new CancelScope();
                  waiting.setShield(true);
                  waiting.run(
                      () -> {
                        Lowlevel.waitAllTasksBlocked();
                        assertEquals(List.of("sleeping", "cancelled"), record);
                      });
                }));
    assertEquals(0, Trio.currentTime());
  }

  /**
   * A scope made a shield before it is entered protects from the start, and turning the shield off
   * exposes the outer cancellation (Trio's test_cancel_unbound, "shield before entry").
   */
  @TrioTest
  void shieldSetBeforeEntry() {
    CancelScope outer = new CancelScope();
    CancelScope scope = new CancelScope();
    scope.setShield(true);
    outer.run(
        () ->
            scope.run(
                () -> {
                  outer.cancel();
                  Trio.checkpoint();
                  scope.setShield(false);
                  assertThrows(Cancelled.class, Trio::checkpoint);
                }));
    assertFalse(scope.cancelledCaught());
    assertFalse(outer.cancelledCaught());
  }

  /**
   * A shielded timeout scope protects from the outer cancellation and turning its shield off
   * exposes it (Trio's test_context_shields_from_outer).
   */
  @TrioTest
  void shieldedTimeoutScopeShieldsFromOuter() {
    CancelScope outer = new CancelScope();
    CancelScope inner = CancelScope.withTimeout(Duration.ofSeconds(1));
    inner.setShield(true);
    outer.run(
        () ->
            inner.run(
                () -> {
                  outer.cancel();
                  Trio.checkpoint();
                  inner.setShield(false);
                  assertThrows(Cancelled.class, Trio::checkpoint);
                }));
    assertEquals(0, Trio.currentTime());
  }

  /**
   * A shielded timeout scope inside a cancelled scope still moves on at its own deadline, exactly
   * (Trio's test_move_on_after_moves_on_even_if_shielded).
   */
  @TrioTest
  void shieldedTimeoutMovesOnAtItsDeadline() {
    CancelScope outer = new CancelScope();
    CancelScope timeout = CancelScope.withTimeout(Duration.ofSeconds(1));
    timeout.setShield(true);
    List<Long> times = new ArrayList<>();
    outer.run(
        () -> {
          timeout.run(
              () -> {
                outer.cancel();
                Trio.sleepForever();
              });
          times.add(Trio.currentTime());
          Trio.checkpoint();
        });
    assertEquals(List.of(seconds(1)), times);
    assertTrue(timeout.cancelledCaught());
    assertTrue(outer.cancelledCaught());
  }

  /** Tasks of a nursery opened inside a shield finish their work despite an outer cancellation. */
  @TrioTest
  void shieldProtectsTasksOfNurseriesInside() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CancelScope outer = new CancelScope();
    CancelScope shield = new CancelScope();
    shield.setShield(true);
    outer.run(
        () -> {
          outer.cancel();
          shield.run(
              () ->
                  Nursery.open(
                      n ->
                          n.startSoon(
                              () -> {
                                Trio.sleep(Duration.ofSeconds(1));
                                log.add("child done at " + Trio.currentTime());
                              })));
          log.add("left the shield");
          Trio.checkpoint();
          log.add("not reached");
        });
    assertEquals(List.of("child done at " + seconds(1), "left the shield"), log);
    assertTrue(outer.cancelledCaught());
    assertFalse(shield.cancelledCaught());
  }

  /**
   * Inside a shield within a cancelled scope a sleep runs to its end, and the outer cancellation
   * applies again as soon as the shield is left.
   */
  @TrioTest
  void outerCancellationResumesAfterTheShield() {
    List<String> log = new ArrayList<>();
    CancelScope outer = new CancelScope();
    outer.run(
        () -> {
          outer.cancel();
          CancelScope shield = new CancelScope();
          shield.setShield(true);
          shield.run(
              () -> {
                Trio.sleep(Duration.ofSeconds(3));
                log.add("slept in shield");
              });
          assertThrows(Cancelled.class, Trio::checkpoint);
          log.add("cancelled again outside");
        });
    assertEquals(List.of("slept in shield", "cancelled again outside"), log);
    assertEquals(seconds(3), Trio.currentTime());
    assertFalse(outer.cancelledCaught());
  }
}
