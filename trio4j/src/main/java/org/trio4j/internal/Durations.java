package org.trio4j.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/** Conversions between {@link Duration} and clock nanoseconds, saturating at "never". */
public final class Durations {
  private Durations() {}

  /**
   * Converts a non-negative duration to nanoseconds, saturating at {@link Long#MAX_VALUE}.
   *
   * @param d the duration
   * @param what the parameter's name, for the error message
   * @return nanoseconds
   * @throws IllegalArgumentException if {@code d} is negative
   */
  public static long toNanos(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(
          what + " must not be negative, but was " + d + "; use Duration.ZERO for 'at once'");
    }
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Formats clock nanoseconds as seconds with at least millisecond precision, for messages and
   * dumps: {@code 1_250_000_000} is "1.250 s", {@code 1} is "0.000000001 s".
   *
   * @param nanos nanoseconds
   * @return the text
   */
  public static String seconds(long nanos) {
    BigDecimal s = BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
    if (s.scale() < 3) {
      s = s.setScale(3);
    }
    return s.toPlainString() + " s";
  }

  /**
   * Adds nanoseconds to a time, saturating at {@link Long#MAX_VALUE}.
   *
   * @param time a clock time
   * @param nanos a non-negative amount
   * @return the sum, or {@link Long#MAX_VALUE} on overflow
   */
  public static long plus(long time, long nanos) {
    long r = time + nanos;
    return (nanos > 0 && r < time) ? Long.MAX_VALUE : r;
  }
}
