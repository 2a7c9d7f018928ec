package org.trio4j.thread;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.trio4j.CancelScope;
import org.trio4j.KeyboardInterrupt;
import org.trio4j.Nursery;
import org.trio4j.RunOptions;
import org.trio4j.Trio;

/**
 * A small program that {@link CtrlCTest} starts as a child process and interrupts with SIGINT. It
 * prints what happens, one line at a time, on standard output. Its runs use the scheduling mode
 * named by the system property {@code trio4j.scheduling}, as the test suite does.
 *
 * <ul>
 *   <li>{@code single}: a run with two sleeping tasks; prints {@code ready}; on Ctrl-C both finally
 *       blocks print, then {@code KeyboardInterrupt} is reported and escapes {@code main}.
 *   <li>{@code double}: the same, but a task's finally block, shielded, prints {@code cleanup
 *       started} and waits for a line on standard input (the test sends a second Ctrl-C meanwhile)
 *       before it prints {@code cleanup done}.
 *   <li>{@code restore}: a run that ends normally, then {@code after run} and a wait on standard
 *       input: a Ctrl-C now must get the JVM's default handling (exit status 130), proving that the
 *       run put the previous handler back.
 * </ul>
 */
public final class CtrlCProgram {
  private CtrlCProgram() {}

  /**
   * Runs the mode named by the first argument.
   *
   * @param args the mode
   * @throws Exception whatever the run throws, KeyboardInterrupt included
   */
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    RunOptions options =
        RunOptions.builder()
            .scheduling(
                RunOptions.Scheduling.valueOf(
                    System.getProperty("trio4j.scheduling", "parallel").toUpperCase(Locale.ROOT)))
            .build();
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (mode.equals("restore")) {
      Trio.run(
          options,
          () -> {
            Trio.checkpoint();
            say("run ended");
            return null;
          });
      say("after run");
      stdin.readLine();
      say("not interrupted");
      return;
    }
    boolean twice = mode.equals("double");
    try {
      Trio.run(
          options,
          () -> {
            Nursery.open(
                n -> {
                  n.startSoon(
                      () -> {
                        try {
                          Trio.sleepForever();
                        } finally {
                          if (twice) {
                            CancelScope shield = new CancelScope();
                            shield.setShield(true);
                            shield.run(
                                () -> {
                                  say("cleanup started");
                                  ToThread.runSync(stdin::readLine);
                                  Trio.sleep(Duration.ofMillis(1)); // still a working run
                                  say("cleanup done");
                                });
                          }
                          say("child finally");
                        }
                      });
                  try {
                    say("ready");
                    Trio.sleepForever();
                  } finally {
                    say("main finally");
                  }
                });
            return null;
          });
      say("returned normally");
    } catch (KeyboardInterrupt e) {
      say("caught KeyboardInterrupt: " + e.getMessage());
      throw e;
    }
  }

  private static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
