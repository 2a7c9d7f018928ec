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
import org.junit.jupiter.api.Test;
import org.trio4j.testing.MockClock;
import org.trio4j.testing.TrioTest;

/**
 * {@code sleep}, {@code sleepUntil} and {@code sleepForever} on the virtual clock: exact wake-up
 * times, sleeping as a checkpoint, and argument checking (Trio's {@code test_timeouts.py}: {@code
 * test_sleep}, {@code test_timeouts_raise_value_error}; rules A1, A4).
 */
class SleepTest {

  /** Successive sleeps end at exactly the accumulated virtual times. */
  @TrioTest
  void sleepsEndAtExactTimes() {
    long expected = 0;
    for (int i = 0; i < 10; i++) {
      Trio.sleep(Duration.ofSeconds(10L * i));
      expected += seconds(10L * i);
      assertEquals(expected, Trio.currentTime());
    }
    Trio.sleep(Duration.ofNanos(1));
    assertEquals(expected + 1, Trio.currentTime());
  }

  /**
   * More sleepers due at one instant than the timer loop fires in one round (10k, against batches
   * of 4,096 in parallel mode) all wake at exactly that instant, and 10k more due a nanosecond
   * later wake at their own time, not with them.
   */
  @TrioTest
  void tenThousandSleepersDueAtOnceAllWakeAtThatInstant() throws Exception {
    int n = 10_000;
    long[] wokeAt = new long[2 * n];
    Nursery.open(
        nursery -> {
          for (int i = 0; i < 2 * n; i++) {
            int k = i;
            long due = i < n ? seconds(5) : seconds(5) + 1;
            nursery.startSoon(
                () -> {
                  Trio.sleepUntil(due);
                  wokeAt[k] = Trio.currentTime();
                });
          }
        });
    for (int i = 0; i < 2 * n; i++) {
      assertEquals(i < n ? seconds(5) : seconds(5) + 1, wokeAt[i], "sleeper " + i);
    }
  }

  /** sleepUntil ends exactly at the requested time. */
  @TrioTest
  void sleepUntilEndsAtTheDeadline() {
    Trio.sleepUntil(seconds(7));
    assertEquals(seconds(7), Trio.currentTime());
    Trio.sleepUntil(seconds(7) + 3);
    assertEquals(seconds(7) + 3, Trio.currentTime());
  }

  /** sleepUntil with a time already reached returns at once without moving the clock. */
  @TrioTest
  void sleepUntilInThePastReturnsAtOnce(MockClock clock) {
    clock.jump(Duration.ofSeconds(5));
    Trio.sleepUntil(seconds(5));
    Trio.sleepUntil(seconds(1));
    Trio.sleepUntil(Long.MIN_VALUE);
    assertEquals(seconds(5), Trio.currentTime());
  }

  /** sleepForever ends only by cancellation, here at exactly the enclosing deadline. */
  @TrioTest
  void sleepForeverEndsAtTheEnclosingDeadline() {
    CancelScope scope = CancelScope.withDeadline(seconds(9));
    scope.run(Trio::sleepForever);
    assertEquals(seconds(9), Trio.currentTime());
    assertTrue(scope.cancelledCaught());
    CancelScope other = CancelScope.withTimeout(Duration.ofSeconds(1));
    other.run(() -> Trio.sleepUntil(Long.MAX_VALUE));
    assertEquals(seconds(10), Trio.currentTime());
  }

  /** sleep(ZERO) is a checkpoint: it returns at once normally and throws in a cancelled scope. */
  @TrioTest
  void sleepZeroIsACheckpoint() {
    Trio.sleep(Duration.ZERO);
    assertEquals(0, Trio.currentTime());
    CancelScope scope = new CancelScope();
    List<String> log = new ArrayList<>();
    scope.run(
        () -> {
          scope.cancel();
          log.add("before");
          Trio.sleep(Duration.ZERO);
          log.add("after");
        });
    assertEquals(List.of("before"), log);
    assertTrue(scope.cancelledCaught());
  }

  /**
   * A sleep in a cancelled scope throws before sleeping, and sleepUntil in the past throws there
   * too: both are checkpoints even when they would not block.
   */
  @TrioTest
  void sleepsInACancelledScopeThrowWithoutSleeping() {
    CancelScope scope = new CancelScope();
    scope.run(
        () -> {
          scope.cancel();
          assertThrows(Cancelled.class, () -> Trio.sleep(Duration.ofHours(1)));
          assertThrows(Cancelled.class, () -> Trio.sleepUntil(Long.MIN_VALUE));
          assertThrows(Cancelled.class, () -> Trio.sleepUntil(seconds(5)));
          assertThrows(Cancelled.class, Trio::sleepForever);
        });
    assertEquals(0, Trio.currentTime());
    assertFalse(scope.cancelledCaught());
  }

  /** Negative sleep durations are rejected with a message that says what to use instead. */
  @TrioTest
  void negativeSleepIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Trio.sleep(Duration.ofMillis(-1)));
    assertTrue(e.getMessage().contains("duration must not be negative"), e.getMessage());
    assertTrue(e.getMessage().contains("Duration.ZERO"), e.getMessage());
    assertEquals(0, Trio.currentTime());
  }

  /** Durations too long to represent, or that overflow the clock, mean "forever". */
  @TrioTest
  void hugeSleepsMeanForever() {
    assertFalse(
        Trio.moveOnAfter(
            Duration.ofHours(1), () -> Trio.sleep(Duration.ofSeconds(Long.MAX_VALUE))));
    assertEquals(Duration.ofHours(1).toNanos(), Trio.currentTime());
    assertFalse(
        Trio.moveOnAfter(
            Duration.ofHours(1), () -> Trio.sleep(Duration.ofNanos(Long.MAX_VALUE - 1))));
    assertEquals(Duration.ofHours(2).toNanos(), Trio.currentTime());
  }

  /** Tasks sleeping for different times wake in deadline order, each at its own time. */
  @TrioTest
  void sleepersWakeInDeadlineOrder() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          for (int s : new int[] {3, 1, 2}) {
            n.startSoon(
                () -> {
                  Trio.sleep(Duration.ofSeconds(s));
                  log.add(s + "@" + Trio.currentTime());
                });
          }
        });
    assertEquals(List.of("1@" + seconds(1), "2@" + seconds(2), "3@" + seconds(3)), log);
  }

  /** Sleeping outside a run fails at once with a message that says where to call it. */
  @Test
  void sleepOutsideARunFails() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Trio.sleep(Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains("Trio.sleep"), e.getMessage());
    assertTrue(e.getMessage().contains("inside Trio.run"), e.getMessage());
    assertThrows(IllegalStateException.class, Trio::currentTime);
    assertThrows(IllegalStateException.class, Trio::sleepForever);
  }
}
