package org.trio4j.sync;

import java.util.OptionalInt;

/**
 * A snapshot of a {@link Semaphore}, for debugging.
 *
 * @param value the current value
 * @param maxValue the maximum value of a bounded semaphore; empty if unbounded
 * @param tasksWaiting how many tasks are waiting in {@link Semaphore#acquire()}
 */
public record SemaphoreStatistics(int value, OptionalInt maxValue, int tasksWaiting) {}
