package org.trio4j;

import java.io.IOException;
import java.time.Duration;
import org.trio4j.testing.MockClock;

/**
 * Run in a child JVM by {@link JfrCostTest}: a run that passes every JFR hook of the engine (tasks
 * start and exit, parks, a failure, cancellations, scope exits) in a JVM where JFR is never used.
 */
public final class JfrIdleProgram {
  private JfrIdleProgram() {}

  /**
   * Runs the run and prints "done".
   *
   * @param args unused
   * @throws Exception never
   */
  public static void main(String[] args) throws Exception {
    Trio.run(
        RunOptions.builder().clock(MockClock.autojumping()).build(),
        () -> {
          try {
            Nursery.open(
                n -> {
                  n.startSoon(
                      () -> {
                        Trio.sleep(Duration.ofSeconds(1));
                        throw new IOException("boom");
                      });
                  n.startSoon(Trio::sleepForever);
                });
          } catch (IOException expected) {
            // the first child's failure
          }
          Trio.moveOnAfter(Duration.ofSeconds(1), Trio::sleepForever);
          return null;
        });
    System.out.println("done");
  }
}
