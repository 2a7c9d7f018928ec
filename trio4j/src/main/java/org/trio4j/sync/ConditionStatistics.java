package org.trio4j.sync;

/**
 * A snapshot of a {@link Condition}, for debugging.
 *
 * @param tasksWaiting how many tasks are waiting in {@link Condition#await()} to be signalled
 * @param lockStatistics a snapshot of the condition's lock (signalled tasks wait there)
 */
public record ConditionStatistics(int tasksWaiting, LockStatistics lockStatistics) {}
