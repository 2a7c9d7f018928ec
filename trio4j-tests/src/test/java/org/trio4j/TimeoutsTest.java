package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.VirtualTime.seconds;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.trio4j.testing.MockClock;
import org.trio4j.testing.TrioTest;

/**
 * The timeout helpers {@code moveOnAfter/moveOnAt/failAfter/failAt}: their return values, exact
 * firing times, and what they let through (Trio's {@code test_timeouts.py}: {@code test_sleep},
 * {@code test_move_on_after}, {@code test_fail}, {@code test_timeouts_raise_value_error}; rule B7).
 */
class TimeoutsTest {

  /** moveOnAfter returns true when the body finishes in time, at the body's own end time. */
  @TrioTest
  void moveOnAfterReturnsTrueWhenTheBodyCompletes() {
    assertTrue(Trio.moveOnAfter(Duration.ofSeconds(2), () -> Trio.sleep(Duration.ofSeconds(1))));
    assertEquals(seconds(1), Trio.currentTime());
  }

  /** moveOnAfter returns false at exactly the timeout when it cuts the body short. */
  @TrioTest
  void moveOnAfterReturnsFalseAtTheTimeout() {
    List<String> log = new ArrayList<>();
    Trio.sleep(Duration.ofSeconds(1));
    boolean completed =
        Trio.moveOnAfter(
            Duration.ofSeconds(3),
            () -> {
              Trio.sleep(Duration.ofSeconds(100));
              log.add("not reached");
            });
    assertFalse(completed);
    assertEquals(List.of(), log);
    assertEquals(seconds(4), Trio.currentTime());
  }

  /** moveOnAt returns true when the body finishes before the deadline, false at the deadline. */
  @TrioTest
  void moveOnAtReturnValues() {
    assertTrue(Trio.moveOnAt(seconds(5), () -> Trio.sleep(Duration.ofSeconds(2))));
    assertEquals(seconds(2), Trio.currentTime());
    assertFalse(Trio.moveOnAt(seconds(5), Trio::sleepForever));
    assertEquals(seconds(5), Trio.currentTime());
  }

  /**
   * moveOnAt(now) cancels the body's first checkpoint, sleep(ZERO) included (Trio's test_sleep,
   * "the trivial move_on_at").
   */
  @TrioTest
  void moveOnAtNowCancelsTheFirstCheckpoint(MockClock clock) {
    clock.jump(Duration.ofSeconds(1));
    List<String> log = new ArrayList<>();
    boolean completed =
        Trio.moveOnAt(
            Trio.currentTime(),
            () -> {
              log.add("entered");
              assertThrows(Cancelled.class, () -> Trio.sleep(Duration.ZERO));
              Trio.sleep(Duration.ZERO);
              log.add("not reached");
            });
    assertFalse(completed);
    assertEquals(List.of("entered"), log);
    assertEquals(seconds(1), Trio.currentTime());
  }

  /** A timeout whose body has no checkpoint completes even if the deadline has passed. */
  @TrioTest
  void expiredTimeoutWithoutCheckpointCompletes() {
    assertTrue(Trio.moveOnAfter(Duration.ZERO, () -> {}));
    assertEquals("done", Trio.failAfter(Duration.ZERO, () -> "done"));
    Trio.failAt(Long.MIN_VALUE, () -> {});
  }

  /** moveOnAfter and moveOnAt let the body's own exceptions through unchanged. */
  @TrioTest
  void moveOnLetsBodyExceptionsThrough() {
    IOException failure = new IOException("boom");
    assertSame(
        failure,
        assertThrows(
            IOException.class,
            () ->
                Trio.moveOnAfter(
                    Duration.ofSeconds(1),
                    () -> {
                      throw failure;
                    })));
    IllegalStateException unchecked = new IllegalStateException("bad state");
    assertSame(
        unchecked,
        assertThrows(
            IllegalStateException.class,
            () ->
                Trio.moveOnAt(
                    seconds(1),
                    () -> {
                      throw unchecked;
                    })));
  }

  /** failAfter throws TooSlowException at exactly the timeout (Trio's test_fail). */
  @TrioTest
  void failAfterThrowsTooSlowAtTheTimeout() {
    Trio.sleep(Duration.ofSeconds(1));
    assertThrows(
        TooSlowException.class, () -> Trio.failAfter(Duration.ofSeconds(2), Trio::sleepForever));
    assertEquals(seconds(3), Trio.currentTime());
  }

  /** failAt throws TooSlowException at exactly the deadline. */
  @TrioTest
  void failAtThrowsTooSlowAtTheDeadline() {
    assertThrows(
        TooSlowException.class,
        () -> Trio.failAt(seconds(4), () -> Trio.sleep(Duration.ofSeconds(100))));
    assertEquals(seconds(4), Trio.currentTime());
  }

  /** The value-returning failAfter and failAt overloads also throw TooSlowException at the time. */
  @TrioTest
  void valueOverloadsThrowTooSlow() {
    assertThrows(
        TooSlowException.class,
        () ->
            Trio.failAfter(
                Duration.ofSeconds(1),
                () -> {
                  Trio.sleepForever();
                  return "never";
                }));
    assertEquals(seconds(1), Trio.currentTime());
    assertThrows(
        TooSlowException.class,
        () ->
            Trio.failAt(
                seconds(3),
                () -> {
                  Trio.sleepForever();
                  return "never";
                }));
    assertEquals(seconds(3), Trio.currentTime());
  }

  /** failAfter and failAt return the body's value when it finishes in time. */
  @TrioTest
  void failAfterAndFailAtReturnTheValue() {
    String a =
        Trio.failAfter(
            Duration.ofSeconds(2),
            () -> {
              Trio.sleep(Duration.ofSeconds(1));
              return "a";
            });
    assertEquals("a", a);
    Integer b =
        Trio.failAt(
            seconds(100),
            () -> {
              Trio.sleep(Duration.ZERO);
              return 42;
            });
    assertEquals(42, b);
    Trio.failAfter(Duration.ofSeconds(100), () -> Trio.sleep(Duration.ZERO));
    assertEquals(seconds(1), Trio.currentTime());
  }

  /**
   * failAfter lets the body's own exceptions through unchanged, not as TooSlowException, even one
   * thrown while the body handles its cancellation.
   */
  @TrioTest
  void failAfterLetsBodyExceptionsThrough() {
    IOException failure = new IOException("boom");
    assertSame(
        failure,
        assertThrows(
            IOException.class,
            () ->
                Trio.failAfter(
                    Duration.ofSeconds(1),
                    () -> {
                      throw failure;
                    })));
    IOException late = new IOException("late");
    assertSame(
        late,
        assertThrows(
            IOException.class,
            () ->
                Trio.failAt(
                    seconds(1),
                    () -> {
                      try {
                        Trio.sleepForever();
                      } catch (Cancelled c) {
                        throw late;
                      }
                    })));
    assertEquals(seconds(1), Trio.currentTime());
  }

  /** Negative timeouts are rejected with an IllegalArgumentException that names the parameter. */
  @TrioTest
  void negativeTimeoutsAreRejected() {
    Duration negative = Duration.ofNanos(-1);
    for (Runnable call :
        List.<Runnable>of(
            () -> Trio.moveOnAfter(negative, () -> {}),
            () -> Trio.failAfter(negative, () -> {}),
            () -> Trio.failAfter(negative, () -> 1))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
      assertTrue(e.getMessage().contains("timeout must not be negative"), e.getMessage());
    }
  }

  /** A timeout too long to represent never fires. */
  @TrioTest
  void hugeTimeoutNeverFires() {
    assertTrue(
        Trio.moveOnAfter(
            Duration.ofSeconds(Long.MAX_VALUE), () -> Trio.sleep(Duration.ofDays(10_000))));
    assertEquals(Duration.ofDays(10_000).toNanos(), Trio.currentTime());
  }

  /** Nested timeouts each fire at their own time, inner first. */
  @TrioTest
  void nestedTimeoutsFireInOrder() {
    List<Long> times = new ArrayList<>();
    boolean outer =
        Trio.moveOnAfter(
            Duration.ofSeconds(5),
            () -> {
              boolean inner = Trio.moveOnAfter(Duration.ofSeconds(1), Trio::sleepForever);
              assertFalse(inner);
              times.add(Trio.currentTime());
              Trio.sleepForever();
            });
    assertFalse(outer);
    times.add(Trio.currentTime());
    assertEquals(List.of(seconds(1), seconds(5)), times);
  }

  /**
   * When an outer moveOnAfter expires before an inner failAfter, the outer one catches the
   * cancellation and no TooSlowException is thrown.
   */
  @TrioTest
  void outerMoveOnWinsOverInnerFailAfter() {
    assertFalse(
        Trio.moveOnAfter(
            Duration.ofSeconds(1),
            () -> Trio.failAfter(Duration.ofSeconds(5), Trio::sleepForever)));
    assertEquals(seconds(1), Trio.currentTime());
  }

  /**
   * When an inner failAfter expires first, its TooSlowException passes through the outer
   * moveOnAfter, which did not time out.
   */
  @TrioTest
  void innerFailAfterPassesThroughOuterMoveOn() {
    assertThrows(
        TooSlowException.class,
        () ->
            Trio.moveOnAfter(
                Duration.ofSeconds(5),
                () -> Trio.failAfter(Duration.ofSeconds(1), Trio::sleepForever)));
    assertEquals(seconds(1), Trio.currentTime());
  }
}
