package org.trio4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The echo load client's result line, as the scenario in the parent process reads it. */
class EchoLoadResultTest {
  /** A formatted result parses back to the same values (to the printed precision). */
  @Test
  void formatThenParseGivesTheSameResult() {
    EchoLoadResult r =
        new EchoLoadResult(1000, 2_000_000, 10.0, 4_900.5, 7_200.25, 9_100, 12_345.6, 0.5);
    String line = r.format();
    assertEquals(
        "ECHO-RESULT connections=1000 roundTrips=2000000 seconds=10.000000 throughput=200000.0"
            + " p50us=4900.5 p99us=7200.3 p999us=9100.0 maxus=12345.6 clientCpu=0.500",
        line);
    EchoLoadResult back = EchoLoadResult.parse(line);
    assertEquals(1000, back.connections());
    assertEquals(2_000_000, back.roundTrips());
    assertEquals(10.0, back.seconds());
    assertEquals(4_900.5, back.p50Micros());
    assertEquals(7_200.3, back.p99Micros());
    assertEquals(9_100, back.p999Micros());
    assertEquals(12_345.6, back.maxMicros());
    assertEquals(0.5, back.clientCpu());
  }

  /** Time per round trip is the inverse of the throughput: 200k round trips/s is 5 µs each. */
  @Test
  void timePerRoundTripIsTheInverseOfThroughput() {
    EchoLoadResult r = new EchoLoadResult(1000, 1_000_000, 5.0, 1, 2, 3, 4, 0.9);
    assertEquals(200_000.0, r.throughput());
    assertEquals(5.0, r.microsPerRoundTrip(), 1e-12);
  }

  /** Fields may come in any order, with extra spaces and unknown keys (a newer client's). */
  @Test
  void parseAcceptsAnyOrderAndIgnoresUnknownKeys() {
    EchoLoadResult r =
        EchoLoadResult.parse(
            "  ECHO-RESULT maxus=9 p999us=8 p99us=7 p50us=6 seconds=2.5  roundTrips=100"
                + " clientCpu=0.25 connections=10 gcCount=3 throughput=40.0\n");
    assertEquals(new EchoLoadResult(10, 100, 2.5, 6, 7, 8, 9, 0.25), r);
  }

  /** A line that is not a result, lacks a field or holds a bad number is refused, not guessed. */
  @Test
  void parseRefusesBadLines() {
    String good = new EchoLoadResult(10, 100, 1, 1, 2, 3, 4, 0.1).format();
    assertThrows(IllegalArgumentException.class, () -> EchoLoadResult.parse(""));
    assertThrows(
        IllegalArgumentException.class, () -> EchoLoadResult.parse("Picked up JAVA_OPTIONS"));
    assertThrows(
        IllegalArgumentException.class,
        () -> EchoLoadResult.parse(good.replace(" p99us=", " p98us=")));
    assertThrows(
        IllegalArgumentException.class,
        () -> EchoLoadResult.parse(good.replace("roundTrips=100", "roundTrips=x")));
    assertThrows(
        IllegalArgumentException.class, () -> EchoLoadResult.parse(good.replace(" p50us=", " =")));
  }

  /** A run in which no round trip completed has no throughput: it is an error, not a zero. */
  @Test
  void aRunWithoutRoundTripsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new EchoLoadResult(10, 0, 1, 0, 0, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new EchoLoadResult(10, 5, 0, 0, 0, 0, 0, 0));
  }
}
