package org.trio4j.sync;

/** The lock contract, run against {@link Lock}. */
class LockContractLockTest extends LockContract {
  @Override
  Acquirable newLock() {
    return new Lock();
  }

  @Override
  int tasksWaiting(Acquirable lock) {
    return ((Lock) lock).statistics().tasksWaiting();
  }
}
