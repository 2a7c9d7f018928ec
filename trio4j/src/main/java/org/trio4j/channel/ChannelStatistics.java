package org.trio4j.channel;

/**
 * A snapshot of a channel, shared by all its send and receive handles (Trio's {@code
 * MemoryChannelStatistics}).
 *
 * {@snippet :
 * ChannelStatistics s = channel.send().statistics();
 * System.out.println(s.currentBufferUsed() + " of " + s.maxBufferSize() + " buffered");
 * }
 *
 * @param currentBufferUsed how many values wait in the buffer
 * @param maxBufferSize the capacity the channel was opened with ({@link Channels#UNBOUNDED} for an
 *     unbounded one)
 * @param openSendChannels how many send handles (the original and its clones) are open
 * @param openReceiveChannels how many receive handles are open
 * @param tasksWaitingSend how many tasks are blocked in {@code send}, over all send handles
 * @param tasksWaitingReceive how many tasks are blocked in {@code receive}, over all receive
 *     handles
 */
public record ChannelStatistics(
    int currentBufferUsed,
    int maxBufferSize,
    int openSendChannels,
    int openReceiveChannels,
    int tasksWaitingSend,
    int tasksWaitingReceive) {}
