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

  /** Outside a run the counters cannot be read: the call fails at once with a clear message. */
  @org.junit.jupiter.api.Test
  void outsideARunItFails() {
    IllegalStateException e = assertThrows(IllegalStateException.class, Lowlevel::checkpointCounts);
    assertEquals(true, e.getMessage().contains("Lowlevel.checkpointCounts"), e.getMessage());
  }
}
