package org.trio4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain blocking {@link Socket} client for the example servers, with a read timeout. */
final class Wire implements AutoCloseable {
  private final Socket socket;

  Wire(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout((int) (ExampleProcess.TIMEOUT_SECONDS * 1000));
  }

  void send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
  }

  void sendBytes(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  /** Reads exactly as many bytes as {@code expected} has in UTF-8 and checks they are the same. */
  void expect(String expected) throws IOException {
    byte[] want = expected.getBytes(StandardCharsets.UTF_8);
    byte[] got = socket.getInputStream().readNBytes(want.length);
    assertEquals(expected, new String(got, StandardCharsets.UTF_8));
  }

  /** Reads one line, up to its newline (not included). */
  String readLine() throws IOException {
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
    int b;
    while ((b = socket.getInputStream().read()) != '\n') {
      if (b < 0) {
        throw new java.io.EOFException("the server closed the connection in a line: " + line);
      }
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  /** Checks that the server closes the connection (or sends nothing more before it does). */
  void expectEof() throws IOException {
    InputStream in = socket.getInputStream();
    assertEquals(-1, in.read(), "expected the end of the stream");
  }

  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
