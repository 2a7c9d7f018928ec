package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process p =
        new ProcessBuilder(
                java,
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Xlog:class+load=info:stdout",
                "-cp",
                System.getProperty("java.class.path"),
                JfrIdleProgram.class.getName())
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end");
    assertEquals(0, p.exitValue(), new String(out, StandardCharsets.UTF_8));
    return new String(out, StandardCharsets.UTF_8).lines().toList();
  }

  private static String tail(List<String> lines) {
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }
}
