package org.trio4j.lowlevel;

/**
 * How many cancel points and schedule points a task has passed, from {@link
 * Lowlevel#checkpointCounts()}. A full checkpoint is both; an operation that raised neither count
 * was not a checkpoint.
 *
 * @param cancelPoints the points at which the task checked for cancellation
 * @param schedulePoints the points at which the task let others run (or parked)
 */
public record CheckpointCounts(long cancelPoints, long schedulePoints) {}
