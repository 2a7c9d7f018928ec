package org.trio4j.lowlevel;

/**
 * A snapshot of a run's state, from {@link Lowlevel#currentStatistics()}.
 *
 * @param tasksLiving the tasks that have been started and have not yet finished
 * @param tasksRunnable the tasks not parked in a trio4j wait (running, ready to run, or inside
 *     foreign blocking code)
 * @param nanosToNextDeadline clock nanoseconds until the earliest pending deadline, or {@link
 *     Long#MAX_VALUE} if there is none
 * @param pendingDeadlines how many deadlines (cancel scopes and sleeps) are pending
 */
public record RunStatistics(
    int tasksLiving, int tasksRunnable, long nanosToNextDeadline, int pendingDeadlines) {}
