package org.trio4j.stream;

/**
 * A bidirectional byte stream: a {@link SendStream} and a {@link ReceiveStream} in one object, such
 * as a TCP connection or a TLS session (Trio's {@code Stream}). One task may send while another
 * receives.
 *
 * {@snippet :
 * try (Stream s = connect()) {
 *   s.sendAll(request);
 *   byte[] reply = s.receiveSome();
 * }
 * }
 */
public interface Stream extends SendStream, ReceiveStream {}
