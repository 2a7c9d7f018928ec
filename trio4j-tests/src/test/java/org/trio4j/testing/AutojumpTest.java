package org.trio4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.VirtualTime.seconds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.trio4j.Nursery;
import org.trio4j.RunOptions;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;

/**
 * Autojumping {@link MockClock}s: when every task is blocked for the threshold of real time, the
 * clock jumps to the next deadline, and {@code waitAllTasksBlocked} takes priority (Trio's {@code
 * test_mock_clock.py}: {@code test_mock_clock_autojump}, {@code ..._preset}, {@code
 * ..._autojump_0_and_wait_all_tasks_blocked_0}, {@code ..._nonzero}; rules K2, DESIGN rule 14).
 */
class AutojumpTest {

  /** With threshold 0, sleeps end at exact virtual times and take almost no real time. */
  @TrioTest(clock = TrioTest.ClockKind.MOCK)
  void thresholdZeroMakesSleepsExactAndFast(MockClock clock) {
    clock.setAutojumpThreshold(Duration.ZERO);
    long realStart = System.nanoTime();
    long virtualStart = Trio.currentTime();
    for (int i = 0; i < 10; i++) {
      Trio.sleep(Duration.ofSeconds(10L * i));
      assertEquals(virtualStart + seconds(10L * i), Trio.currentTime());
      virtualStart = Trio.currentTime();
    }
    assertEquals(seconds(450), Trio.currentTime());
    long real = System.nanoTime() - realStart;
    assertTrue(real < seconds(1), "450 virtual seconds took " + Duration.ofNanos(real));
  }

  /**
   * With a real threshold of 10 ms, sleeps still end at exact virtual times, and each jump waits
   * for at least the threshold of real idleness.
   */
  @TrioTest(clock = TrioTest.ClockKind.MOCK)
  void realThresholdStillGivesExactTimes(MockClock clock) {
    clock.setAutojumpThreshold(Duration.ofMillis(10));
    long realStart = System.nanoTime();
    Trio.sleep(Duration.ofSeconds(1));
    assertEquals(seconds(1), Trio.currentTime());
    Trio.sleep(Duration.ofMillis(1500));
    assertEquals(seconds(1) + Duration.ofMillis(1500).toNanos(), Trio.currentTime());
    Trio.sleepUntil(seconds(3600));
    assertEquals(seconds(3600), Trio.currentTime());
    long real = System.nanoTime() - realStart;
    assertTrue(real >= Duration.ofMillis(30).toNanos(), "three jumps took " + real + " ns");
  }

  /**
   * A threshold set before the run starts is picked up by the run (Trio's
   * test_mock_clock_autojump_preset).
   */
  @Test
  void thresholdSetBeforeTheRunApplies() {
    MockClock clock = new MockClock();
    clock.setAutojumpThreshold(Duration.ofMillis(100));
    clock.setAutojumpThreshold(Duration.ofMillis(10));
    long realStart = System.nanoTime();
    long end =
        Trio.run(
            RunOptions.builder().clock(clock).build(),
            () -> {
              Trio.sleep(Duration.ofSeconds(10_000));
              return Trio.currentTime();
            });
    assertEquals(seconds(10_000), end);
    assertTrue(System.nanoTime() - realStart < seconds(5));
  }

  /**
   * Turning autojump on during a run takes effect at once, even while the run is idle waiting for a
   * huge threshold (Trio's test_mock_clock_autojump, last part).
   */
  @TrioTest(clock = TrioTest.ClockKind.MOCK)
  void thresholdChangesTakeEffectImmediately(MockClock clock) {
    clock.setAutojumpThreshold(Duration.ofSeconds(10_000));
    Lowlevel.waitAllTasksBlocked();
    clock.setAutojumpThreshold(Duration.ZERO);
    Trio.sleep(Duration.ofSeconds(100_000));
    assertEquals(seconds(100_000), Trio.currentTime());
  }

  /**
   * waitAllTasksBlocked wakes before any autojump, so the clock has not moved when it returns
   * (Trio's test_mock_clock_autojump, middle part).
   */
  @TrioTest
  void waitAllTasksBlockedWakesBeforeAutojump(MockClock clock) throws Exception {
    clock.setAutojumpThreshold(Duration.ofMillis(20));
    Nursery.open(
        n -> {
          n.startSoon(() -> Trio.sleep(Duration.ofSeconds(100)));
          Lowlevel.waitAllTasksBlocked();
          assertEquals(0, Trio.currentTime());
          Lowlevel.waitAllTasksBlocked(Duration.ofMillis(10));
          assertEquals(0, Trio.currentTime());
        });
    assertEquals(seconds(100), Trio.currentTime());
  }

  /**
   * With threshold 0, a waitAllTasksBlocked with no cushion wakes first, then the clock jumps to
   * each sleeper's deadline in turn (Trio's
   * test_mock_clock_autojump_0_and_wait_all_tasks_blocked_0).
   */
  @TrioTest
  void autojumpZeroAndWaitAllTasksBlockedZero() throws Exception {
    List<String> record = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                Trio.sleep(Duration.ofSeconds(100));
                record.add("yawn@" + Trio.currentTime());
              });
          n.startSoon(
              () -> {
                Lowlevel.waitAllTasksBlocked();
                record.add("waiter woke@" + Trio.currentTime());
                Trio.sleep(Duration.ofSeconds(1000));
                record.add("waiter done@" + Trio.currentTime());
              });
        });
    assertEquals(
        List.of("waiter woke@0", "yawn@" + seconds(100), "waiter done@" + seconds(1000)), record);
  }

  /**
   * With threshold 0, a waitAllTasksBlocked with a cushion still wakes before the clock jumps to a
   * sleeper's deadline (Trio's test_mock_clock_autojump_0_and_wait_all_tasks_blocked_nonzero).
   */
  @TrioTest
  void autojumpZeroAndWaitAllTasksBlockedWithCushion() throws Exception {
    List<String> record = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                Trio.sleep(Duration.ofSeconds(100));
                record.add("yawn");
              });
          n.startSoon(
              () -> {
                Lowlevel.waitAllTasksBlocked(Duration.ofMillis(20));
                record.add("waiter done@" + Trio.currentTime());
              });
        });
    assertEquals(List.of("waiter done@0", "yawn"), record);
  }

  /**
   * A task blocked in foreign (JDK) code counts as running, so the clock does not autojump while it
   * is blocked there, even though every other task sleeps. This needs a real-time wait: it checks
   * that something does not happen during it.
   */
  @TrioTest
  void noAutojumpWhileATaskRunsForeignCode() throws Exception {
    List<String> record = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch never = new CountDownLatch(1);
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                Trio.sleep(Duration.ofSeconds(1));
                record.add("sleeper woke@" + Trio.currentTime());
              });
          Lowlevel.waitAllTasksBlocked();
          assertFalse(never.await(50, TimeUnit.MILLISECONDS));
          record.add("foreign wait over@" + Trio.currentTime());
        });
    assertEquals(List.of("foreign wait over@0", "sleeper woke@" + seconds(1)), record);
  }

  /** Autojump skips over deadlines in order: several sleepers each wake at their own time. */
  @TrioTest
  void autojumpVisitsEveryDeadlineInOrder() throws Exception {
    List<Long> woke = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          for (long s : new long[] {30, 10, 20}) {
            n.startSoon(
                () -> {
                  Trio.sleep(Duration.ofSeconds(s));
                  woke.add(Trio.currentTime());
                });
          }
        });
    assertEquals(List.of(seconds(10), seconds(20), seconds(30)), woke);
  }
}
