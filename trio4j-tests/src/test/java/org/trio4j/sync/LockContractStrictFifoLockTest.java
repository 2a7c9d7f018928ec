package org.trio4j.sync;

/** The lock contract, run against {@link StrictFifoLock}. */
class LockContractStrictFifoLockTest extends LockContract {
  @Override
  Acquirable newLock() {
    return new StrictFifoLock();
  }

  @Override
  int tasksWaiting(Acquirable lock) {
    return ((StrictFifoLock) lock).statistics().tasksWaiting();
  }
}
