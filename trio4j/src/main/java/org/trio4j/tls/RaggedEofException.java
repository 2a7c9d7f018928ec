package org.trio4j.tls;

import javax.net.ssl.SSLException;

/**
 * The transport ended without the peer's close_notify: a truncation attack, or a peer that skips
 * close_notify (many HTTPS peers do; see {@link SslOptions#httpsCompatible()}). The cause of the
 * {@link org.trio4j.BrokenResourceException} an {@link SslStream} then throws.
 */
final class RaggedEofException extends SSLException {
  private static final long serialVersionUID = 1L;

  RaggedEofException(String when) {
    super(
        "the peer closed the connection "
            + when
            + " without a TLS close_notify (a truncated stream; set httpsCompatible if the"
            + " protocol on top does not need close_notify)");
  }

  /** Tells whether {@code e} or one of its causes is a ragged EOF. */
  static boolean isIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RaggedEofException) {
        return true;
      }
    }
    return false;
  }
}
