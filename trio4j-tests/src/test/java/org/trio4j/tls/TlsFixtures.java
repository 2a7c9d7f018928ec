package org.trio4j.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.trio4j.stream.Stream;

/**
 * Certificates and contexts shared by the TLS tests (made once: keys and contexts are the slow
 * part), and helpers that wrap transport pairs.
 */
final class TlsFixtures {
  private TlsFixtures() {}

  /** The CA every test server's certificate comes from. */
  static final TestCa CA = TestCa.create("trio4j test CA");

  /** The server certificate: localhost, 127.0.0.1 and ::1. */
  static final TestCa.Issued LOCALHOST = CA.issueCert("localhost", "127.0.0.1", "::1");

  /** Presents {@link #LOCALHOST}. */
  static final SSLContext SERVER = CA.serverContext(LOCALHOST);

  /** Trusts {@link #CA}. */
  static final SSLContext CLIENT = CA.clientContext();

  /** Trusts another CA only. */
  static final SSLContext UNTRUSTING = TestCa.create("some other CA").clientContext();

  /** The host name the test certificate is for. */
  static final String HOST = "localhost";

  /** Restricts an engine to TLS 1.2, where the server's last flight is not delayed. */
  static void tls12(SSLEngine engine) {
    engine.setEnabledProtocols(new String[] {"TLSv1.2"});
  }

  /** Wraps a connected transport pair as client (first) and server (second). */
  static SslStream[] wrap(
      Stream clientSide, Stream serverSide, SslOptions client, SslOptions server) {
    return new SslStream[] {
      SslStream.client(clientSide, CLIENT, HOST, client),
      SslStream.server(serverSide, SERVER, server)
    };
  }

  /** A client and a server over a fresh in-memory transport pair, default options. */
  static SslStream[] memoryPair() {
    return memoryPair(SslOptions.defaults(), SslOptions.defaults());
  }

  /** A client and a server over a fresh in-memory transport pair. */
  static SslStream[] memoryPair(SslOptions client, SslOptions server) {
    ChannelStream[] t = ChannelStream.pair();
    return wrap(t[0], t[1], client, server);
  }
}
