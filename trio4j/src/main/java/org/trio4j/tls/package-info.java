/**
 * TLS over any byte stream (Trio's {@code SSLStream} and {@code SSLListener}): {@link
 * org.trio4j.tls.SslStream} wraps a {@link org.trio4j.stream.Stream} with a {@link
 * javax.net.ssl.SSLEngine}, verifying certificates and host names by default; {@link
 * org.trio4j.tls.SslListener} wraps the connections a listener accepts.
 *
 * <p>Built only on trio4j's public API ({@link org.trio4j.stream}, {@link org.trio4j.sync}, {@link
 * org.trio4j.lowlevel}).
 */
package org.trio4j.tls;
