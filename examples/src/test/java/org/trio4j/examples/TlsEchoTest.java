package org.trio4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsEchoTest {
  /**
   * The TLS client verifies the server's certificate from the PEM file it wrote and gets each line
   * echoed.
   */
  @Test
  void clientGetsEchoesOverVerifiedTls(@TempDir Path dir) throws Exception {
    Path cert = dir.resolve("cert.pem");
    try (ExampleProcess server =
        ExampleProcess.start(TlsEchoServer.class, "--port", "0", "--cert", cert.toString())) {
      String port = Integer.toString(server.awaitPort());
      try (ExampleProcess client =
          ExampleProcess.start(
              TlsEchoClient.class, "--port", port, "--cert", cert.toString(), "hello", "wörld")) {
        client.awaitLine("connected to 127\\.0\\.0\\.1:" + port + " \\(TLSv1\\.[23]\\)");
        client.awaitLine("echo: hello");
        client.awaitLine("echo: wörld");
        assertEquals(0, client.awaitExit());
      }
      // The same server, reached by the other name its certificate has, reading lines from stdin.
      try (ExampleProcess client =
          ExampleProcess.start(
              TlsEchoClient.class,
              "--host",
              "localhost",
              "--port",
              port,
              "--cert",
              cert.toString())) {
        client.stdin().write("from stdin\n".getBytes(StandardCharsets.UTF_8));
        client.stdin().close();
        client.awaitLine("echo: from stdin");
        assertEquals(0, client.awaitExit());
      }
    }
  }

  /**
   * A client that trusts another certificate than the server's refuses the server: verification is
   * on.
   */
  @Test
  void clientRejectsAnUntrustedServer(@TempDir Path dir) throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path other = dir.resolve("other.pem");
    SelfSignedCertificate.create().writePem(other);
    try (ExampleProcess server =
        ExampleProcess.start(TlsEchoServer.class, "--port", "0", "--cert", cert.toString())) {
      String port = Integer.toString(server.awaitPort());
      try (ExampleProcess client =
          ExampleProcess.start(
              TlsEchoClient.class, "--port", port, "--cert", other.toString(), "hello")) {
        assertNotEquals(0, client.awaitExit());
        assertEquals(List.of(), client.drainOutput());
      }
      server.awaitLine("tls echo server: connection failed: .*");
    }
  }
}
