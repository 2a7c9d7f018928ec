package org.trio4j.examples;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An example program running in a child JVM (the same {@code java} and class path as the tests),
 * with its standard output read line by line. Closing it destroys the process.
 */
final class ExampleProcess implements AutoCloseable {
  static final long TIMEOUT_SECONDS = 20;
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final String EOF = new String("end of output");

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>(); // only the test thread uses it

  private ExampleProcess(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("(reading the output failed: " + e + ")");
              }
              lines.add(EOF);
            },
            "example output reader");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code org.trio4j.examples.CLASS ARGS} in a child JVM; its standard error is the test's.
   */
  static ExampleProcess start(Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    return new ExampleProcess(pb.start());
  }

  /** Waits for a line of output matching {@code regex} and returns its match. */
  Matcher awaitLine(String regex) throws InterruptedException {
    return awaitLine(Pattern.compile(regex));
  }

  private Matcher awaitLine(Pattern pattern) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (true) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null || line == EOF) {
        fail(
            (line == null ? "timed out" : "the program ended")
                + " waiting for a line matching "
                + pattern
                + "; output so far: "
                + seen);
      }
      seen.add(line);
      Matcher m = pattern.matcher(line);
      if (m.matches()) {
        return m;
      }
    }
  }

  /** Waits for the {@code listening on 127.0.0.1:PORT} line and returns the port. */
  int awaitPort() throws InterruptedException {
    return Integer.parseInt(awaitLine(LISTENING).group(1));
  }

  /** Waits for the program to end by itself and returns its exit status. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      fail("the program did not end; output so far: " + seen);
    }
    return process.exitValue();
  }

  /** Every line read so far by {@link #awaitLine} plus those not yet looked at. */
  List<String> drainOutput() {
    List<String> all = new ArrayList<>(seen);
    for (String l : lines) {
      if (l != EOF) {
        all.add(l);
      }
    }
    return all;
  }

  OutputStream stdin() {
    return process.getOutputStream();
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
