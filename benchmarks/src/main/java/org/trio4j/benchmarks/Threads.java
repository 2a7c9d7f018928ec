package org.trio4j.benchmarks;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/** Helpers for the peers' side of the benchmarks. */
final class Threads {
  private Threads() {}

  /**
   * Runs {@code body} in a new virtual thread and waits for it, as {@code Trio.run} runs its main
   * task in one.
   *
   * @param body what to run
   * @param <T> its result type
   * @return its result
   * @throws Exception what {@code body} threw, unwrapped
   */
  static <T> T inVirtualThread(Callable<T> body) throws Exception {
    FutureTask<T> f = new FutureTask<>(body);
    Thread.ofVirtual().start(f).join();
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception x) {
        throw x;
      }
      if (cause instanceof Error x) {
        throw x;
      }
      throw e;
    }
  }
}
