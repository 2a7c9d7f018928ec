package org.trio4j.tls;

/**
 * A snapshot of an {@link SslStream}, for debugging.
 *
 * @param state OK, BROKEN or CLOSED
 * @param serverSide whether it is the server side
 * @param handshakeComplete whether the initial handshake has completed
 * @param protocol the negotiated protocol ({@code "TLSv1.3"}), or null before the handshake
 * @param cipherSuite the negotiated cipher suite, or null before the handshake
 * @param bufferedCiphertext received bytes not yet decrypted
 * @param bufferedPlaintext decrypted bytes not yet read
 * @param queuedCiphertext encrypted bytes not yet handed to the transport
 * @param estimatedReceiveSize what a no-argument {@code receiveSome()} asks for
 * @param sending whether a task is sending
 * @param receiving whether a task is receiving
 */
public record SslStreamStatistics(
    SslStream.State state,
    boolean serverSide,
    boolean handshakeComplete,
    String protocol,
    String cipherSuite,
    int bufferedCiphertext,
    int bufferedPlaintext,
    int queuedCiphertext,
    int estimatedReceiveSize,
    boolean sending,
    boolean receiving) {}
