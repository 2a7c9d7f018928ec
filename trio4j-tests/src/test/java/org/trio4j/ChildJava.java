package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test program's {@code main} in a child JVM: the same {@code java} and class path as the
 * tests, C1 only (the programs are short, so a quick start matters more than peak speed), for tests
 * of what only a fresh JVM shows (Ctrl-C, classes loaded, system properties read once).
 */
public final class ChildJava {
  private ChildJava() {}

  /**
   * The command line that runs {@code main}.
   *
   * @param main the program's class
   * @param jvmOptions options for the child JVM, before the class path
   * @param args the program's arguments
   * @return the command
   */
  public static List<String> command(Class<?> main, List<String> jvmOptions, String... args) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * Runs {@code main} to its end and returns what it printed (standard output and error together),
   * asserting that it ended within 60 s with exit code 0.
   *
   * @param main the program's class
   * @param jvmOptions options for the child JVM
   * @return its output
   * @throws IOException if it cannot be started
   * @throws InterruptedException if interrupted while waiting
   */
  public static String run(Class<?> main, List<String> jvmOptions)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command(main, jvmOptions)).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end");
    String text = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text);
    return text;
  }
}
