package org.trio4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trio4j.net.Net;
import org.trio4j.testing.FakeNetwork;
import org.trio4j.testing.TrioTest;

/** The happy-eyeballs example, run for real over loopback, and on a fake network for its times. */
class HappyEyeballsTest {
  /** Captures what the example prints. */
  static final class Output {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    List<String> lines() {
      return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
  }

  static ServerSocketChannel listen(String address) throws IOException {
    ServerSocketChannel s = ServerSocketChannel.open();
    s.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
    return s;
  }

  static int port(ServerSocketChannel s) throws IOException {
    return ((InetSocketAddress) s.getLocalAddress()).getPort();
  }

  static boolean canBind(String address) {
    try {
      listen(address).close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Run as from the command line against a loopback listener, it connects and exits with 0. */
  @Test
  void connectsToALoopbackListener() throws IOException {
    try (ServerSocketChannel server = listen("127.0.0.1")) {
      int port = port(server);
      Output out = new Output();
      Output err = new Output();
      assertEquals(
          0, HappyEyeballs.run(new String[] {"127.0.0.1", "" + port}, out.stream, err.stream));
      List<String> lines = out.lines();
      assertEquals(2, lines.size(), lines.toString());
      assertTrue(
          lines.get(0).matches("attempt 1 to 127\\.0\\.0\\.1:" + port + " started at \\d+ ms"),
          lines.get(0));
      assertTrue(
          lines.get(1).matches("connected to 127\\.0\\.0\\.1:" + port + " after \\d+ ms"),
          lines.get(1));
      assertEquals(List.of(), err.lines());
    }
  }

  /** Against a refused loopback port it prints the failure of the attempt and exits with 1. */
  @Test
  void reportsARefusedPort() throws IOException {
    int port;
    try (ServerSocketChannel server = listen("127.0.0.1")) {
      port = port(server);
    }
    Output out = new Output();
    assertEquals(
        1,
        HappyEyeballs.run(
            new String[] {"127.0.0.1", "" + port, "--delay", "100"},
            out.stream,
            new Output().stream));
    List<String> lines = out.lines();
    assertEquals(4, lines.size(), lines.toString());
    assertTrue(
        lines.get(0).matches("attempt 1 to 127\\.0\\.0\\.1:" + port + " started at \\d+ ms"),
        lines.get(0));
    assertTrue(
        lines
            .get(1)
            .matches(
                "attempt 1 to 127\\.0\\.0\\.1:" + port + " failed at \\d+ ms: Connection refused"),
        lines.get(1));
    assertEquals(
        "could not connect: all attempts to connect to 127.0.0.1:" + port + " failed",
        lines.get(2));
    assertEquals("  java.net.ConnectException: Connection refused", lines.get(3));
  }

  /**
   * A name that resolves to a refused loopback address and a listening one: the example shows the
   * first attempt fail, the second start at once, and connect to the listening address.
   */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void fallsThroughToTheListeningLoopbackAddress() throws IOException {
    assumeTrue(canBind("127.0.0.2") && canBind("127.0.0.3"), "127.0.0.2/3 are not loopback here");
    try (ServerSocketChannel server = listen("127.0.0.3")) {
      int port = port(server);
      InetAddress lo2 = InetAddress.getByName("127.0.0.2");
      InetAddress lo3 = InetAddress.getByName("127.0.0.3");
      Net.setHostnameResolver(
          (host, p) -> {
            assertEquals("localhost", host);
            return List.of(new InetSocketAddress(lo2, p), new InetSocketAddress(lo3, p));
          });
      Output out = new Output();
      assertTrue(HappyEyeballs.connect("localhost", port, Duration.ofMillis(250), out.stream));
      List<String> lines = out.lines();
      assertEquals(4, lines.size(), lines.toString());
      assertTrue(
          lines.get(0).matches("attempt 1 to 127\\.0\\.0\\.2:" + port + " started at \\d+ ms"),
          lines.get(0));
      assertTrue(
          lines
              .get(1)
              .matches(
                  "attempt 1 to 127\\.0\\.0\\.2:"
                      + port
                      + " failed at \\d+ ms: Connection refused"),
          lines.get(1));
      assertTrue(
          lines.get(2).matches("attempt 2 to 127\\.0\\.0\\.3:" + port + " started at \\d+ ms"),
          lines.get(2));
      assertTrue(
          lines.get(3).matches("connected to 127\\.0\\.0\\.3:" + port + " after \\d+ ms"),
          lines.get(3));
    }
  }

  /**
   * On a fake network and a virtual clock the printed times are exact: the second attempt starts
   * after the delay, the third when the second fails.
   */
  @TrioTest
  void printsExactTimesOnAFakeNetwork() {
    new FakeNetwork()
        .addHost("localhost", "127.0.0.2", "127.0.0.3", "127.0.0.4")
        .failAfter("127.0.0.2", Duration.ofMillis(900))
        .failAfter("127.0.0.3", Duration.ofMillis(2))
        .failAfter("127.0.0.4", Duration.ofMillis(1000))
        .install();
    Output out = new Output();
    assertFalse(HappyEyeballs.connect("localhost", 443, Duration.ofMillis(500), out.stream));
    assertEquals(
        List.of(
            "attempt 1 to 127.0.0.2:443 started at 0 ms",
            "attempt 2 to 127.0.0.3:443 started at 500 ms",
            "attempt 2 to 127.0.0.3:443 failed at 502 ms: Connection refused: 127.0.0.3"
                + " (FakeNetwork)",
            "attempt 3 to 127.0.0.4:443 started at 502 ms",
            "attempt 1 to 127.0.0.2:443 failed at 900 ms: Connection refused: 127.0.0.2"
                + " (FakeNetwork)",
            "attempt 3 to 127.0.0.4:443 failed at 1502 ms: Connection refused: 127.0.0.4"
                + " (FakeNetwork)",
            "could not connect: all attempts to connect to localhost:443 failed",
            "  java.net.ConnectException: Connection refused: 127.0.0.2 (FakeNetwork)",
            "  java.net.ConnectException: Connection refused: 127.0.0.3 (FakeNetwork)",
            "  java.net.ConnectException: Connection refused: 127.0.0.4 (FakeNetwork)"),
        out.lines());
  }

  /** Bad arguments print the usage and exit with 2, without connecting. */
  @Test
  void rejectsBadArguments() {
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"localhost"},
            new String[] {"localhost", "http"},
            new String[] {"localhost", "0"},
            new String[] {"localhost", "80", "--delay"},
            new String[] {"localhost", "80", "--delay", "-5"},
            new String[] {"localhost", "80", "extra"})) {
      Output err = new Output();
      Output out = new Output();
      assertEquals(2, HappyEyeballs.run(args, out.stream, err.stream), List.of(args).toString());
      assertEquals("usage: examples/run happy-eyeballs HOST PORT [--delay MS]", err.lines().get(0));
      assertEquals(List.of(), out.lines());
    }
  }
}
