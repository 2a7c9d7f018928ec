package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.trio4j.lowlevel.Abort;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.Task;
import org.trio4j.testing.MockClock;
import org.trio4j.testing.TrioExtension;

/**
 * trio4j's JDK Flight Recorder events, recorded with jdk.jfr.Recording and read back with
 * RecordingFile: task start and exit, cancellation, cancel-scope exit, parks, and the task-tree
 * dump at the end of a chunk. The run uses the suite's scheduling mode.
 */
class JfrEventsTest {
  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  private static RunOptions options() {
    return RunOptions.builder()
        .clock(MockClock.autojumping())
        .scheduling(TrioExtension.schedulingMode())
        .build();
  }

  private static Recording recording() {
    Recording r = new Recording();
    for (String name :
        List.of(
            "org.trio4j.TaskStart",
            "org.trio4j.TaskExit",
            "org.trio4j.Cancel",
            "org.trio4j.CancelScopeExit",
            "org.trio4j.TaskTree")) {
      r.enable(name);
    }
    // Parks on a mock clock take almost no real time: record them all.
    r.enable("org.trio4j.Park").withThreshold(Duration.ZERO);
    return r;
  }

  /**
   * Runs {@code main} in a run with the suite's options while {@code r} records, then stops and
   * closes the recording and returns what it recorded.
   */
  private static List<RecordedEvent> recordRun(Recording r, ThrowingSupplier<?, ?> main)
      throws Exception {
    try (r) {
      r.start();
      Trio.run(options(), main);
      r.stop();
      return read(r);
    }
  }

  private static List<RecordedEvent> read(Recording r) throws IOException {
    Path file = Files.createTempFile("trio4j-jfr-test", ".jfr");
    try {
      r.dump(file);
      return RecordingFile.readAllEvents(file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static RecordedEvent only(
      List<RecordedEvent> events, String type, Predicate<RecordedEvent> p) {
    List<RecordedEvent> found =
        events.stream().filter(e -> e.getEventType().getName().equals(type)).filter(p).toList();
    assertEquals(1, found.size(), type + ": " + found);
    return found.get(0);
  }

  /**
   * A run in which a child fails (its sibling is cancelled) and a timeout expires emits: TaskStart
   * for each task on the task's own virtual thread with its parent task; TaskExit with the outcome
   * (failed with the exception, cancelled); Cancel for the nursery's scope with the failure as its
   * reason and for the timeout's scope with its deadline; CancelScopeExit with cancelledCaught; and
   * Park events saying what each task waited for and how the wait ended.
   */
  @Test
  void recordsTasksCancellationScopeExitsAndParks() throws Exception {
    List<RecordedEvent> events =
        recordRun(
            recording(),
            () -> {
              try {
                Nursery.open(
                    n -> {
                      n.startSoon(
                          "failer",
                          () -> {
                            Trio.sleep(Duration.ofSeconds(1));
                            throw new IOException("boom");
                          });
                      n.startSoon("victim", Trio::sleepForever);
                    });
              } catch (IOException expected) {
                // the failer's failure
              }
              Trio.moveOnAfter(Duration.ofSeconds(1), Trio::sleepForever);
              return null;
            });
    RecordedEvent start =
        only(events, "org.trio4j.TaskStart", e -> "failer".equals(e.getString("task")));
    assertEquals("trio4j-main", start.getString("parentTask"));
    assertEquals("failer", start.getThread().getJavaName());
    assertTrue(start.getThread().isVirtual());
    only(events, "org.trio4j.TaskStart", e -> "victim".equals(e.getString("task")));

    RecordedEvent failed =
        only(events, "org.trio4j.TaskExit", e -> "failer".equals(e.getString("task")));
    assertEquals("failed", failed.getString("outcome"));
    assertEquals("java.io.IOException: boom", failed.getString("failure"));
    RecordedEvent victim =
        only(events, "org.trio4j.TaskExit", e -> "victim".equals(e.getString("task")));
    assertEquals("cancelled", victim.getString("outcome"));
    assertTrue(victim.getString("failure").startsWith("org.trio4j.Cancelled"));

    RecordedEvent nurseryCancel =
        only(
            events,
            "org.trio4j.Cancel",
            e -> e.getBoolean("nursery") && "trio4j-main".equals(e.getString("task")));
    assertEquals(
        "child task failer threw java.io.IOException: boom", nurseryCancel.getString("reason"));
    RecordedEvent timeout =
        only(events, "org.trio4j.Cancel", e -> "deadline exceeded".equals(e.getString("reason")));
    assertFalse(timeout.getBoolean("nursery"));
    assertEquals(2 * SECOND, timeout.getLong("deadline"));

    RecordedEvent exit =
        only(
            events,
            "org.trio4j.CancelScopeExit",
            e -> !e.getBoolean("nursery") && "trio4j-main".equals(e.getString("task")));
    assertTrue(exit.getBoolean("cancelledCaught"));
    assertTrue(exit.getBoolean("cancelCalled"));
    assertEquals("deadline exceeded", exit.getString("reason"));
    assertEquals(2 * SECOND, exit.getLong("deadline"));
    RecordedEvent nurseryExit =
        only(
            events,
            "org.trio4j.CancelScopeExit",
            e -> e.getBoolean("nursery") && "trio4j-main".equals(e.getString("task")));
    assertFalse(nurseryExit.getBoolean("cancelledCaught"), "the IOException left the nursery");

    RecordedEvent sleep =
        only(events, "org.trio4j.Park", e -> "failer".equals(e.getString("task")));
    assertEquals("sleep until 1.000 s", sleep.getString("blockedOn"));
    assertEquals("woken", sleep.getString("outcome"));
    RecordedEvent forever =
        only(events, "org.trio4j.Park", e -> "victim".equals(e.getString("task")));
    assertEquals("Trio.sleepForever()", forever.getString("blockedOn"));
    assertEquals("cancelled", forever.getString("outcome"));
  }

  /**
   * A recording with the JDK's default settings, as production runs it all the time, records none
   * of the events that fire per task or per scope (TaskStart, TaskExit, CancelScopeExit are off by
   * default, as jdk.VirtualThreadStart and jdk.VirtualThreadEnd are), and still records
   * cancellations.
   */
  @Test
  void defaultSettingsRecordNoPerTaskOrPerScopeEvents() throws Exception {
    List<RecordedEvent> events =
        recordRun(
            new Recording(Configuration.getConfiguration("default")),
            () -> {
              Nursery.open(
                  n -> {
                    n.startSoon("sleeper", () -> Trio.sleep(Duration.ofSeconds(1)));
                    n.startSoon("quick", () -> {});
                  });
              Trio.moveOnAfter(Duration.ofSeconds(1), Trio::sleepForever);
              return null;
            });
    for (String off :
        List.of("org.trio4j.TaskStart", "org.trio4j.TaskExit", "org.trio4j.CancelScopeExit")) {
      assertEquals(
          List.of(),
          events.stream().filter(e -> e.getEventType().getName().equals(off)).toList(),
          off + " is off by default");
    }
    only(events, "org.trio4j.Cancel", e -> "deadline exceeded".equals(e.getString("reason")));
  }

  /**
   * A wait that is woken before it parks (the waker came first) records no Park event even at a
   * threshold of 0; the task's next wait, which parks, records one.
   */
  @Test
  void aWaitWokenBeforeItParksRecordsNoParkEvent() throws Exception {
    List<RecordedEvent> events =
        recordRun(
            recording(),
            () -> {
              Task me = Lowlevel.currentTask();
              Lowlevel.reschedule(me);
              Lowlevel.park(() -> Abort.SUCCEEDED, "woken first");
              Trio.sleep(Duration.ofSeconds(1));
              return null;
            });
    RecordedEvent park =
        only(events, "org.trio4j.Park", e -> "trio4j-main".equals(e.getString("task")));
    assertEquals("sleep until 1.000 s", park.getString("blockedOn"));
  }

  /**
   * Ending a chunk while a run executes (Recording.dump does, and so does jcmd JFR.dump) emits
   * org.trio4j.TaskTree with the task-tree dump of the live runs.
   */
  @Test
  void taskTreeEventCarriesTheDumpOfLiveRuns() throws Exception {
    AtomicReference<List<RecordedEvent>> events = new AtomicReference<>();
    try (Recording r = recording()) {
      r.start();
      Trio.run(
          options(),
          () -> {
            Nursery.open(
                n -> {
                  n.startSoon("napper", Trio::sleepForever);
                  Lowlevel.waitAllTasksBlocked();
                  events.set(read(r));
                  n.cancelScope().cancel();
                });
            return null;
          });
    }
    List<RecordedEvent> trees =
        events.get().stream()
            .filter(e -> e.getEventType().getName().equals("org.trio4j.TaskTree"))
            .toList();
    assertFalse(trees.isEmpty(), "no TaskTree event");
    String dump = trees.get(trees.size() - 1).getString("dump");
    assertNotNull(dump);
    assertTrue(dump.contains("task napper: parked on Trio.sleepForever()"), dump);
    assertTrue(trees.get(trees.size() - 1).getInt("runs") >= 1);
  }
}
