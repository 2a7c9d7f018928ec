package org.trio4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;

/**
 * Ports of Trio's test_assert_checkpoints and test_assert_no_checkpoints ({@code test_testing.py}).
 */
class CheckpointsTest {

  /** A full checkpoint passes assertCheckpoints, and the block's value is returned. */
  @TrioTest
  void aCheckpointPasses() {
    Checkpoints.assertCheckpoints(Trio::checkpoint);
    assertEquals(
        42,
        Checkpoints.assertCheckpoints(
            () -> {
              Trio.checkpoint();
              return 42;
            }));
  }

  /** A block with no checkpoint fails assertCheckpoints with a message saying what was missing. */
  @TrioTest
  void noCheckpointFails() {
    AssertionError e =
        assertThrows(AssertionError.class, () -> Checkpoints.assertCheckpoints(() -> {}));
    assertTrue(e.getMessage().contains("did not check for cancellation"), e.getMessage());
    assertTrue(e.getMessage().contains("did not let other tasks run"), e.getMessage());
  }

  /** Half a checkpoint (only a cancel point, or only a schedule point) is not a checkpoint. */
  @TrioTest
  void halfACheckpointFails() {
    assertThrows(
        AssertionError.class, () -> Checkpoints.assertCheckpoints(Lowlevel::checkpointIfCancelled));
    assertThrows(
        AssertionError.class,
        () -> Checkpoints.assertCheckpoints(Lowlevel::cancelShieldedCheckpoint));
    Checkpoints.assertCheckpoints(
        () -> {
          Lowlevel.checkpointIfCancelled();
          Lowlevel.cancelShieldedCheckpoint();
        });
  }

  /** A block that throws passes its exception through, checkpoint or not (rule K4). */
  @TrioTest
  void aThrowingBlockIsNotChecked() {
    IllegalStateException boom = new IllegalStateException("boom");
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                Checkpoints.assertCheckpoints(
                    () -> {
                      throw boom;
                    }));
    assertSame(boom, thrown);
  }

  /**
   * assertNoCheckpoints passes plain code and fails a checkpoint, either half of one, or both
   * halves.
   */
  @TrioTest
  void assertNoCheckpointsFailsOnAnyPart() {
    Checkpoints.assertNoCheckpoints(() -> {});
    assertThrows(AssertionError.class, () -> Checkpoints.assertNoCheckpoints(Trio::checkpoint));
    assertThrows(
        AssertionError.class,
        () -> Checkpoints.assertNoCheckpoints(Lowlevel::checkpointIfCancelled));
    assertThrows(
        AssertionError.class,
        () -> Checkpoints.assertNoCheckpoints(Lowlevel::cancelShieldedCheckpoint));
  }
}
