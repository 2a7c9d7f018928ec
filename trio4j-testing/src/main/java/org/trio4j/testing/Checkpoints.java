package org.trio4j.testing;

import org.trio4j.ThrowingRunnable;
import org.trio4j.ThrowingSupplier;
import org.trio4j.lowlevel.CheckpointCounts;
import org.trio4j.lowlevel.Lowlevel;

/**
 * Assertions that a block of code is, or is not, a checkpoint (Trio's {@code assert_checkpoints}
 * and {@code assert_no_checkpoints}): that it both checked for cancellation and let other tasks
 * run, as every blocking trio4j operation must (DESIGN rule 11).
 *
 * {@snippet :
 * Checkpoints.assertCheckpoints(() -> stream.sendAll(data));
 * byte[] got = Checkpoints.assertCheckpoints(() -> stream.receiveSome(10));
 * Checkpoints.assertNoCheckpoints(() -> buffer.add(x));
 * }
 *
 * <p>A block counts as a checkpoint only if it passed at least one cancel point and at least one
 * schedule point (read from {@link Lowlevel#checkpointCounts()}); either alone is not enough. As in
 * Trio, {@link #assertCheckpoints} checks only a block that returns normally: one that throws has
 * its exception passed on unchanged, checkpoint or not.
 *
 * <h2>Cancellation and thread safety</h2>
 *
 * The assertions themselves are not checkpoints. They count the current task's own checkpoints, so
 * they must run in a trio4j task, and checkpoints made by other tasks meanwhile do not count.
 */
public final class Checkpoints {
  private Checkpoints() {}

  /**
   * Runs {@code body} and fails if it returned normally without being a checkpoint.
   *
   * @param body the code under test
   * @param <X> the checked exception it may throw
   * @throws X whatever {@code body} throws
   * @throws AssertionError if it returned without a cancel point and a schedule point
   */
  public static <X extends Exception> void assertCheckpoints(ThrowingRunnable<X> body) throws X {
    CheckpointCounts before = Lowlevel.checkpointCounts();
    body.run();
    checkYielded(before, true);
  }

  /**
   * Runs {@code body}, fails if it returned normally without being a checkpoint, and returns its
   * value.
   *
   * @param body the code under test
   * @param <T> the type of its value
   * @param <X> the checked exception it may throw
   * @return what {@code body} returned
   * @throws X whatever {@code body} throws
   * @throws AssertionError if it returned without a cancel point and a schedule point
   */
  public static <T, X extends Exception> T assertCheckpoints(ThrowingSupplier<T, X> body) throws X {
    CheckpointCounts before = Lowlevel.checkpointCounts();
    T value = body.get();
    checkYielded(before, true);
    return value;
  }

  /**
   * Runs {@code body} and fails if it passed any cancel point or schedule point, whether it returns
   * or throws.
   *
   * @param body the code under test
   * @param <X> the checked exception it may throw
   * @throws X whatever {@code body} throws
   * @throws AssertionError if it passed a cancel point or a schedule point
   */
  public static <X extends Exception> void assertNoCheckpoints(ThrowingRunnable<X> body) throws X {
    CheckpointCounts before = Lowlevel.checkpointCounts();
    try {
      body.run();
    } finally {
      checkYielded(before, false);
    }
  }

  private static void checkYielded(CheckpointCounts before, boolean expected) {
    CheckpointCounts after = Lowlevel.checkpointCounts();
    boolean cancelPoint = after.cancelPoints() != before.cancelPoints();
    boolean schedulePoint = after.schedulePoints() != before.schedulePoints();
    if (expected && !(cancelPoint && schedulePoint)) {
      throw new AssertionError(
          "expected a checkpoint, but the block "
              + describe(cancelPoint, schedulePoint)
              + " (a checkpoint must do both)");
    }
    if (!expected && (cancelPoint || schedulePoint)) {
      throw new AssertionError(
          "expected no checkpoint, but the block " + describe(cancelPoint, schedulePoint));
    }
  }

  private static String describe(boolean cancelPoint, boolean schedulePoint) {
    return (cancelPoint ? "checked for cancellation" : "did not check for cancellation")
        + " and "
        + (schedulePoint ? "let other tasks run" : "did not let other tasks run");
  }
}
