package org.trio4j.benchmarks;

import org.trio4j.Nursery;
import org.trio4j.RunOptions;
import org.trio4j.Trio;

/** A loop split evenly between the tasks of one nursery: the shape of the per-core benchmarks. */
final class TaskLoops {
  private TaskLoops() {}

  /** One round of a loop; returns whether it counts. */
  interface Block {
    boolean run() throws Exception;
  }

  /**
   * Runs {@code block} {@code ops / tasks} times in each of {@code tasks} tasks started in one
   * nursery, in one {@code Trio.run} with {@code options}.
   *
   * @return how many rounds counted, in all tasks
   * @throws Exception if a task failed
   */
  static long inTasks(RunOptions options, int tasks, int ops, Block block) throws Exception {
    int each = ops / tasks;
    long[] done = new long[tasks];
    Trio.run(
        options,
        () -> {
          Nursery.open(
              nursery -> {
                for (int t = 0; t < tasks; t++) {
                  int slot = t;
                  nursery.startSoon(
                      () -> {
                        long count = 0;
                        for (int i = 0; i < each; i++) {
                          if (block.run()) {
                            count++;
                          }
                        }
                        done[slot] = count;
                      });
                }
              });
          return null;
        });
    long total = 0;
    for (long d : done) {
      total += d;
    }
    return total;
  }
}
