package org.trio4j.thread;

/**
 * Stands for a worker thread as the borrower of a limiter token (Trio's {@code ThreadPlaceholder}):
 * the token is taken before the thread exists and given back after it has finished. Compared by
 * identity; its name is the thread's.
 */
final class ThreadPlaceholder {
  private final String name;

  ThreadPlaceholder(String name) {
    this.name = name;
  }

  @Override
  public String toString() {
    return "ThreadPlaceholder[" + name + "]";
  }
}
