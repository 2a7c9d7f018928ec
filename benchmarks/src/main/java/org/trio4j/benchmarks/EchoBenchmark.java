package org.trio4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.trio4j.benchmarks.report.Comparison;
import org.trio4j.benchmarks.report.Goal;
import org.trio4j.benchmarks.report.Role;
import org.trio4j.benchmarks.report.Row;

/**
 * A first echo benchmark over loopback: {@link #CONNECTIONS} connections each doing ping-pongs of a
 * {@link #MESSAGE_SIZE}-byte message, against trio4j's {@code Net.serveTcp} and against a plain
 * virtual-thread blocking-socket server, with the same load generator ({@link EchoClients}).
 *
 * <p>Unlike the setup issue 5 asks for (a load generator in its own process, pinned to other cores
 * than the server: the scenario {@code scenarios.EchoLoadTest}), client and server share this
 * process and its cores here, so the client's cost is in both scores; the ratio between the two
 * servers is what to read. One operation is one round trip: an invocation runs {@link #ROUND_TRIPS}
 * ping-pongs on every connection at once.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(EchoBenchmark.CONNECTIONS * EchoBenchmark.ROUND_TRIPS)
@State(Scope.Benchmark)
@Fork(jvmArgsAppend = {"--enable-preview", "-Xms1g", "-Xmx1g"})
@Comparison(
    title = "Echo over loopback: 100 connections, 64-byte ping-pong (in-process client)",
    subject = "trio4jServer",
    notes =
        "Time per round trip (lower is better) with 100 connections each doing 20 ping-pongs of 64"
            + " bytes at once, from one virtual thread per connection with blocking channels. The"
            + " client runs in the benchmark's process, on the same cores as the server, so its"
            + " cost is in both rows; the ratio compares the servers. The issue's setup (a"
            + " separate load generator pinned to another core, Netty and Python Trio as peers) is"
            + " the echo load test below (`EchoLoadTest`).")
@Goal(
    text = "first milestone: throughput ≥ 1.0× plain virtual threads",
    peer = "virtualThreadServer",
    maxRatio = 1.0)
public class EchoBenchmark {
  /** Concurrent connections. */
  static final int CONNECTIONS = 100;

  /** Ping-pongs per connection per invocation. */
  static final int ROUND_TRIPS = 20;

  /** Bytes per message. */
  static final int MESSAGE_SIZE = 64;

  EchoServers.Server trio4j;
  EchoServers.Server virtualThreads;
  EchoClients trio4jClients;
  EchoClients virtualThreadClients;

  /**
   * Starts both servers and connects the clients.
   *
   * @throws Exception if a server cannot start
   */
  @Setup(Level.Trial)
  public void start() throws Exception {
    trio4j = EchoServers.trio4j();
    virtualThreads = EchoServers.virtualThreads();
    trio4jClients = new EchoClients(trio4j.port(), CONNECTIONS, MESSAGE_SIZE);
    virtualThreadClients = new EchoClients(virtualThreads.port(), CONNECTIONS, MESSAGE_SIZE);
  }

  /**
   * Disconnects the clients and stops both servers.
   *
   * @throws Exception if a server fails to stop
   */
  @TearDown(Level.Trial)
  public void stop() throws Exception {
    trio4jClients.close();
    virtualThreadClients.close();
    trio4j.close();
    virtualThreads.close();
  }

  /**
   * trio4j's server.
   *
   * @throws Exception if a connection fails
   */
  @Benchmark
  @Row(role = Role.SUBJECT, label = "trio4j: `Net.serveTcp`, a task per connection")
  public void trio4jServer() throws Exception {
    trio4jClients.pingPong(ROUND_TRIPS);
  }

  /**
   * The plain virtual-thread server.
   *
   * @throws Exception if a connection fails
   */
  @Benchmark
  @Row(
      role = Role.PEER,
      label = "plain virtual threads: blocking `SocketChannel`, a thread per connection")
  public void virtualThreadServer() throws Exception {
    virtualThreadClients.pingPong(ROUND_TRIPS);
  }
}
