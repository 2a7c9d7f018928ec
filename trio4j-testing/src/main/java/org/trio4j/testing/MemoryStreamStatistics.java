package org.trio4j.testing;

/**
 * A snapshot of a {@link MemorySendStream} or {@link MemoryReceiveStream}.
 *
 * @param bytesBuffered the bytes in its internal buffer, not yet fetched or received
 * @param eof whether the end of the data is marked: for a send stream, it was closed; for a receive
 *     stream, {@link MemoryReceiveStream#putEof()} was called (or it was closed)
 * @param closed whether the stream itself was closed
 */
public record MemoryStreamStatistics(int bytesBuffered, boolean eof, boolean closed) {}
