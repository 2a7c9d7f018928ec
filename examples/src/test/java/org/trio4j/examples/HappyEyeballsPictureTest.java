package org.trio4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trio4j.testing.trace.Trace;
import org.trio4j.testing.trace.TraceEvent;
import org.trio4j.testing.trace.TraceTask;

/** The Happy Eyeballs picture of {@code docs/observability.md}: its race and its drawing. */
class HappyEyeballsPictureTest {
  static final String A1 = "attempt 1 to [2001:db8:0:0:0:0:0:1]:443";
  static final String A2 = "attempt 2 to 192.0.2.1:443";
  static final String A3 = "attempt 3 to [2001:db8:0:0:0:0:0:2]:443";
  static final String A4 = "attempt 4 to 192.0.2.2:443";

  static long ms(long millis) {
    return Duration.ofMillis(millis).toNanos();
  }

  static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  /**
   * Every attempt task starts and ends at the exact times the documentation states, and only the
   * losers end with Cancelled (attempt 2's refusal is caught inside its task).
   */
  @Test
  void attemptsStartAndEndAtTheDocumentedTimes() throws Exception {
    Trace trace = HappyEyeballsPicture.record();
    long[][] startEnd = {{0, 650}, {250, 350}, {350, 650}, {600, 650}};
    List<String> names = List.of(A1, A2, A3, A4);
    for (int i = 0; i < names.size(); i++) {
      TraceTask t = trace.task(names.get(i));
      assertEquals(ms(startEnd[i][0]), t.spawned(), t.toString());
      assertEquals(ms(startEnd[i][1]), t.exited(), t.toString());
      if (i == 0 || i == 3) {
        assertEquals("org.trio4j.Cancelled: successfully found a socket", t.failure());
      } else {
        assertNull(t.failure(), t.toString());
      }
    }
  }

  /** Attempts 1 and 4 are cancelled when attempt 3 wins, at 650 ms; attempts 2 and 3 are not. */
  @Test
  void theLosersAreCancelledWhenTheWinnerConnects() throws Exception {
    Trace trace = HappyEyeballsPicture.record();
    for (String loser : List.of(A1, A4)) {
      List<TraceEvent> cancelled =
          trace.eventsOf(trace.task(loser)).stream()
              .filter(e -> e.kind() == TraceEvent.Kind.CANCELLED)
              .toList();
      assertEquals(1, cancelled.size(), loser + ": " + cancelled);
      assertEquals(ms(650), cancelled.get(0).time(), loser);
    }
    for (String other : List.of(A2, A3)) {
      assertTrue(
          trace.eventsOf(trace.task(other)).stream()
              .noneMatch(e -> e.kind() == TraceEvent.Kind.CANCELLED),
          other);
    }
  }

  /** Run as from the command line, it writes an SVG with a lane per attempt, and the HTML page. */
  @Test
  void writesTheSvgWithALanePerAttempt(@TempDir Path dir) throws Exception {
    HappyEyeballsPicture.main(new String[] {dir.toString()});
    String svg =
        Files.readString(dir.resolve("timeline-happy-eyeballs.svg"), StandardCharsets.UTF_8);
    assertTrue(svg.startsWith("<svg") || svg.startsWith("<?xml"), svg);
    for (String lane : List.of("trio4j-main", A1, A2, A3, A4)) {
      assertTrue(svg.contains(">" + lane + "<"), "no lane " + lane);
    }
    assertTrue(svg.contains("Happy Eyeballs: attempt 2 is refused"), "no title");
    // The winner cancels the losers and the body's wait; the body's two waits timed out before.
    assertEquals(3, count(svg, "Cancelled raised: successfully found a socket"), svg);
    assertEquals(2, count(svg, "Cancelled raised: deadline exceeded"), svg);
    assertTrue(Files.size(dir.resolve("timeline-happy-eyeballs.html")) > svg.length() / 2);
  }
}
