package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.trio4j.testing.MockClock;

/** The cooperative scheduling mode: one task at a time, seeded and replayable interleavings. */
class CooperativeSchedulingTest {
  private static RunOptions cooperative(long seed) {
    return RunOptions.builder()
        .clock(MockClock.autojumping())
        .scheduling(RunOptions.Scheduling.COOPERATIVE)
        .seed(seed)
        .build();
  }

  /** Five tasks of fifty checkpoints each, as in Trio's test_scheduler_determinism. */
  private static List<String> trace(long seed) throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Trio.run(
        cooperative(seed),
        () -> {
          Nursery.open(
              n -> {
                for (int i = 0; i < 5; i++) {
                  int id = i;
                  n.startSoon(
                      () -> {
                        for (int k = 0; k < 50; k++) {
                          log.add(id + ":" + k);
                          Trio.checkpoint();
                        }
                      });
                }
              });
          return null;
        });
    return log;
  }

  /** The same seed replays exactly the same interleaving of several tasks. */
  @Test
  void sameSeedGivesTheSameTrace() throws Exception {
    List<String> first = trace(42);
    for (int i = 0; i < 5; i++) {
      assertEquals(first, trace(42));
    }
  }

  /** Different seeds explore different interleavings: ten seeds give ten distinct traces. */
  @Test
  void differentSeedsGiveDifferentTraces() throws Exception {
    Set<List<String>> traces = new HashSet<>();
    for (long seed = 0; seed < 10; seed++) {
      traces.add(trace(seed));
    }
    assertEquals(10, traces.size());
    assertNotEquals(trace(1), trace(2));
  }

  /** Code between two checkpoints is atomic: unsynchronised read-modify-write loses nothing. */
  @Test
  void codeBetweenCheckpointsIsAtomic() throws Exception {
    int[] counter = {0};
    Trio.run(
        cooperative(7),
        () -> {
          Nursery.open(
              n -> {
                for (int i = 0; i < 20; i++) {
                  n.startSoon(
                      () -> {
                        for (int k = 0; k < 500; k++) {
                          int v = counter[0];
                          Thread.onSpinWait();
                          counter[0] = v + 1;
                          if (k % 50 == 0) {
                            Trio.checkpoint();
                          }
                        }
                      });
                }
              });
          return null;
        });
    assertEquals(10_000, counter[0]);
  }

  /** Deadlines and sleeps keep their exact virtual times in cooperative mode. */
  @Test
  void sleepsAndTimeoutsKeepExactTimes() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Trio.run(
        cooperative(3),
        () -> {
          Nursery.open(
              n -> {
                n.startSoon(
                    () -> {
                      Trio.sleep(Duration.ofSeconds(2));
                      log.add("two@" + Trio.currentTime());
                    });
                n.startSoon(
                    () -> {
                      Trio.sleep(Duration.ofSeconds(1));
                      log.add("one@" + Trio.currentTime());
                    });
              });
          boolean completed = Trio.moveOnAfter(Duration.ofSeconds(1), Trio::sleepForever);
          log.add("moved on " + completed + "@" + Trio.currentTime());
          return null;
        });
    assertEquals(
        List.of(
            "one@" + Duration.ofSeconds(1).toNanos(),
            "two@" + Duration.ofSeconds(2).toNanos(),
            "moved on false@" + Duration.ofSeconds(3).toNanos()),
        log);
  }

  /**
   * A deadline that a clock jump makes due is fired at the very next batch boundary, although a
   * task stays runnable throughout (so the boundaries are taken by the tasks, not by an idle run):
   * the sleeper runs in the batch right after the jump, before the jumper's next checkpoint.
   */
  @Test
  void deadlineMadeDueByAJumpFiresAtTheNextBoundary() throws Exception {
    MockClock clock = new MockClock();
    RunOptions options =
        RunOptions.builder()
            .clock(clock)
            .scheduling(RunOptions.Scheduling.COOPERATIVE)
            .seed(11)
            .build();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Trio.run(
        options,
        () -> {
          Nursery.open(
              n -> {
                n.startSoon(
                    () -> {
                      Trio.sleep(Duration.ofSeconds(1));
                      log.add("woke@" + Trio.currentTime());
                    });
                n.startSoon(
                    () -> {
                      Trio.checkpoint(); // the sleeper has parked: both tasks have had a turn
                      for (int k = 0; k < 6; k++) {
                        log.add("jumper " + k);
                        if (k == 2) {
                          clock.jump(Duration.ofSeconds(1));
                        }
                        Trio.checkpoint();
                      }
                    });
              });
          return null;
        });
    String woke = "woke@" + Duration.ofSeconds(1).toNanos();
    assertEquals(7, log.size(), log.toString());
    int at = log.indexOf(woke);
    // The batch after the jump holds the jumper and the sleeper, in either order.
    assertEquals(true, at == 3 || at == 4, log.toString());
  }

  /**
   * A task that holds the cooperative run inside foreign blocking code is still reached by an
   * expiring deadline: it is interrupted and its scope catches the cancellation (real clock; the
   * run reports such a task after 100 ms of holding it).
   */
  @Test
  void deadlineInterruptsATaskBlockedInForeignCode() throws Exception {
    RunOptions options =
        RunOptions.builder().scheduling(RunOptions.Scheduling.COOPERATIVE).seed(5).build();
    boolean[] caught = new boolean[1];
    long start = System.nanoTime();
    Trio.run(
        options,
        () -> {
          CancelScope scope = CancelScope.withTimeout(Duration.ofMillis(20));
          scope.run(() -> Thread.sleep(60_000));
          caught[0] = scope.cancelledCaught();
          return null;
        });
    assertEquals(true, caught[0]);
    long elapsed = System.nanoTime() - start;
    assertEquals(true, elapsed < Duration.ofSeconds(10).toNanos(), "took " + elapsed + " ns");
  }
}
