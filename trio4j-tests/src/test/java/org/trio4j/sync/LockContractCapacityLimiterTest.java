package org.trio4j.sync;

/** The lock contract, run against {@code CapacityLimiter(1)}. */
class LockContractCapacityLimiterTest extends LockContract {
  @Override
  Acquirable newLock() {
    return new CapacityLimiter(1);
  }

  @Override
  int tasksWaiting(Acquirable lock) {
    return ((CapacityLimiter) lock).statistics().tasksWaiting();
  }
}
