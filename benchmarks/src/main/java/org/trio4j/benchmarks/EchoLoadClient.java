package org.trio4j.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The load generator of the echo load test, the same for every server: one thread and one {@link
 * Selector} drive all connections, each doing ping-pongs of a fixed-size message (send it, wait
 * until every byte has come back, check them, record the round trip, send the next): once every
 * connection has been echoed once, for a warm-up period, and then for a measured one. On standard
 * output it prints {@link #MEASURING} when the measured period starts, and one {@link
 * EchoLoadResult} line at its end.
 *
 * {@snippet lang = "shell" :
 * taskset -c 1 java -cp benchmarks.jar org.trio4j.benchmarks.EchoLoadClient \
 *     PORT CONNECTIONS MESSAGE_SIZE WARMUP_MILLIS MEASURE_MILLIS
 * }
 *
 * <p>The server is at 127.0.0.1. Latencies go into an HdrHistogram, in nanoseconds; only round
 * trips that complete in the measured period count. Everything is bounded: connecting by {@link
 * #CONNECT_TIMEOUT_NANOS}, the rest by the two periods (a server that stops answering shows as too
 * few round trips, not as a hang). Exit status 0 with the result line, 1 on any failure.
 */
public final class EchoLoadClient {
  /* One thread rather than a thread per connection: a closed loop of 1,000 connections on one
   * core would otherwise measure the client's own thread switches. The selector's consumer form
   * (select(Consumer, timeout)) avoids the selected-key set; buffers are direct and reused, so
   * the loop does not allocate. */

  /** The line printed on standard output when the measured period starts. */
  public static final String MEASURING = "ECHO-MEASURING";

  /** How long all connections may take to connect. */
  public static final long CONNECT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final Selector selector;
  private final List<Connection> connections = new ArrayList<>();
  private final Histogram latencies = new Histogram(3);
  private boolean measuring;
  private long roundTrips;
  private int unprimed;

  /** One connection's state; only the client's thread touches it. */
  private static final class Connection {
    final SocketChannel channel;
    final ByteBuffer out;
    final ByteBuffer in;
    SelectionKey key;
    long sentAt;
    long sequence;

    Connection(SocketChannel channel, int id, int messageSize) {
      this.channel = channel;
      this.out = ByteBuffer.allocateDirect(messageSize);
      this.in = ByteBuffer.allocateDirect(messageSize);
      // Distinct bytes per connection, so a server that mixes up connections is caught.
      for (int i = 0; i < messageSize; i++) {
        out.put(i, (byte) (id * 31 + i));
      }
    }
  }

  private EchoLoadClient() throws IOException {
    selector = Selector.open();
  }

  /**
   * Runs the client (see the class comment for the arguments).
   *
   * @param args port, connections, message size, warm-up and measured periods in milliseconds
   */
  public static void main(String[] args) {
    if (args.length != 5) {
      System.err.println(
          "usage: EchoLoadClient PORT CONNECTIONS MESSAGE_SIZE WARMUP_MILLIS MEASURE_MILLIS");
      System.exit(2);
    }
    try {
      InetSocketAddress server =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]));
      EchoLoadResult result =
          run(
              server,
              Integer.parseInt(args[1]),
              Integer.parseInt(args[2]),
              TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[3])),
              TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[4])));
      System.out.println(result.format());
      System.out.flush();
      System.exit(0);
    } catch (Exception | Error e) {
      System.err.println("EchoLoadClient failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  /**
   * Connects, warms up, measures, disconnects.
   *
   * @param server the echo server
   * @param connections how many connections ping-pong at once
   * @param messageSize bytes per message (at least 8)
   * @param warmupNanos the warm-up period
   * @param measureNanos the measured period
   * @return what was measured
   * @throws IOException if a connection fails or the server closes one
   */
  public static EchoLoadResult run(
      InetSocketAddress server,
      int connections,
      int messageSize,
      long warmupNanos,
      long measureNanos)
      throws IOException {
    if (connections < 1 || messageSize < 8 || warmupNanos < 0 || measureNanos <= 0) {
      throw new IllegalArgumentException("bad arguments");
    }
    EchoLoadClient client = new EchoLoadClient();
    try {
      long t0 = System.nanoTime();
      client.connect(server, connections, messageSize);
      System.err.printf(
          Locale.ROOT,
          "EchoLoadClient: %d connections to %s in %.0f ms%n",
          connections,
          server,
          (System.nanoTime() - t0) / 1e6);
      return client.pingPong(warmupNanos, measureNanos);
    } finally {
      client.close();
    }
  }

  private void connect(InetSocketAddress server, int count, int messageSize) throws IOException {
    int pending = 0;
    for (int i = 0; i < count; i++) {
      SocketChannel ch = SocketChannel.open();
      Connection c = new Connection(ch, i, messageSize);
      connections.add(c);
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      if (ch.connect(server)) {
        c.key = ch.register(selector, 0, c);
      } else {
        c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
        pending++;
      }
    }
    unprimed = count;
    long deadline = System.nanoTime() + CONNECT_TIMEOUT_NANOS;
    while (pending > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IOException(pending + " connections still pending after the connect timeout");
      }
      selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      for (SelectionKey k : selector.selectedKeys()) {
        if (k.isConnectable() && ((SocketChannel) k.channel()).finishConnect()) {
          k.interestOps(0);
          pending--;
        }
      }
      selector.selectedKeys().clear();
    }
  }

  private EchoLoadResult pingPong(long warmupNanos, long measureNanos) throws IOException {
    long start = System.nanoTime();
    for (Connection c : connections) {
      c.key.interestOps(SelectionKey.OP_READ);
      send(c, start);
    }
    // The warm-up starts once every connection has echoed once (the server accepted them all).
    long primed = System.nanoTime();
    long primeDeadline = primed + CONNECT_TIMEOUT_NANOS;
    try {
      while (unprimed > 0) {
        if (primed - primeDeadline >= 0) {
          throw new IOException(unprimed + " connections got no echo within the connect timeout");
        }
        selector.select(this::ready, 100);
        primed = System.nanoTime();
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    System.err.printf(
        Locale.ROOT,
        "EchoLoadClient: every connection echoed once after %.0f ms%n",
        (primed - start) / 1e6);
    long measureStart = primed + warmupNanos;
    long end = 0; // set when the measured period starts
    long measuredFrom = 0;
    long cpuFrom = 0;
    long now = primed;
    try {
      while (true) {
        now = System.nanoTime();
        if (!measuring && now - measureStart >= 0) {
          latencies.reset();
          roundTrips = 0;
          measuring = true;
          measuredFrom = now;
          cpuFrom = processCpuNanos();
          end = now + measureNanos;
          // Tells the parent to start its own readings (the server's CPU time).
          System.out.println(MEASURING);
          System.out.flush();
        }
        if (measuring && now - end >= 0) {
          break;
        }
        long until = measuring ? end : measureStart;
        selector.select(this::ready, Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - now)));
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    double cpu = processCpuNanos() - cpuFrom;
    double seconds = (now - measuredFrom) / 1e9;
    return new EchoLoadResult(
        connections.size(),
        roundTrips,
        seconds,
        latencies.getValueAtPercentile(50) / 1e3,
        latencies.getValueAtPercentile(99) / 1e3,
        latencies.getValueAtPercentile(99.9) / 1e3,
        latencies.getMaxValue() / 1e3,
        cpu / 1e9 / seconds);
  }

  /** This process's CPU time (all its threads: the selector loop, GC, JIT). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private void ready(SelectionKey key) {
    Connection c = (Connection) key.attachment();
    try {
      if (key.isWritable()) {
        c.channel.write(c.out);
        if (!c.out.hasRemaining()) {
          key.interestOps(SelectionKey.OP_READ);
        }
        return;
      }
      if (c.channel.read(c.in) < 0) {
        throw new IOException("the server closed a connection");
      }
      if (c.in.hasRemaining()) {
        return;
      }
      long now = System.nanoTime();
      c.in.flip();
      c.out.rewind();
      if (!c.in.equals(c.out)) {
        throw new IOException("the server echoed other bytes than were sent");
      }
      if (measuring) {
        latencies.recordValue(now - c.sentAt);
        roundTrips++;
      } else if (c.sequence == 1) {
        unprimed--;
      }
      send(c, now);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void send(Connection c, long now) throws IOException {
    c.in.clear();
    c.out.clear();
    c.out.putLong(0, ++c.sequence);
    c.sentAt = now;
    c.channel.write(c.out);
    if (c.out.hasRemaining()) {
      // Rare for 64 bytes: finish when the socket can take more, then read again.
      c.key.interestOps(SelectionKey.OP_WRITE);
    }
  }

  private void close() {
    for (Connection c : connections) {
      try {
        c.channel.close();
      } catch (IOException e) {
        // Closing anyway.
      }
    }
    try {
      selector.close();
    } catch (IOException e) {
      // Closing anyway.
    }
  }
}
