package org.trio4j.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.trio4j.BrokenResourceException;
import org.trio4j.Nursery;
import org.trio4j.testing.MemoryStreams;
import org.trio4j.testing.TrioTest;

class SslStreamVerificationTest {
  @BeforeAll
  static void certificates() {
    TlsFixtures.load();
  }

  /**
   * A certificate from a trusted CA but for another host name fails the client's handshake with
   * BrokenResourceException caused by an SSLHandshakeException; on close the client sends its fatal
   * alert, so the server fails with the alert as its cause, not a bare end of stream.
   */
  @TrioTest
  void hostNameMismatchFails() throws Exception {
    var t = MemoryStreams.pair();
    SslStream client = SslStream.client(t.left(), TlsFixtures.CLIENT, "trio-test-2.example.org");
    SslStream server = SslStream.server(t.right(), TlsFixtures.SERVER);
    expectRejected(
        client,
        server,
        "No subject alternative DNS name matching trio-test-2",
        "certificate_unknown");
  }

  /** A certificate from a CA the client does not trust fails the handshake. */
  @TrioTest
  void untrustedCertificateFails() throws Exception {
    var t = MemoryStreams.pair();
    SslStream client = SslStream.client(t.left(), TlsFixtures.UNTRUSTING, "localhost");
    SslStream server = SslStream.server(t.right(), TlsFixtures.SERVER);
    expectRejected(client, server, "PKIX path building failed", "certificate_unknown");
  }

  private static void expectRejected(SslStream client, SslStream server, String why, String alert)
      throws Exception {
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                BrokenResourceException e =
                    assertThrows(BrokenResourceException.class, () -> server.receiveSome(10));
                assertTrue(e.getCause() instanceof SSLHandshakeException, String.valueOf(e));
                assertTrue(
                    e.getCause().getMessage().contains("Received fatal alert: " + alert),
                    e.getCause().getMessage());
                server.close();
              });
          BrokenResourceException e =
              assertThrows(
                  BrokenResourceException.class,
                  () -> client.sendAll("x".getBytes(StandardCharsets.US_ASCII)));
          assertTrue(e.getCause() instanceof SSLHandshakeException, String.valueOf(e));
          assertTrue(e.getCause().getMessage().contains(why), e.getCause().getMessage());
          assertEquals(SslStream.State.BROKEN, client.state());
          // Broken for good: every later call fails the same way.
          assertThrows(BrokenResourceException.class, client::doHandshake);
          assertThrows(BrokenResourceException.class, () -> client.receiveSome(1));
          assertThrows(IllegalStateException.class, client::session);
          client.close();
        });
    assertEquals(SslStream.State.CLOSED, client.state());
  }

  /**
   * A server certificate that has expired fails the client's handshake; the server learns why from
   * the client's certificate_expired alert.
   */
  @TrioTest
  void expiredCertificateFails() throws Exception {
    var t = MemoryStreams.pair();
    SslStream client = SslStream.client(t.left(), TlsFixtures.CLIENT, "localhost");
    SslStream server = SslStream.server(t.right(), TlsFixtures.EXPIRED_SERVER);
    expectRejected(client, server, "validity check failed", "certificate_expired");
  }

  /** A client that names the server by IP address verifies the certificate's IP address entry. */
  @TrioTest
  void ipAddressIsVerifiedAgainstTheCertificate() throws Exception {
    var t = MemoryStreams.pair();
    SslStream[] p = {
      SslStream.client(t.left(), TlsFixtures.CLIENT, "127.0.0.1"),
      SslStream.server(t.right(), TlsFixtures.SERVER)
    };
    SslStreamBasicsTest.handshake(p);
    SslStreamBasicsTest.closeBoth(p);

    var u = MemoryStreams.pair();
    SslStream wrong = SslStream.client(u.left(), TlsFixtures.CLIENT, "127.0.0.2");
    SslStream server = SslStream.server(u.right(), TlsFixtures.SERVER);
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                assertThrows(BrokenResourceException.class, server::doHandshake);
                server.close();
              });
          assertThrows(BrokenResourceException.class, wrong::doHandshake);
          wrong.close();
        });
  }

  /**
   * A server that requires client certificates accepts a client that presents one from its CA and
   * sees it in the session; it rejects a client that presents none (Trio's
   * test_client_certificate).
   */
  @TrioTest
  void clientCertificates() throws Exception {
    SslOptions require =
        SslOptions.builder().configureEngine(e -> e.setNeedClientAuth(true)).build();

    var t = MemoryStreams.pair();
    SslStream[] p = {
      SslStream.client(t.left(), TlsFixtures.CLIENT_WITH_CERT, "localhost"),
      SslStream.server(t.right(), TlsFixtures.SERVER, require)
    };
    Nursery.open(
        n -> {
          n.startSoon(() -> p[0].sendAll(new byte[] {1}));
          assertEquals(1, p[1].receiveSome(10).length);
        });
    X509Certificate seen = (X509Certificate) p[1].session().getPeerCertificates()[0];
    assertEquals(TlsFixtures.USER.certificate(), seen);
    SslStreamBasicsTest.closeBoth(p);

    var u = MemoryStreams.pair();
    SslStream anonymous = SslStream.client(u.left(), TlsFixtures.CLIENT, "localhost");
    SslStream server = SslStream.server(u.right(), TlsFixtures.SERVER, require);
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                BrokenResourceException e =
                    assertThrows(BrokenResourceException.class, () -> server.receiveSome(10));
                assertTrue(e.getCause() instanceof SSLHandshakeException, String.valueOf(e));
                server.close();
              });
          // TLS 1.3: the client finishes its side before the server checks its (missing)
          // certificate, so the client learns of the rejection only from the server's alert.
          anonymous.doHandshake();
          BrokenResourceException e =
              assertThrows(BrokenResourceException.class, () -> anonymous.receiveSome(10));
          assertTrue(
              String.valueOf(e.getCause()).contains("certificate_required"),
              String.valueOf(e.getCause()));
          anonymous.close();
        });
  }
}
