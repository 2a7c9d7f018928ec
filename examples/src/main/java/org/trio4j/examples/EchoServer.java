package org.trio4j.examples;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.trio4j.BrokenResourceException;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.net.Net;
import org.trio4j.net.SocketListener;
import org.trio4j.net.SocketStream;

/**
 * The echo server of Trio's tutorial: every connection gets its own task, which sends back each
 * chunk it receives until the client closes its side.
 *
 * <p>Run it with {@code examples/run echo-server [--port N] [--host ADDRESS]} (port 12345 and
 * address 127.0.0.1 by default; port 0 picks a free one) and talk to it with {@code nc 127.0.0.1
 * 12345}. It prints {@code listening on 127.0.0.1:PORT} once it accepts connections, then a line
 * per connection event. Stop it with Ctrl-C.
 */
public final class EchoServer {
  private static final AtomicInteger CONNECTIONS = new AtomicInteger();

  private EchoServer() {}

  static void echo(SocketStream stream) {
    int ident = CONNECTIONS.incrementAndGet();
    System.out.println("echo server " + ident + ": started");
    try {
      for (byte[] chunk : stream.chunks()) {
        System.out.println("echo server " + ident + ": received " + chunk.length + " bytes");
        stream.sendAll(chunk);
      }
      System.out.println("echo server " + ident + ": connection closed");
    } catch (BrokenResourceException e) {
      // Without this, a client that resets its connection would stop the whole server.
      System.out.println("echo server " + ident + ": crashed: " + e);
    }
  }

  /**
   * Runs the server until it is interrupted.
   *
   * @param args {@code [--port N] [--host ADDRESS]}
   * @throws Exception if the server cannot listen or fails
   */
  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args, Set.of("--port", "--host"));
    int port = options.intValue("--port", 12345);
    String host = options.value("--host", "127.0.0.1");
    Trio.run(
        () -> {
          Nursery.open(
              nursery -> {
                List<SocketListener> listeners =
                    nursery.start(status -> Net.serveTcp(EchoServer::echo, port, host, status));
                Servers.printListening(
                    listeners.stream().map(SocketListener::localAddress).toList());
              });
          return null;
        });
  }
}
