package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the JFR events cost while JFR is not in use: checked in a child JVM (this one may have
 * started a recording already), by logging which classes it loads.
 */
class JfrCostTest {
  /**
   * A run that passes every JFR hook, in a JVM where no recording is ever started, loads no event
   * class (loading one initialises much of JFR) and not jdk.jfr.Event itself: the hooks stop at the
   * volatile read of Jfr.active. The gate class is loaded, which shows that the hooks were reached
   * and that the class-loading log works.
   */
  @Test
  void noEventClassIsLoadedWhileJfrIsUnused() throws Exception {
    List<String> loaded = childLoadedClasses();
    assertTrue(loaded.contains("done"), "the child did not finish: " + tail(loaded));
    assertTrue(
        loaded.stream().anyMatch(l -> l.contains(" org.trio4j.internal.jfr.Jfr ")),
        "the JFR gate was never reached: " + tail(loaded));
    List<String> events =
        loaded.stream()
            .filter(l -> l.matches(".* org\\.trio4j\\.internal\\.jfr\\.\\w+Event .*"))
            .toList();
    assertEquals(List.of(), events);
    assertEquals(List.of(), loaded.stream().filter(l -> l.contains(" jdk.jfr.Event ")).toList());
  }

  private static List<String> childLoadedClasses() throws IOException, InterruptedException {
    return ChildJava.run(
            JfrIdleProgram.class, List.of("-Xshare:auto", "-Xlog:class+load=info:stdout"))
        .lines()
        .toList();
  }

  private static String tail(List<String> lines) {
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }
}
