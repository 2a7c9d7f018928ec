package org.trio4j.lowlevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.trio4j.VirtualTime.seconds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trio4j.CancelScope;
import org.trio4j.Cancelled;
import org.trio4j.RunOptions;
import org.trio4j.ThrowingRunnable;
import org.trio4j.Trio;
import org.trio4j.TrioInternalError;
import org.trio4j.testing.MockClock;
import org.trio4j.testing.TrioTest;

/** System tasks: outside user scopes, cancelled after main, failures are internal errors. */
class SystemTaskTest {

  private static void shielded(ThrowingRunnable<RuntimeException> body) {
    CancelScope s = new CancelScope();
    s.setShield(true);
    s.run(body);
  }

  /**
   * A system task spawned from inside a cancelled scope is not cancelled by it: it sleeps its full
   * second, with no deadline, and its parent nursery belongs to the root task.
   */
  @TrioTest
  void systemTaskRunsOutsideUserCancelScopes() {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CancelScope cs = CancelScope.withTimeout(Duration.ofMillis(500));
    cs.run(
        () -> {
          cs.cancel();
          Lowlevel.spawnSystemTask(
              "sys",
              () -> {
                Task me = Lowlevel.currentTask();
                log.add("name " + me.name());
                log.add(
                    "parent task is root: "
                        + (me.parentNursery().orElseThrow().parentTask()
                            == Lowlevel.currentRootTask()));
                log.add("deadline " + Trio.currentEffectiveDeadline());
                Trio.sleep(Duration.ofSeconds(1));
                log.add("slept until " + Trio.currentTime());
              });
        });
    Trio.sleep(Duration.ofSeconds(2));
    assertEquals(
        List.of(
            "name sys",
            "parent task is root: true",
            "deadline " + Long.MAX_VALUE,
            "slept until " + seconds(1)),
        log);
  }

  /**
   * A system task is cancelled once main has finished, and Trio.run returns only after it has
   * ended, here after 2 s of shielded cleanup.
   */
  @Test
  void systemTaskIsCancelledWhenMainFinishes() {
    MockClock clock = MockClock.autojumping();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    String result =
        Trio.run(
            RunOptions.builder().clock(clock).build(),
            () -> {
              Lowlevel.spawnSystemTask(
                  "sys",
                  () -> {
                    try {
                      Trio.sleepForever();
                    } catch (Cancelled c) {
                      log.add("sys cancelled at " + Trio.currentTime());
                      shielded(() -> Trio.sleep(Duration.ofSeconds(2)));
                      throw c;
                    }
                  });
              Trio.sleep(Duration.ofSeconds(1));
              log.add("main done");
              return "main's value";
            });
    assertEquals("main's value", result);
    assertEquals(List.of("main done", "sys cancelled at " + seconds(1)), log);
    assertEquals(seconds(3), clock.currentTime());
  }

  /**
   * A system task that fails makes Trio.run throw TrioInternalError with that failure as the cause,
   * after cancelling main.
   */
  @Test
  void failingSystemTaskIsAnInternalError() {
    IllegalArgumentException boom = new IllegalArgumentException("system task bug");
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    TrioInternalError e =
        assertThrows(
            TrioInternalError.class,
            () ->
                Trio.run(
                    RunOptions.builder().clock(MockClock.autojumping()).build(),
                    () -> {
                      Lowlevel.spawnSystemTask(
                          "crasher",
                          () -> {
                            Trio.sleep(Duration.ofSeconds(1));
                            throw boom;
                          });
                      try {
                        Trio.sleepForever();
                      } catch (Cancelled c) {
                        log.add("main cancelled at " + Trio.currentTime());
                        throw c;
                      }
                      return null;
                    }));
    assertSame(boom, e.getCause());
    assertEquals(List.of("main cancelled at " + seconds(1)), log);
  }
}
