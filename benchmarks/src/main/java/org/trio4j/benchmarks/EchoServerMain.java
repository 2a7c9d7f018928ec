package org.trio4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;

/**
 * One echo server of the echo load test in its own process: it listens on 127.0.0.1 and an
 * ephemeral port, prints the port as the first line of standard output, and serves until its
 * standard input ends (the parent closed it or died) or it is killed.
 *
 * {@snippet lang = "shell" :
 * taskset -c 0 java -cp benchmarks.jar org.trio4j.benchmarks.EchoServerMain netty
 * }
 *
 * <p>The servers: {@code trio4j} ({@code Net.serveTcp}, a task per connection, see {@link
 * EchoServers#trio4j()}), {@code virtual-threads} (a virtual thread per connection with blocking
 * {@code SocketChannel}s, {@link EchoServers#virtualThreads()}), {@code netty} ({@link
 * EchoNettyServer}). Each echoes with one buffer per connection and {@code TCP_NODELAY} on.
 */
public final class EchoServerMain {
  private EchoServerMain() {}

  /**
   * Starts the server named by the argument.
   *
   * @param args {@code trio4j}, {@code virtual-threads} or {@code netty}
   * @throws Exception if the server cannot start
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: EchoServerMain trio4j|virtual-threads|netty");
      System.exit(2);
    }
    EchoServers.Server server =
        switch (args[0]) {
          case "trio4j" -> EchoServers.trio4j();
          case "virtual-threads" -> EchoServers.virtualThreads();
          case "netty" -> {
            System.err.println("EchoServerMain: Netty transport " + EchoNettyServer.transport());
            yield new EchoNettyServer();
          }
          default -> throw new IllegalArgumentException("unknown server " + args[0]);
        };
    System.out.println(server.port());
    System.out.flush();
    awaitEndOfInput(System.in);
    server.close();
    System.exit(0);
  }

  private static void awaitEndOfInput(InputStream in) {
    byte[] sink = new byte[256];
    try {
      while (in.read(sink) >= 0) {
        // Anything the parent writes is ignored; only the end matters.
      }
    } catch (IOException e) {
      // As good as the end.
    }
  }
}
