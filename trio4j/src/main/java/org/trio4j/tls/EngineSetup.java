package org.trio4j.tls;

import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Creates and configures the {@link SSLEngine} of an {@link SslStream}: verification of the
 * certificate and the host name on by default for clients, SNI, ALPN, then the user's configurer.
 */
final class EngineSetup {
  private EngineSetup() {}

  /**
   * A client engine that verifies the server's certificate and host name (endpoint identification
   * "HTTPS") and sends SNI when the host is a name.
   */
  static SSLEngine client(SSLContext context, String serverHostName, int port, SslOptions options) {
    SSLEngine engine = context.createSSLEngine(serverHostName, port);
    engine.setUseClientMode(true);
    SSLParameters p = engine.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    if (!isIpLiteral(serverHostName)) {
      try {
        p.setServerNames(List.of(new SNIHostName(serverHostName)));
      } catch (IllegalArgumentException notAnSniName) {
        // Not a name SNI can carry; host name verification still applies.
      }
    }
    return finish(engine, p, options);
  }

  /** A server engine. */
  static SSLEngine server(SSLContext context, SslOptions options) {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    return finish(engine, engine.getSSLParameters(), options);
  }

  private static SSLEngine finish(SSLEngine engine, SSLParameters p, SslOptions options) {
    if (!options.applicationProtocols().isEmpty()) {
      p.setApplicationProtocols(options.applicationProtocols().toArray(new String[0]));
    }
    engine.setSSLParameters(p);
    options.engineConfigurer().accept(engine);
    return engine;
  }

  /** Tells whether {@code host} is an IPv4 or IPv6 literal (SNI must not carry those). */
  static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }
}
