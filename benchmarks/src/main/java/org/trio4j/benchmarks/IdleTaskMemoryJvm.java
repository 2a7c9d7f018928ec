package org.trio4j.benchmarks;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * What {@link IdleTaskMemory}'s child JVM asks of its own HotSpot through the {@code
 * DiagnosticCommand} MBean (the commands of {@code jcmd}, without a second process): a census of
 * the live heap, and whether the JIT compilers are idle.
 */
final class IdleTaskMemoryJvm {
  /** The class of a parked virtual thread's frozen frames: a 64 B header and 8 B per stack word. */
  static final String STACK_CHUNK = "jdk.internal.vm.StackChunk";

  private IdleTaskMemoryJvm() {}

  /**
   * The live heap, from HotSpot's {@code GC.class_histogram}, which first runs a full collection
   * and then counts the objects it reaches. Unlike the heap's "used" figure after a collection it
   * leaves out dead objects: the serial collector's full collection does not compact away up to
   * {@code MarkSweepDeadRatio} (5%) of the old generation, tens of MB with a 1 GB heap, and how
   * much of that was left changed the old readings by up to 240 B per task.
   *
   * @return {bytes of all live objects, stack chunks, bytes of those stack chunks}
   */
  static long[] census() {
    String histogram = command("gcClassHistogram");
    long total = -1;
    long chunks = 0;
    long chunkBytes = 0;
    // Lines look like "   1:    100000    24800000  jdk.internal.vm.StackChunk (java.base@25)",
    // the last one "Total    848534    62478784".
    for (String line : histogram.split("\n")) {
      String[] words = line.trim().split("\\s+");
      if (words.length >= 4 && words[3].equals(STACK_CHUNK)) {
        chunks = Long.parseLong(words[1]);
        chunkBytes = Long.parseLong(words[2]);
      } else if (words.length == 3 && words[0].equals("Total")) {
        total = Long.parseLong(words[2]);
      }
    }
    if (total < 0) {
      throw new IllegalStateException("no Total in the class histogram");
    }
    return new long[] {total, chunks, chunkBytes};
  }

  /**
   * Waits until no method is being compiled or queued for compilation (HotSpot's {@code
   * Compiler.queue}), polling every 10 ms.
   *
   * @param timeoutMillis how long at most
   * @return whether the compilers were idle before the time ran out
   * @throws InterruptedException if interrupted while waiting
   */
  static boolean awaitCompilersIdle(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (!compilersIdle()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /**
   * Whether {@code Compiler.queue} lists no compilation: its output is then only its headings and
   * "Empty" under each queue.
   */
  private static boolean compilersIdle() {
    for (String line : command("compilerQueue").split("\n")) {
      String l = line.trim();
      if (!l.isEmpty()
          && !l.equals("Empty")
          && !l.equals("Current compiles:")
          && !l.endsWith("compile queue:")) {
        return false;
      }
    }
    return true;
  }

  private static String command(String operation) {
    try {
      return (String)
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  operation,
                  new Object[] {new String[0]},
                  new String[] {String[].class.getName()});
    } catch (JMException e) {
      throw new IllegalStateException("diagnostic command " + operation + " failed", e);
    }
  }
}
