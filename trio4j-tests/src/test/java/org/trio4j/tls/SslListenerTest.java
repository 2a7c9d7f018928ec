package org.trio4j.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.trio4j.ClosedResourceException;
import org.trio4j.EndOfChannelException;
import org.trio4j.Nursery;
import org.trio4j.channel.ChannelPair;
import org.trio4j.channel.Channels;
import org.trio4j.channel.ReceiveChannel;
import org.trio4j.stream.Listener;
import org.trio4j.stream.Stream;
import org.trio4j.testing.MemoryStreams;
import org.trio4j.testing.TrioTest;

class SslListenerTest {
  @BeforeAll
  static void certificates() {
    TlsFixtures.load();
  }

  /**
   * SslListener wraps each accepted connection in a server-side SslStream with the listener's
   * options, without handshaking in accept(); close() closes the transport listener (Trio's
   * test_SSLListener).
   */
  @TrioTest
  void wrapsAcceptedConnections() throws Exception {
    ChannelPair<Stream> incoming = Channels.openUnbounded();
    FakeListener transport = new FakeListener(incoming.receive());
    SslListener listener =
        new SslListener(
            transport,
            TlsFixtures.SERVER,
            SslOptions.builder().applicationProtocols("echo/1").build());
    assertSame(transport, listener.transportListener());
    var t = MemoryStreams.pair();
    incoming.send().send(t.right());
    SslStream server = listener.accept();
    assertTrue(server.isServerSide());
    assertSame(t.right(), server.transportStream());
    assertTrue(!server.statistics().handshakeComplete());
    SslStream client =
        SslStream.client(
            t.left(),
            TlsFixtures.CLIENT,
            "localhost",
            SslOptions.builder().applicationProtocols("echo/1").build());
    Nursery.open(
        n -> {
          n.startSoon(() -> server.sendAll(new byte[] {7}));
          assertEquals(7, client.receiveSome(1)[0]);
        });
    assertEquals(Optional.of("echo/1"), server.negotiatedApplicationProtocol());
    SslStreamBasicsTest.closeBoth(new SslStream[] {client, server});
    listener.close();
    assertThrows(ClosedResourceException.class, listener::accept);
  }

  /** A listener of streams handed over by a channel. */
  private static final class FakeListener implements Listener<Stream> {
    private final ReceiveChannel<Stream> connections;

    FakeListener(ReceiveChannel<Stream> connections) {
      this.connections = connections;
    }

    @Override
    public Stream accept() {
      try {
        return connections.receive();
      } catch (EndOfChannelException e) {
        throw new ClosedResourceException("no more connections");
      }
    }

    @Override
    public void close() {
      connections.close();
    }
  }
}
