package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trio4j.lowlevel.Instrument;
import org.trio4j.lowlevel.Task;
import org.trio4j.testing.MockClock;

/**
 * Which thread runs a run's timer loop: the thread that called {@code Trio.run} on the system
 * clock; a virtual thread of its own on a virtual clock, where every autojump hands work between
 * the loop and the tasks (LoopThread notes). Observed through the thread on which the loop wakes a
 * sleeping task ({@link Instrument#taskScheduled}).
 */
class TimerLoopThreadTest {

  /** The threads from which the task named "sleeper" was woken, as (virtual?, the caller?). */
  private static List<String> wakers(RunOptions.Builder options, Duration sleep) throws Exception {
    Thread caller = Thread.currentThread();
    List<String> wakers = Collections.synchronizedList(new ArrayList<>());
    Instrument watch =
        new Instrument() {
          @Override
          public void taskScheduled(Task task) {
            if (task.name().equals("sleeper")) {
              Thread t = Thread.currentThread();
              wakers.add(
                  (t.isVirtual() ? "virtual" : "platform") + (t == caller ? ", caller" : ""));
            }
          }
        };
    Trio.run(
        options.instrument(watch).build(),
        () -> {
          Nursery.open(n -> n.startSoon("sleeper", () -> Trio.sleep(sleep)));
          return null;
        });
    return wakers;
  }

  /** On an autojumping virtual clock, the loop that fires the sleeper's deadline is virtual. */
  @Test
  void virtualClockRunsTheLoopOnAVirtualThread() throws Exception {
    assertEquals(
        List.of("virtual"),
        wakers(RunOptions.builder().clock(MockClock.autojumping()), Duration.ofSeconds(5)));
  }

  /** On the system clock, the loop is the platform thread that called Trio.run. */
  @Test
  void systemClockRunsTheLoopOnTheCallingThread() throws Exception {
    assertEquals(List.of("platform, caller"), wakers(RunOptions.builder(), Duration.ofMillis(1)));
  }

  /**
   * On a virtual clock, interrupting the thread that called Trio.run (which waits for the virtual
   * loop) still cancels the run, runs the finally blocks, ends in KeyboardInterrupt and leaves that
   * thread interrupted, as with the system clock.
   */
  @Test
  void interruptingTheCallerOfAVirtualClockRunCancelsIt() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    InterruptedRun.Result r =
        InterruptedRun.of(
            RunOptions.builder().clock(MockClock.autojumping()).build(),
            running -> {
              try {
                running.run();
                Trio.sleepForever();
              } finally {
                log.add("main finally");
              }
              return "not reached";
            });
    assertInstanceOf(KeyboardInterrupt.class, r.outcome());
    assertTrue(
        r.outcome().getMessage().contains("its thread was interrupted"), r.outcome().getMessage());
    assertEquals(List.of("main finally"), log);
    assertTrue(r.interruptedAfter(), "the interrupt is given back to the caller");
  }
}
