package org.trio4j.examples;

import java.time.Duration;
import org.trio4j.Nursery;
import org.trio4j.Trio;

/**
 * The first example of Trio's tutorial: a parent opens a nursery and starts two children, which
 * sleep for 2 and 5 seconds; the parent's nursery block returns when both are done.
 *
 * <p>Run it with {@code examples/run tasks-intro}.
 */
public final class TasksIntro {
  private TasksIntro() {}

  static void child(String name, Duration nap) {
    System.out.println("  " + name + ": started! sleeping now...");
    Trio.sleep(nap);
    System.out.println("  " + name + ": exiting!");
  }

  static void parent() throws Exception {
    System.out.println("parent: started!");
    Nursery.open(
        nursery -> {
          System.out.println("parent: spawning child1...");
          nursery.startSoon("child1", () -> child("child1", Duration.ofSeconds(2)));
          System.out.println("parent: spawning child2...");
          nursery.startSoon("child2", () -> child("child2", Duration.ofSeconds(5)));
          System.out.println("parent: waiting for children to finish...");
          // -- we exit the nursery block here --
        });
    System.out.println("parent: all done!");
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if the run fails
   */
  public static void main(String[] args) throws Exception {
    Trio.run(
        () -> {
          parent();
          return null;
        });
  }
}
