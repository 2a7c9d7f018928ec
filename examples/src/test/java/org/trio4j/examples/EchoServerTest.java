package org.trio4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EchoServerTest {
  /**
   * The echo server sends back each chunk, across several chunks and two clients at once, and
   * closes its side when the client does.
   */
  @Test
  void echoesUntilEndOfStream() throws Exception {
    try (ExampleProcess server = ExampleProcess.start(EchoServer.class, "--port", "0")) {
      int port = server.awaitPort();
      try (Wire a = new Wire(port);
          Wire b = new Wire(port)) {
        a.send("hello\n");
        b.send("héllo wörld\n");
        a.expect("hello\n");
        b.expect("héllo wörld\n");
        a.send("second chunk");
        a.expect("second chunk");
        a.shutdownOutput();
        a.expectEof();
        server.awaitLine("echo server \\d+: connection closed");
        b.send("still here");
        b.expect("still here");
      }
      assertTrue(server.drainOutput().stream().anyMatch(l -> l.endsWith(": started")));
    }
  }
}
