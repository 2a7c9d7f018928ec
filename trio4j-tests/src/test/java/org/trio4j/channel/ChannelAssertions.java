package org.trio4j.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.Supplier;
import org.trio4j.CancelScope;
import org.trio4j.ThrowingRunnable;

/** Shared assertions of the channel tests. */
final class ChannelAssertions {
  private ChannelAssertions() {}

  /**
   * Asserts that {@code op} is a checkpoint that is atomic with respect to cancellation: run in an
   * already cancelled scope it throws {@code Cancelled} and leaves the channel's statistics as they
   * were (Trio's {@code assert_checkpoints}, cancellation half, plus rule H1).
   */
  static void assertCancelledWithoutEffect(
      Supplier<ChannelStatistics> statistics, ThrowingRunnable<Exception> op) throws Exception {
    ChannelStatistics before = statistics.get();
    CancelScope scope = new CancelScope();
    scope.cancel();
    scope.run(
        () -> {
          op.run();
          fail("not a checkpoint: it completed inside a cancelled scope");
        });
    assertTrue(scope.cancelledCaught(), "the scope caught the cancellation");
    assertEquals(before, statistics.get(), "a cancelled operation left the channel unchanged");
  }
}
