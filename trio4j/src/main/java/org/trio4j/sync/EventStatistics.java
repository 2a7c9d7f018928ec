package org.trio4j.sync;

/**
 * A snapshot of an {@link Event}, for debugging.
 *
 * @param set whether the event has been set
 * @param tasksWaiting how many tasks are blocked in {@link Event#await()}
 */
public record EventStatistics(boolean set, int tasksWaiting) {}
