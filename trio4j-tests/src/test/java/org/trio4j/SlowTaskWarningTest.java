package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The slow-task warning of the cooperative mode (asyncio's slow-callback warning): a task that
 * holds the run longer than RunOptions.slowTaskThreshold without a checkpoint is reported through
 * System.Logger with its stack trace, and a deadline that expires meanwhile interrupts it. These
 * tests block in Thread.sleep on purpose (the JDK-interrupt bridge) and use the real clock, since
 * the threshold is real time.
 */
class SlowTaskWarningTest {
  // Held strongly while the test runs: JUL keeps loggers weakly.
  private final Logger jul = Logger.getLogger("org.trio4j");
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private final List<LogRecord> warnings = Collections.synchronizedList(new ArrayList<>());
  private boolean useParentHandlers;

  // The default System.Logger backend is java.util.logging: capture what trio4j logs there.
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(r);
            log.add("warning");
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureLog() {
    useParentHandlers = jul.getUseParentHandlers();
    jul.setUseParentHandlers(false);
    jul.addHandler(capture);
  }

  @AfterEach
  void restoreLog() {
    jul.removeHandler(capture);
    jul.setUseParentHandlers(useParentHandlers);
  }

  private static RunOptions cooperative(Duration threshold) {
    return RunOptions.builder()
        .scheduling(RunOptions.Scheduling.COOPERATIVE)
        .seed(11)
        .slowTaskThreshold(threshold)
        .build();
  }

  /**
   * A task blocked in Thread.sleep past a 20 ms threshold is reported once, at level WARNING, with
   * a message naming it and a Throwable carrying its stack (Thread.sleep and the test's own frame);
   * the 60 ms deadline of its scope then interrupts it and the scope catches the cancellation.
   */
  @Test
  void slowTaskIsReportedWithItsStackAndADeadlineInterruptsIt() throws Exception {
    long start = System.nanoTime();
    Trio.run(
        cooperative(Duration.ofMillis(20)),
        () -> {
          CancelScope scope = CancelScope.withTimeout(Duration.ofMillis(60));
          scope.run(() -> Thread.sleep(60_000));
          log.add(scope.cancelledCaught() ? "caught" : "not caught");
          return null;
        });
    long elapsed = System.nanoTime() - start;
    assertEquals(List.of("warning", "caught"), log);
    LogRecord r = warnings.get(0);
    assertEquals(Level.WARNING, r.getLevel());
    assertTrue(
        r.getMessage().startsWith("Task[trio4j-main] has held the cooperative run for "),
        r.getMessage());
    assertTrue(r.getMessage().contains("without a checkpoint"), r.getMessage());
    Throwable where = r.getThrown();
    assertNotNull(where);
    List<StackTraceElement> stack = Arrays.asList(where.getStackTrace());
    assertTrue(
        stack.stream()
            .anyMatch(
                e ->
                    e.getClassName().equals("java.lang.Thread")
                        && e.getMethodName().equals("sleep")),
        stack::toString);
    assertTrue(
        stack.stream()
            .anyMatch(e -> e.getClassName().startsWith(SlowTaskWarningTest.class.getName())),
        stack::toString);
    assertTrue(elapsed >= Duration.ofMillis(60).toNanos(), "took " + elapsed + " ns");
    assertTrue(elapsed < Duration.ofSeconds(10).toNanos(), "took " + elapsed + " ns");
  }

  /**
   * A deadline that expires while a task holds the run is fired only once the task has held it for
   * the threshold: with a 150 ms threshold, a 10 ms deadline interrupts the blocked task after at
   * least 150 ms, and the task is reported first.
   */
  @Test
  void aHeldRunFiresDeadlinesOnlyOnceTheThresholdHasPassed() throws Exception {
    long start = System.nanoTime();
    Trio.run(
        cooperative(Duration.ofMillis(150)),
        () -> {
          CancelScope scope = CancelScope.withTimeout(Duration.ofMillis(10));
          scope.run(() -> Thread.sleep(60_000));
          log.add(scope.cancelledCaught() ? "caught" : "not caught");
          return null;
        });
    long elapsed = System.nanoTime() - start;
    assertEquals(List.of("warning", "caught"), log);
    assertTrue(elapsed >= Duration.ofMillis(150).toNanos(), "took " + elapsed + " ns");
  }

  /** A task that blocks for less than the threshold is not reported. */
  @Test
  void aTaskBelowTheThresholdIsNotReported() throws Exception {
    Trio.run(
        cooperative(Duration.ofSeconds(5)),
        () -> {
          Thread.sleep(30);
          Trio.checkpoint();
          return null;
        });
    assertEquals(List.of(), log);
  }

  /** In parallel mode nothing holds the run, and the threshold is ignored: nothing is reported. */
  @Test
  void parallelModeDoesNotReport() throws Exception {
    Trio.run(
        RunOptions.builder().slowTaskThreshold(Duration.ofMillis(5)).build(),
        () -> {
          Thread.sleep(30);
          return null;
        });
    assertEquals(List.of(), log);
  }

  /**
   * The threshold defaults to 100 ms and must be positive: zero and negative durations are refused
   * with IllegalArgumentException, null with NullPointerException.
   */
  @Test
  void thresholdIsPositiveAndDefaultsTo100Ms() {
    assertEquals(Duration.ofMillis(100), RunOptions.builder().build().slowTaskThreshold());
    assertEquals(Duration.ofMillis(100), RunOptions.DEFAULT.slowTaskThreshold());
    assertEquals(
        Duration.ofMillis(7),
        RunOptions.builder().slowTaskThreshold(Duration.ofMillis(7)).build().slowTaskThreshold());
    RunOptions.Builder b = RunOptions.builder();
    IllegalArgumentException zero =
        assertThrows(IllegalArgumentException.class, () -> b.slowTaskThreshold(Duration.ZERO));
    assertTrue(zero.getMessage().contains("slowTaskThreshold must be positive"), zero.getMessage());
    assertThrows(IllegalArgumentException.class, () -> b.slowTaskThreshold(Duration.ofMillis(-1)));
    assertThrows(NullPointerException.class, () -> b.slowTaskThreshold(null));
  }
}
