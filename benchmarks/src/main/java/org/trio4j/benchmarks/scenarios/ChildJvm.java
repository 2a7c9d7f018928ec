package org.trio4j.benchmarks.scenarios;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java process started from the scenario's own JVM (same {@code java}, same class path),
 * optionally pinned to some CPUs with {@code taskset}: a load generator, a server, a fresh heap to
 * measure. Closing it destroys the process (and waits for it), so a scenario can use
 * try-with-resources and leave nothing behind.
 *
 * {@snippet :
 * try (ChildJvm server =
 *     ChildJvm.start(EchoServerMain.class, "0", List.of("-Xmx1g"), List.of("trio4j"))) {
 *   String port = server.readLine(); // the child prints what the parent needs
 *   ...
 * }
 * }
 *
 * <p>The child's standard output is for the parent to read with {@link #readLine()}; its standard
 * error goes to the parent's.
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;

  private ChildJvm(Process process) {
    this.process = process;
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * Starts {@code main} in a new JVM.
   *
   * @param main the class whose {@code main} runs
   * @param cpus a {@code taskset} CPU list such as {@code "0"} or {@code "1-3"}, or null for no
   *     pinning (also when {@code taskset} is not installed: see {@link #canPin()})
   * @param jvmArgs options for the child JVM (the class path is added)
   * @param args arguments for {@code main}
   * @return the running child
   * @throws IOException if it cannot be started
   */
  public static ChildJvm start(Class<?> main, String cpus, List<String> jvmArgs, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    if (cpus != null && canPin()) {
      command.addAll(List.of("taskset", "-c", cpus));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    return new ChildJvm(p);
  }

  /**
   * Whether {@code taskset} is there to pin processes to CPUs.
   *
   * @return true if {@code /usr/bin/taskset} or {@code /bin/taskset} exists
   */
  public static boolean canPin() {
    return Files.isExecutable(Path.of("/usr/bin/taskset"))
        || Files.isExecutable(Path.of("/bin/taskset"));
  }

  /**
   * Reads one line of the child's standard output.
   *
   * @return the line
   * @throws IOException if the child ended before printing one
   */
  public String readLine() throws IOException {
    String line = out.readLine();
    if (line == null) {
      throw new IOException(
          "the child JVM ended without printing a line (exit " + exitCode() + ")");
    }
    return line;
  }

  /**
   * Waits for the child to end by itself.
   *
   * @param seconds how long at most
   * @return its exit code
   * @throws IOException if it did not end in time (it is then destroyed)
   * @throws InterruptedException if interrupted while waiting
   */
  public int waitFor(long seconds) throws IOException, InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      close();
      throw new IOException("the child JVM did not end within " + seconds + " s");
    }
    return process.exitValue();
  }

  /**
   * The child's process.
   *
   * @return the process
   */
  public Process process() {
    return process;
  }

  private String exitCode() {
    try {
      return process.waitFor(1, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "none";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** Destroys the child if it still runs, and waits up to 10 s for it to end. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
