package org.trio4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The echo load client against the Java servers of the load test, in this process (the scenario
 * runs them in their own), and against servers that misbehave.
 */
class EchoLoadClientTest {
  private static final long MEASURE = TimeUnit.MILLISECONDS.toNanos(200);

  /** Against each real server, every connection completes checked round trips in the period. */
  @Test
  void eachServerEchoesForEveryConnection() throws Exception {
    try (EchoServers.Server s = EchoServers.trio4j()) {
      assertMeasured(s.port());
    }
    try (EchoServers.Server s = EchoServers.virtualThreads()) {
      assertMeasured(s.port());
    }
    try (EchoServers.Server s = new EchoNettyServer()) {
      assertMeasured(s.port());
    }
  }

  private static void assertMeasured(int port) throws IOException {
    EchoLoadResult r = EchoLoadClient.run(loopback(port), 20, 64, 0, MEASURE);
    assertEquals(20, r.connections());
    // A closed loop: at least one round trip per connection, each at most as long as the period.
    assertTrue(r.roundTrips() >= 20, r.format());
    assertTrue(r.seconds() >= 0.2 && r.seconds() < 10, r.format());
    assertTrue(r.p50Micros() <= r.p99Micros() && r.p99Micros() <= r.maxMicros(), r.format());
  }

  /** A server that changes a byte of what it echoes makes the client fail, not count it. */
  @Test
  void aWrongEchoFailsTheRun() throws Exception {
    IOException e =
        assertThrows(
            IOException.class,
            () -> againstBadServer(buf -> buf.put(10, (byte) (buf.get(10) + 1))));
    assertTrue(e.getMessage().contains("other bytes"), e.toString());
  }

  /** A server that closes a connection makes the client fail. */
  @Test
  void aClosedConnectionFailsTheRun() throws Exception {
    IOException e = assertThrows(IOException.class, () -> againstBadServer(null));
    assertTrue(e.getMessage().contains("closed"), e.toString());
  }

  /** One connection to a server that applies {@code change} before echoing, or closes if null. */
  private static void againstBadServer(Consumer<ByteBuffer> change) throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread t =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (SocketChannel c = server.accept()) {
                      ByteBuffer buf = ByteBuffer.allocate(64);
                      while (buf.hasRemaining() && c.read(buf) >= 0) {
                        // Until the whole first message is in.
                      }
                      if (change != null) {
                        change.accept(buf);
                        buf.flip();
                        c.write(buf);
                        c.read(ByteBuffer.allocate(1)); // until the client closes
                      }
                    } catch (IOException e) {
                      // The client went away.
                    }
                  });
      try {
        EchoLoadClient.run(
            loopback(((InetSocketAddress) server.getLocalAddress()).getPort()),
            1,
            64,
            TimeUnit.SECONDS.toNanos(30),
            MEASURE);
      } finally {
        t.join();
      }
    }
  }

  private static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }
}
