package org.trio4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trio4j.Nursery;
import org.trio4j.RunOptions;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;

/**
 * {@link MockClock} on its own and driving a run: time, rate, jumps, and the sleep times it asks
 * the run for (Trio's {@code test_mock_clock.py}: {@code test_mock_clock}; rule K3).
 */
class MockClockTest {
  private static long seconds(double s) {
    return (long) (s * 1_000_000_000L);
  }

  /** A new clock is at 0, has rate 0 and no autojump, and does not move by itself. */
  @Test
  void newClockStartsAtZeroAndStandsStill() {
    MockClock clock = new MockClock();
    assertEquals(0, clock.currentTime());
    assertEquals(0.0, clock.rate());
    assertNull(clock.autojumpThreshold());
    assertEquals(Long.MAX_VALUE, clock.autojumpThresholdNanos());
    assertEquals(0, clock.currentTime());
  }

  /** jump moves the clock forward by exactly the given amount; a zero jump changes nothing. */
  @Test
  void jumpMovesTimeExactly() {
    MockClock clock = new MockClock();
    clock.jump(Duration.ofMillis(1200));
    assertEquals(seconds(1.2), clock.currentTime());
    clock.jump(Duration.ZERO);
    assertEquals(seconds(1.2), clock.currentTime());
    clock.jump(Duration.ofNanos(1));
    assertEquals(seconds(1.2) + 1, clock.currentTime());
  }

  /** A negative jump is rejected, says time cannot go backwards, and leaves the time unchanged. */
  @Test
  void negativeJumpIsRejected() {
    MockClock clock = new MockClock();
    clock.jump(Duration.ofSeconds(1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> clock.jump(Duration.ofSeconds(-1)));
    assertTrue(e.getMessage().contains("backwards"), e.getMessage());
    assertEquals(seconds(1), clock.currentTime());
  }

  /** A jump too large to represent is rejected rather than wrapping around. */
  @Test
  void hugeJumpIsRejected() {
    MockClock clock = new MockClock();
    assertThrows(
        IllegalArgumentException.class, () -> clock.jump(Duration.ofSeconds(Long.MAX_VALUE)));
    assertEquals(0, clock.currentTime());
  }

  /**
   * With rate 0, deadlines reached ask for no wait and future ones for an unbounded wait, so the
   * run waits until something else happens (Trio's deadline_to_sleep_time).
   */
  @Test
  void deadlineToSleepTimeAtRateZero() {
    MockClock clock = new MockClock();
    clock.jump(Duration.ofMillis(1200));
    assertEquals(0, clock.deadlineToSleepTime(seconds(1.1)));
    assertEquals(0, clock.deadlineToSleepTime(seconds(1.2)));
    assertEquals(Long.MAX_VALUE, clock.deadlineToSleepTime(seconds(1.3)));
    assertEquals(Long.MAX_VALUE, clock.deadlineToSleepTime(Long.MAX_VALUE));
  }

  /**
   * With a positive rate, the real wait for a future deadline is the virtual distance divided by
   * the rate (never more, since the clock only moves on between the two reads).
   */
  @Test
  void deadlineToSleepTimeScalesWithTheRate() {
    MockClock clock = new MockClock();
    clock.setRate(0.5);
    long deadline = clock.currentTime() + seconds(1);
    long wait = clock.deadlineToSleepTime(deadline);
    assertTrue(wait <= seconds(2), "wait " + wait);
    assertTrue(wait > seconds(1), "wait " + wait);
    clock.setRate(2);
    deadline = clock.currentTime() + seconds(2);
    wait = clock.deadlineToSleepTime(deadline);
    assertTrue(wait <= seconds(1), "wait " + wait);
    assertTrue(wait > seconds(0.5), "wait " + wait);
    assertEquals(0, clock.deadlineToSleepTime(clock.currentTime()));
  }

  /**
   * Changing the rate rebases the clock: time never goes backwards across rate changes, and rate 0
   * freezes it where it is.
   */
  @Test
  void setRateRebasesWithoutGoingBackwards() {
    MockClock clock = new MockClock();
    clock.jump(Duration.ofMillis(1200));
    clock.setRate(2);
    assertEquals(2.0, clock.rate());
    assertTrue(clock.currentTime() >= seconds(1.2));
    long previous = clock.currentTime();
    for (double rate : new double[] {1_000_000, 0.5, 3, 0}) {
      clock.setRate(rate);
      long now = clock.currentTime();
      assertTrue(now >= previous, "went backwards at rate " + rate + ": " + now + " < " + previous);
      previous = now;
    }
    assertEquals(previous, clock.currentTime());
    clock.jump(Duration.ofMillis(800));
    assertEquals(previous + seconds(0.8), clock.currentTime());
  }

  /** A clock with a positive rate moves forward on its own. */
  @Test
  void positiveRateMovesTime() {
    MockClock clock = new MockClock();
    clock.setRate(1e9);
    long start = clock.currentTime();
    long now;
    do {
      now = clock.currentTime();
    } while (now == start);
    assertTrue(now > start);
  }

  /** Negative, NaN and infinite rates are rejected, and the rate is left unchanged. */
  @Test
  void invalidRatesAreRejected() {
    MockClock clock = new MockClock();
    clock.setRate(3);
    for (double bad : new double[] {-1, -0.001, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> clock.setRate(bad));
      assertTrue(e.getMessage().contains("rate"), e.getMessage());
    }
    assertEquals(3.0, clock.rate());
  }

  /** The autojump threshold can be set, read back, and turned off; negative is rejected. */
  @Test
  void autojumpThresholdSettings() {
    MockClock clock = MockClock.autojumping();
    assertEquals(Duration.ZERO, clock.autojumpThreshold());
    assertEquals(0, clock.autojumpThresholdNanos());
    clock.setAutojumpThreshold(Duration.ofMillis(20));
    assertEquals(Duration.ofMillis(20), clock.autojumpThreshold());
    assertThrows(
        IllegalArgumentException.class, () -> clock.setAutojumpThreshold(Duration.ofMillis(-1)));
    assertEquals(Duration.ofMillis(20), clock.autojumpThreshold());
    clock.disableAutojump();
    assertNull(clock.autojumpThreshold());
    assertEquals(Long.MAX_VALUE, clock.autojumpThresholdNanos());
  }

  /** toString shows the time, the rate and the autojump threshold. */
  @Test
  void toStringDescribesTheClock() {
    MockClock clock = MockClock.autojumping();
    clock.jump(Duration.ofSeconds(3));
    String s = clock.toString();
    assertTrue(s.contains("PT3S"), s);
    assertTrue(s.contains("rate=0.0"), s);
    assertTrue(s.contains("autojump"), s);
  }

  /**
   * On a clock with rate 0 and no autojump, a sleeper wakes only when another task jumps the clock,
   * and then at the jumped-to time.
   */
  @TrioTest(clock = TrioTest.ClockKind.MOCK)
  void jumpFromAnotherTaskWakesSleepers(MockClock clock) throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                Trio.sleep(Duration.ofSeconds(5));
                log.add("woke at " + Trio.currentTime());
              });
          n.startSoon(
              () -> {
                Lowlevel.waitAllTasksBlocked();
                log.add("jump 3 s");
                clock.jump(Duration.ofSeconds(3));
                Lowlevel.waitAllTasksBlocked();
                log.add("jump 4 s");
                clock.jump(Duration.ofSeconds(4));
              });
        });
    assertEquals(List.of("jump 3 s", "jump 4 s", "woke at " + seconds(7)), log);
  }

  /** A clock used for several runs keeps its time from one run to the next. */
  @Test
  void aClockCarriesItsTimeAcrossRuns() {
    MockClock clock = MockClock.autojumping();
    RunOptions options = RunOptions.builder().clock(clock).build();
    long first =
        Trio.run(
            options,
            () -> {
              Trio.sleep(Duration.ofSeconds(5));
              return Trio.currentTime();
            });
    long second = Trio.run(options, Trio::currentTime);
    assertEquals(seconds(5), first);
    assertEquals(seconds(5), second);
    assertEquals(seconds(5), clock.currentTime());
  }

  /**
   * A clock running fast (a thousand virtual seconds per real second) ends a sleep once enough
   * virtual time has passed, without any autojump.
   */
  @Test
  void fastClockEndsSleepsWithoutAutojump() {
    MockClock clock = new MockClock();
    clock.setRate(1000);
    long end =
        Trio.run(
            RunOptions.builder().clock(clock).build(),
            () -> {
              long start = Trio.currentTime();
              Trio.sleep(Duration.ofSeconds(10));
              return Trio.currentTime() - start;
            });
    assertTrue(end >= seconds(10), "slept only " + end);
  }
}
