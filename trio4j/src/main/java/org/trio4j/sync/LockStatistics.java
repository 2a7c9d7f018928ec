package org.trio4j.sync;

import org.trio4j.lowlevel.Task;

/**
 * A snapshot of a {@link Lock} or {@link StrictFifoLock}, for debugging.
 *
 * @param locked whether some task holds the lock
 * @param owner the task that holds it, or null if nobody does
 * @param tasksWaiting how many tasks are waiting to acquire it
 * @param broken whether its owner exited without releasing it (then {@code owner} is that task)
 */
public record LockStatistics(boolean locked, Task owner, int tasksWaiting, boolean broken) {}
