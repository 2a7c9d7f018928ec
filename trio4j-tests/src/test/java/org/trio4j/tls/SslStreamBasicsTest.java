package org.trio4j.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.trio4j.Nursery;
import org.trio4j.testing.TrioTest;

class SslStreamBasicsTest {
  /** A client and a server over memory streams handshake on first use and echo data both ways. */
  @TrioTest
  void echoOverMemoryStreams() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair();
    SslStream client = p[0];
    SslStream server = p[1];
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                byte[] got = server.receiveSome(100);
                server.sendAll(got);
                assertArrayEquals(new byte[0], server.receiveSome(100));
                server.close();
              });
          client.sendAll("hello".getBytes(US_ASCII));
          assertEquals("hello", new String(client.receiveSome(100), US_ASCII));
          client.close();
        });
    assertEquals("TLSv1.3", client.session().getProtocol());
    assertFalse(client.isServerSide());
    assertTrue(server.isServerSide());
    assertEquals(SslStream.State.CLOSED, client.state());
  }
}
