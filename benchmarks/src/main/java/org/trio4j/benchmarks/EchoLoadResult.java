package org.trio4j.benchmarks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one run of {@link EchoLoadClient} measured, and the one line of its standard output that
 * carries it to the scenario in the parent process.
 *
 * {@snippet :
 * EchoLoadResult r = EchoLoadResult.parse(client.readLine());
 * double microsPerRoundTrip = r.microsPerRoundTrip(); // 1e6 / throughput: lower is better
 * }
 *
 * <p>The line is {@code ECHO-RESULT} followed by {@code key=value} words, in the order of the
 * record's components; {@link #parse} accepts them in any order and ignores unknown keys, so a
 * newer client can add some.
 *
 * @param connections connections that did ping-pongs at once
 * @param roundTrips round trips completed in the measured period
 * @param seconds the measured period's length
 * @param p50Micros median round-trip latency, in µs
 * @param p99Micros 99th percentile round-trip latency, in µs
 * @param p999Micros 99.9th percentile round-trip latency, in µs
 * @param maxMicros the longest round trip, in µs
 * @param clientCpu the client process's CPU time over the measured period, as a fraction of the
 *     period (near 1 on one core: the load generator, not the server, may be the limit)
 */
public record EchoLoadResult(
    int connections,
    long roundTrips,
    double seconds,
    double p50Micros,
    double p99Micros,
    double p999Micros,
    double maxMicros,
    double clientCpu) {

  /** The first word of the result line. */
  public static final String PREFIX = "ECHO-RESULT";

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException if there were no round trips or the period is not positive
   */
  public EchoLoadResult {
    if (roundTrips <= 0) {
      throw new IllegalArgumentException("no round trip completed in the measured period");
    }
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("measured period " + seconds + " s");
    }
  }

  /**
   * Round trips per second over the measured period.
   *
   * @return the throughput
   */
  public double throughput() {
    return roundTrips / seconds;
  }

  /**
   * Time per round trip, the inverse of the throughput: the report's "lower is better" form.
   *
   * @return µs per round trip
   */
  public double microsPerRoundTrip() {
    return 1e6 / throughput();
  }

  /**
   * The result line.
   *
   * @return {@code ECHO-RESULT connections=... roundTrips=...} and so on
   */
  public String format() {
    return String.format(
        Locale.ROOT,
        "%s connections=%d roundTrips=%d seconds=%.6f throughput=%.1f p50us=%.1f p99us=%.1f"
            + " p999us=%.1f maxus=%.1f clientCpu=%.3f",
        PREFIX,
        connections,
        roundTrips,
        seconds,
        throughput(),
        p50Micros,
        p99Micros,
        p999Micros,
        maxMicros,
        clientCpu);
  }

  /**
   * Reads a result line.
   *
   * @param line a line written by {@link #format()}
   * @return the result
   * @throws IllegalArgumentException if it is not a result line or lacks a field
   */
  public static EchoLoadResult parse(String line) {
    String[] words = line.strip().split("\\s+");
    if (words.length == 0 || !words[0].equals(PREFIX)) {
      throw new IllegalArgumentException("not an echo result line: " + line);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 1; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("bad word '" + words[i] + "' in: " + line);
      }
      fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
    }
    try {
      return new EchoLoadResult(
          Integer.parseInt(field(fields, "connections", line)),
          Long.parseLong(field(fields, "roundTrips", line)),
          Double.parseDouble(field(fields, "seconds", line)),
          Double.parseDouble(field(fields, "p50us", line)),
          Double.parseDouble(field(fields, "p99us", line)),
          Double.parseDouble(field(fields, "p999us", line)),
          Double.parseDouble(field(fields, "maxus", line)),
          Double.parseDouble(field(fields, "clientCpu", line)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number in: " + line, e);
    }
  }

  private static String field(Map<String, String> fields, String key, String line) {
    String v = fields.get(key);
    if (v == null) {
      throw new IllegalArgumentException("no " + key + "= in: " + line);
    }
    return v;
  }
}
