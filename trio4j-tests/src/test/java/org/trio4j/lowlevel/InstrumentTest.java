package org.trio4j.lowlevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.trio4j.Nursery;
import org.trio4j.RunOptions;
import org.trio4j.Trio;
import org.trio4j.testing.MockClock;
import org.trio4j.testing.TrioTest;

/** Instruments: the hooks a run calls, adding and removing them, and failing instruments. */
class InstrumentTest {

  /** Records every hook call as "hook name" in a thread-safe list. */
  static final class RecordingInstrument implements Instrument {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void beforeRun() {
      events.add("beforeRun");
    }

    @Override
    public void afterRun() {
      events.add("afterRun");
    }

    @Override
    public void taskSpawned(Task task) {
      events.add("spawned " + task.name());
    }

    @Override
    public void taskScheduled(Task task) {
      events.add("scheduled " + task.name());
    }

    @Override
    public void taskParked(Task task) {
      events.add("parked " + task.name());
    }

    @Override
    public void taskExited(Task task) {
      events.add("exited " + task.name());
    }

    List<String> about(String taskName) {
      List<String> out = new ArrayList<>();
      synchronized (events) {
        for (String e : events) {
          if (e.endsWith(" " + taskName)) {
            out.add(e);
          }
        }
      }
      return out;
    }
  }

  /**
   * beforeRun comes first and afterRun last; a task is reported spawned, parked, scheduled and
   * exited, in that order.
   */
  @Test
  void hooksAreCalledInOrder() throws Exception {
    RecordingInstrument rec = new RecordingInstrument();
    Trio.run(
        RunOptions.builder().clock(MockClock.autojumping()).instrument(rec).build(),
        () -> {
          Nursery.open(n -> n.startSoon("kid", () -> Trio.sleep(Duration.ofSeconds(1))));
          return null;
        });
    List<String> events = new ArrayList<>(rec.events);
    assertEquals("beforeRun", events.get(0));
    assertEquals("afterRun", events.get(events.size() - 1), events.toString());
    assertEquals(
        List.of("spawned kid", "parked kid", "scheduled kid", "exited kid"), rec.about("kid"));
    long spawned = events.stream().filter(e -> e.startsWith("spawned ")).count();
    long exited = events.stream().filter(e -> e.startsWith("exited ")).count();
    assertEquals(spawned, exited, events.toString());
  }

  /** An instrument added during a run sees later events; once removed it sees none. */
  @TrioTest
  void addAndRemoveDuringARun() throws Exception {
    RecordingInstrument rec = new RecordingInstrument();
    Lowlevel.addInstrument(rec);
    Nursery.open(n -> n.startSoon("seen", Trio::checkpoint));
    Lowlevel.removeInstrument(rec);
    Nursery.open(n -> n.startSoon("unseen", Trio::checkpoint));
    assertEquals(List.of("spawned seen", "exited seen"), rec.about("seen"));
    assertEquals(List.of(), rec.about("unseen"));
    assertThrows(IllegalArgumentException.class, () -> Lowlevel.removeInstrument(rec));
  }

  /**
   * An instrument that throws is removed after its first failure, and the run carries on: other
   * instruments still see everything and main's value is returned.
   */
  @Test
  void throwingInstrumentIsRemovedAndTheRunContinues() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Instrument broken =
        new Instrument() {
          @Override
          public void taskSpawned(Task task) {
            calls.incrementAndGet();
            throw new IllegalStateException("instrument bug (expected by the test)");
          }
        };
    RecordingInstrument rec = new RecordingInstrument();
    String result =
        Trio.run(
            RunOptions.builder()
                .clock(MockClock.autojumping())
                .instrument(broken)
                .instrument(rec)
                .build(),
            () -> {
              Nursery.open(
                  n -> {
                    n.startSoon("a", Trio::checkpoint);
                    n.startSoon("b", Trio::checkpoint);
                  });
              return "finished";
            });
    assertEquals("finished", result);
    assertEquals(1, calls.get());
    assertEquals(List.of("spawned a", "exited a"), rec.about("a"));
    assertEquals(List.of("spawned b", "exited b"), rec.about("b"));
  }

  /**
   * taskExited is reported while the task is still a child of its nursery, so the hook can never
   * lag behind the nursery's exit (or behind the end of the run).
   */
  @TrioTest
  void taskExitedComesBeforeTheParentLearnsOfTheExit() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    Instrument i =
        new Instrument() {
          @Override
          public void taskExited(Task task) {
            if (task.name().startsWith("child")) {
              Nursery parent = task.parentNursery().orElseThrow();
              seen.add(
                  task.name()
                      + (parent.childTasks().contains(task) ? " still a child" : " already gone")
                      + (parent.isClosed() ? ", nursery closed" : ""));
            }
          }
        };
    Lowlevel.addInstrument(i);
    try {
      Nursery.open(
          n -> {
            n.startSoon("child1", Trio::checkpoint);
            n.startSoon("child2", () -> Trio.sleep(Duration.ofSeconds(1)));
          });
    } finally {
      Lowlevel.removeInstrument(i);
    }
    assertEquals(Set.of("child1 still a child", "child2 still a child"), Set.copyOf(seen));
    assertEquals(2, seen.size());
  }

  /** Hooks receive the same Task objects the tasks see as Lowlevel.currentTask(). */
  @TrioTest
  void hooksSeeTheTasksThemselves() throws Exception {
    AtomicReference<Task> spawned = new AtomicReference<>();
    AtomicReference<Task> inside = new AtomicReference<>();
    Instrument i =
        new Instrument() {
          @Override
          public void taskSpawned(Task task) {
            if (task.name().equals("me")) {
              spawned.set(task);
            }
          }
        };
    Lowlevel.addInstrument(i);
    try {
      Nursery.open(n -> n.startSoon("me", () -> inside.set(Lowlevel.currentTask())));
    } finally {
      Lowlevel.removeInstrument(i);
    }
    assertTrue(spawned.get() == inside.get(), spawned + " vs " + inside);
    assertFalse(spawned.get() == null);
  }
}
