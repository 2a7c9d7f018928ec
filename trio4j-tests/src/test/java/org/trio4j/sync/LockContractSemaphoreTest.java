package org.trio4j.sync;

/** The lock contract, run against {@code Semaphore(1)}. */
class LockContractSemaphoreTest extends LockContract {
  @Override
  Acquirable newLock() {
    return new Semaphore(1);
  }

  @Override
  int tasksWaiting(Acquirable lock) {
    return ((Semaphore) lock).statistics().tasksWaiting();
  }
}
