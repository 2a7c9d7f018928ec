package org.trio4j.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.trio4j.ChildJava;

/**
 * Ctrl-C for real (DESIGN rule 18): {@link CtrlCProgram} runs in a child JVM, this test sends it
 * SIGINT with {@code kill -INT} and checks what it printed and how it exited. Every wait is bounded
 * in real time.
 */
@DisabledOnOs(OS.WINDOWS)
class CtrlCTest {
  private static final long TIMEOUT_SECONDS = 30;

  /**
   * One Ctrl-C cancels the run: every task's finally block runs, and only then does Trio.run throw
   * KeyboardInterrupt, which ends the program like any uncaught exception (status 1, not the JVM's
   * 130 for a Ctrl-C it handles itself).
   */
  @Test
  void ctrlCCancelsTheRunRunsFinallyBlocksAndThrowsKeyboardInterrupt() throws Exception {
    try (Child child = Child.start("single")) {
      child.expectLine("ready");
      child.sigint();
      int status = child.waitForExit();
      List<String> out = child.remainingLines();
      assertTrue(out.contains("child finally"), out::toString);
      assertTrue(out.contains("main finally"), out::toString);
      assertEquals(
          "caught KeyboardInterrupt: Ctrl-C (SIGINT) cancelled the run", out.get(out.size() - 1));
      assertFalse(out.contains("returned normally"), out::toString);
      assertEquals(1, status, child::stderr);
      assertTrue(child.stderr().contains("org.trio4j.KeyboardInterrupt"), child::stderr);
    }
  }

  /**
   * A second Ctrl-C while a shielded finally block is still cleaning up changes nothing: the
   * clean-up finishes (and can still use the run), the other finally blocks run, and Trio.run
   * throws one KeyboardInterrupt. The JVM's default handler, had it been back too early, would have
   * ended the process at once with status 130 and no "cleanup done".
   */
  @Test
  void aSecondCtrlCWhileUnwindingIsHarmless() throws Exception {
    try (Child child = Child.start("double")) {
      child.expectLine("ready");
      child.sigint();
      child.expectLine("cleanup started");
      child.sigint();
      child.expectStderr("Ctrl-C again (2 times)"); // trio4j's handler got the second one
      child.sendLine("go on");
      int status = child.waitForExit();
      List<String> out = child.remainingLines();
      assertTrue(out.contains("cleanup done"), out::toString);
      assertTrue(out.contains("child finally"), out::toString);
      assertTrue(out.contains("main finally"), out::toString);
      assertEquals(
          1,
          out.stream().filter(l -> l.startsWith("caught KeyboardInterrupt")).count(),
          out::toString);
      assertEquals(1, status, child::stderr);
    }
  }

  /**
   * After a run on the main thread ends, its Ctrl-C handler is gone: the previous (JVM default)
   * handler is back, and a Ctrl-C ends the process with the JVM's status 130.
   */
  @Test
  void theDefaultHandlerIsBackAfterTheRun() throws Exception {
    try (Child child = Child.start("restore")) {
      child.expectLine("run ended");
      child.expectLine("after run");
      child.sigint();
      int status = child.waitForExit();
      assertEquals(130, status, child::stderr);
      assertEquals(List.of(), child.remainingLines());
    }
  }

  /** A child JVM running CtrlCProgram, with its output collected line by line. */
  private static final class Child implements AutoCloseable {
    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> skipped = new ArrayList<>();
    private final StringBuffer stderr = new StringBuffer();
    private final LinkedBlockingQueue<String> errLines = new LinkedBlockingQueue<>();
    private final Thread outReader;
    private final Thread errReader;

    private Child(Process process) {
      this.process = process;
      this.outReader = Thread.ofPlatform().daemon().start(() -> pump(process, true));
      this.errReader = Thread.ofPlatform().daemon().start(() -> pump(process, false));
    }

    static Child start(String mode) throws IOException {
      List<String> cmd = new ArrayList<>();
      if (Files.isExecutable(Path.of("/usr/bin/env"))) {
        // A background job of a non-interactive shell inherits SIGINT as ignored, and the JVM
        // then refuses to handle it; give the child the default disposition back (coreutils).
        cmd.addAll(List.of("/usr/bin/env", "--default-signal=INT"));
      }
      cmd.addAll(
          ChildJava.command(
              CtrlCProgram.class,
              List.of("-Dtrio4j.scheduling=" + System.getProperty("trio4j.scheduling", "parallel")),
              mode));
      return new Child(new ProcessBuilder(cmd).start());
    }

    private void pump(Process p, boolean out) {
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(
                  out ? p.getInputStream() : p.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (out) {
            lines.add(line);
          } else {
            stderr.append(line).append('\n');
            errLines.add(line);
          }
        }
      } catch (IOException e) {
        stderr.append("[reading failed: ").append(e).append("]\n");
      }
    }

    /** Waits for {@code expected}, keeping the lines printed before it for remainingLines(). */
    void expectLine(String expected) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      while (true) {
        boolean ended = !outReader.isAlive(); // read before polling: no line can follow
        String line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line == null) {
          if (ended || System.nanoTime() - deadline > 0) {
            throw new AssertionError(
                "no line \""
                    + expected
                    + "\" (child "
                    + (ended ? "exited" : "timed out")
                    + "); earlier lines: "
                    + skipped
                    + "; stderr: "
                    + stderr);
          }
          continue;
        }
        if (line.equals(expected)) {
          return;
        }
        skipped.add(line);
      }
    }

    /** Waits for a line on standard error that contains {@code text}. */
    void expectStderr(String text) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      while (true) {
        String line = errLines.poll(100, TimeUnit.MILLISECONDS);
        if (line != null && line.contains(text)) {
          return;
        }
        if (line == null && (!errReader.isAlive() || System.nanoTime() - deadline > 0)) {
          throw new AssertionError("no \"" + text + "\" on stderr: " + stderr);
        }
      }
    }

    void sigint() throws IOException, InterruptedException {
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
      assertTrue(kill.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "kill did not finish");
      assertEquals(0, kill.exitValue(), "kill failed");
    }

    void sendLine(String line) throws IOException {
      OutputStream in = process.getOutputStream();
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    int waitForExit() throws InterruptedException {
      assertTrue(
          process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS),
          () -> "the child did not exit; stderr: " + stderr);
      outReader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
      errReader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
      return process.exitValue();
    }

    List<String> remainingLines() {
      List<String> rest = new ArrayList<>(skipped);
      skipped.clear();
      lines.drainTo(rest);
      return rest;
    }

    String stderr() {
      return stderr.toString();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }
}
