package org.trio4j.net;

/**
 * A snapshot of a {@link SocketStream}.
 *
 * @param bytesSent bytes handed to the kernel by {@code sendAll}
 * @param bytesReceived bytes returned by {@code receiveSome}
 * @param eofSent whether {@code sendEof} was called
 * @param sendBroken whether sending failed or was cancelled part-way, so that later sends fail
 * @param closed whether {@code close} was called
 */
public record SocketStreamStatistics(
    long bytesSent, long bytesReceived, boolean eofSent, boolean sendBroken, boolean closed) {}
