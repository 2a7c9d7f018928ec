package org.trio4j.lowlevel;

/**
 * A snapshot of a run's I/O readiness waits, from {@link Lowlevel#currentIoStatistics()}.
 *
 * @param pollers how many poller threads the run has started (they start lazily, one per core at
 *     most; a run that never waited for I/O has none)
 * @param channels how many channels are registered for readiness waits (not counting those that
 *     {@link Lowlevel#notifyClosing} was called for)
 * @param readersWaiting how many tasks are waiting for a channel to become readable
 * @param writersWaiting how many tasks are waiting for a channel to become writable
 * @param selectorWakeups how many times a task had to wake a poller blocked in {@code select()}
 *     (the cost the design avoids when it can; see docs/adr/0004-io-readiness.md)
 */
public record IoStatistics(
    int pollers, int channels, int readersWaiting, int writersWaiting, long selectorWakeups) {}
