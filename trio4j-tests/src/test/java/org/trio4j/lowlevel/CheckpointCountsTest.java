package org.trio4j.lowlevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.trio4j.CancelScope;
import org.trio4j.Cancelled;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.testing.TrioTest;

/** Lowlevel.checkpointCounts: the per-task counters behind assertCheckpoints. */
class CheckpointCountsTest {
  private static CheckpointCounts delta(CheckpointCounts before) {
    CheckpointCounts after = Lowlevel.checkpointCounts();
    return new CheckpointCounts(
        after.cancelPoints() - before.cancelPoints(),
        after.schedulePoints() - before.schedulePoints());
  }

  /**
   * A full checkpoint counts one cancel point and one schedule point; each half counts only its own
   * kind; plain code counts nothing.
   */
  @TrioTest
  void eachKindOfCheckpointCountsWhatItIs() {
    CheckpointCounts before = Lowlevel.checkpointCounts();
    assertEquals(new CheckpointCounts(0, 0), delta(before));
    before = Lowlevel.checkpointCounts();
    Trio.checkpoint();
    assertEquals(new CheckpointCounts(1, 1), delta(before));
    before = Lowlevel.checkpointCounts();
    Lowlevel.checkpoint();
    assertEquals(new CheckpointCounts(1, 1), delta(before));
    before = Lowlevel.checkpointCounts();
    Lowlevel.checkpointIfCancelled();
    assertEquals(new CheckpointCounts(1, 0), delta(before));
    before = Lowlevel.checkpointCounts();
    Lowlevel.cancelShieldedCheckpoint();
    assertEquals(new CheckpointCounts(0, 1), delta(before));
  }

  /** A park counts as both a cancel point and a schedule point, and so does a sleep. */
  @TrioTest
  void parkingCountsAsBoth() throws Exception {
    Task me = Lowlevel.currentTask();
    CheckpointCounts before = Lowlevel.checkpointCounts();
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                Lowlevel.waitAllTasksBlocked();
                Lowlevel.reschedule(me);
              });
          Lowlevel.park(() -> Abort.FAILED);
        });
    CheckpointCounts d = delta(before);
    assertEquals(true, d.cancelPoints() >= 1 && d.schedulePoints() >= 1, d.toString());
    before = Lowlevel.checkpointCounts();
    Trio.sleep(Duration.ofSeconds(1));
    d = delta(before);
    assertEquals(true, d.cancelPoints() >= 1 && d.schedulePoints() >= 1, d.toString());
  }

  /** The counters are per task: another task's checkpoints do not show in this task's counts. */
  @TrioTest
  void countsArePerTask() throws Exception {
    CheckpointCounts before = Lowlevel.checkpointCounts();
    CheckpointCounts[] child = new CheckpointCounts[2];
    Nursery.open(
        n ->
            n.startSoon(
                () -> {
                  child[0] = Lowlevel.checkpointCounts();
                  for (int i = 0; i < 10; i++) {
                    Trio.checkpoint();
                  }
                  child[1] = Lowlevel.checkpointCounts();
                }));
    assertEquals(10, child[1].cancelPoints() - child[0].cancelPoints());
    assertEquals(10, child[1].schedulePoints() - child[0].schedulePoints());
    CheckpointCounts d = delta(before);
    assertEquals(true, d.cancelPoints() < 10 && d.schedulePoints() < 10, d.toString());
  }

  /** A checkpoint that throws Cancelled still counted as a cancel point. */
  @TrioTest
  void aCancelledCheckpointCounts() {
    CheckpointCounts before = Lowlevel.checkpointCounts();
    CancelScope scope = new CancelScope();
    scope.cancel();
    scope.run(() -> assertThrows(Cancelled.class, Lowlevel::checkpointIfCancelled));
    assertEquals(1, delta(before).cancelPoints());
  }

  /**
   * The counts stay exact past 2^32: the task keeps their low halves in ints and carries into the
   * high halves when they wrap (the counters are set just below the wrap by reflection, since
   * reaching it by checkpoints would take minutes).
   */
  @TrioTest
  void countsCarryPastTwoToTheThirtyTwo() throws Exception {
    Object task = Lowlevel.currentTask();
    java.lang.reflect.Field cancel = task.getClass().getDeclaredField("cancelPoints");
    java.lang.reflect.Field schedule = task.getClass().getDeclaredField("schedulePoints");
    cancel.setAccessible(true);
    schedule.setAccessible(true);
    cancel.setInt(task, -1);
    schedule.setInt(task, -2);
    assertEquals(new CheckpointCounts(0xFFFF_FFFFL, 0xFFFF_FFFEL), Lowlevel.checkpointCounts());
    Trio.checkpoint();
    assertEquals(new CheckpointCounts(1L << 32, 0xFFFF_FFFFL), Lowlevel.checkpointCounts());
    Trio.checkpoint();
    Lowlevel.checkpointIfCancelled();
    assertEquals(new CheckpointCounts((1L << 32) + 2, 1L << 32), Lowlevel.checkpointCounts());
    for (int i = 0; i < 3; i++) {
      Trio.checkpoint();
    }
    assertEquals(new CheckpointCounts((1L << 32) + 5, (1L << 32) + 3), Lowlevel.checkpointCounts());
  }

  /** Outside a run the counters cannot be read: the call fails at once with a clear message. */
  @org.junit.jupiter.api.Test
  void outsideARunItFails() {
    IllegalStateException e = assertThrows(IllegalStateException.class, Lowlevel::checkpointCounts);
    assertEquals(true, e.getMessage().contains("Lowlevel.checkpointCounts"), e.getMessage());
  }
}
