package org.trio4j.benchmarks.scenarios;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToDoubleFunction;
import org.trio4j.benchmarks.EchoLoadClient;
import org.trio4j.benchmarks.EchoLoadResult;
import org.trio4j.benchmarks.EchoServerMain;
import org.trio4j.benchmarks.report.Measurement;

/**
 * The echo load test of issue 5, shared by the four scenarios that report it ({@link
 * EchoThroughput}, {@link EchoLatencyP50}, {@link EchoLatencyP99}, {@link EchoServerCpu}): every
 * server in its own process pinned to CPU 0, the same {@link EchoLoadClient} in another pinned to
 * CPU 1, ping-pongs of {@value #MESSAGE_SIZE}-byte messages over loopback.
 *
 * <p>Each run starts a fresh server and a fresh client for every server in turn (trio4j, plain
 * virtual threads, Netty, Python Trio; then again in the same order), so that drift on a shared
 * machine hits all alike. One run of the whole test yields all four metrics, so the test runs once
 * per effort and JVM and the four scenarios share its results ({@link #results(Effort)}).
 *
 * <p>Without {@code taskset} (or with fewer than two CPUs) the processes run unpinned; without
 * Debian's {@code python3-trio} ({@code /usr/bin/python3 -c 'import trio'} fails) the Python row is
 * left out with a note on standard error. Every child is destroyed when its run ends or fails.
 */
final class EchoLoadTest {
  /* Why a cache: Scenarios runs registered classes one after another in one JVM, and the report
   * groups rows by class (one table, one set of ratios and goals, per metric). Four classes with
   * one measurement behind them keep the report package unchanged and the run a third as long. */

  /** Bytes per message. */
  static final int MESSAGE_SIZE = 64;

  /** The rows' labels, the same in the four tables. */
  static final String TRIO4J = "trio4j: `Net.serveTcp`, a task per connection";

  static final String VIRTUAL_THREADS =
      "plain virtual threads: blocking `SocketChannel`, a thread per connection";

  static final String NETTY =
      "Netty 4.2: epoll transport (NIO where epoll is unavailable), one event-loop thread";

  static final String PYTHON_TRIO =
      "Python Trio (Debian's `python3-trio`): `trio.serve_tcp`, a task per connection";

  /** What the four tables share in their notes. */
  static final String SETUP =
      "Ping-pong of 64-byte messages over loopback, every connection at once (params: how many;"
          + " 1,000 in quick and full mode). Each server runs in its own process pinned to CPU 0"
          + " (`taskset`), the same load generator (`EchoLoadClient`: one thread, one `Selector`"
          + " for all connections) in another pinned to CPU 1; a fresh server and client per run,"
          + " the servers taking turns run after run. Each sample is one run's measured period,"
          + " after every connection has been echoed once and a warm-up (quick: 3 s warm-up + 5 s"
          + " measured, 3 runs; full: 5 s + 10 s, 5 runs); latencies are recorded with"
          + " HdrHistogram. The Java servers run with `-Xmx512m -XX:+UseSerialGC`. The log"
          + " (`benchmarks/target/jmh-output.txt`) has each run's numbers with the share of a core"
          + " that server and client got: on a shared machine it varies from run to run. The"
          + " Python row is missing when Debian's `python3-trio` could not be installed.";

  /** The CPU the servers are pinned to, and the client's. */
  static final String SERVER_CPU = "0";

  static final String CLIENT_CPU = "1";

  /** Options of the Java servers, the same for each. */
  static final List<String> SERVER_JVM =
      List.of(
          "--enable-preview",
          // Netty loads its epoll library with System.loadLibrary: no warning for that.
          "--enable-native-access=ALL-UNNAMED",
          "-Xms512m",
          "-Xmx512m",
          "-XX:+UseSerialGC");

  static final List<String> CLIENT_JVM =
      List.of("--enable-preview", "-Xms256m", "-Xmx256m", "-XX:+UseSerialGC");

  /** Debian's interpreter, where {@code python3-trio} installs (not a pyenv one on PATH). */
  static final Path PYTHON = Path.of("/usr/bin/python3");

  /** The servers, in the order each run visits them. */
  enum Server {
    /** trio4j's {@code Net.serveTcp}. */
    TRIO4J("trio4j", "trio4j"),
    /** A virtual thread per connection, blocking {@code SocketChannel}s. */
    VIRTUAL_THREADS("virtualThreads", "virtual-threads"),
    /** Netty, epoll where available. */
    NETTY("netty", "netty"),
    /** Python Trio's {@code serve_tcp}. */
    PYTHON_TRIO("pythonTrio", null);

    /** The name of the row's method in each scenario class. */
    final String method;

    /** The argument of {@link EchoServerMain}, or null for the Python server. */
    final String mainArgument;

    Server(String method, String mainArgument) {
      this.method = method;
      this.mainArgument = mainArgument;
    }
  }

  /**
   * How much one effort measures.
   *
   * @param connections connections at once
   * @param warmupMillis warm-up per run, not measured
   * @param measureMillis measured period per run
   * @param runs runs per server (one sample each)
   */
  record Plan(int connections, long warmupMillis, long measureMillis, int runs) {}

  /**
   * The plan for an effort: smoke is tiny and one run; quick and full use the 1,000
   * connections.
   *
   * @param effort the effort
   * @return its plan
   */
  static Plan plan(Effort effort) {
    return new Plan(
        effort.pick(10, 1_000, 1_000),
        effort.pick(200, 3_000, 5_000),
        effort.pick(400, 5_000, 10_000),
        effort.pick(1, 3, 5));
  }

  /**
   * One run against one server.
   *
   * @param client what the load generator measured
   * @param serverCpu the server process's CPU time over the measured period, as a fraction of it (1
   *     is one whole core; less when other processes shared the core); NaN if unknown
   */
  record Sample(EchoLoadResult client, double serverCpu) {
    /**
     * The server's CPU time per round trip: what a round trip costs the server, whatever share of
     * the core it got.
     *
     * @return µs of server CPU per round trip, or NaN if unknown
     */
    double serverCpuMicrosPerRoundTrip() {
      return serverCpu * client.microsPerRoundTrip();
    }
  }

  /**
   * Each server's samples, one per run in order.
   *
   * @param plan what was run
   * @param byServer the samples of each server that ran
   */
  record Results(Plan plan, Map<Server, List<Sample>> byServer) {
    /**
     * One measurement per server: the metric of each run, labelled as a row of {@code scenario}. A
     * server with a run whose metric is unknown (NaN) has no row.
     *
     * @param scenario the class whose table the rows go in
     * @param unit the metric's unit
     * @param metric what to take from each sample
     * @return the measurements, in server order
     */
    List<Measurement> measurements(
        Class<? extends Scenario> scenario, String unit, ToDoubleFunction<Sample> metric) {
      List<Measurement> out = new ArrayList<>();
      byServer.forEach(
          (server, samples) -> {
            double[] values = samples.stream().mapToDouble(metric).toArray();
            if (Arrays.stream(values).allMatch(Double::isFinite)) {
              out.add(
                  Measurement.of(scenario, server.method, unit, values)
                      .withParam("connections", String.valueOf(plan.connections())));
            }
          });
      return out;
    }
  }

  /** The outcome of the test for each effort already run in this JVM: Results or an Exception. */
  private static final Map<Effort, Object> DONE = new EnumMap<>(Effort.class);

  private EchoLoadTest() {}

  /**
   * Runs the test at this effort, or returns the outcome of the run already made in this JVM.
   *
   * @param effort the effort
   * @return every server's results
   * @throws Exception what the run threw (again, for each later caller)
   */
  static synchronized Results results(Effort effort) throws Exception {
    Object done = DONE.get(effort);
    if (done == null) {
      try {
        done = run(plan(effort));
      } catch (Exception e) {
        done = e;
      }
      DONE.put(effort, done);
    }
    if (done instanceof Exception e) {
      throw e;
    }
    return (Results) done;
  }

  private static Results run(Plan plan) throws Exception {
    boolean pin = ChildJvm.canPin() && Runtime.getRuntime().availableProcessors() >= 2;
    if (!pin) {
      System.err.println("  note: taskset or a second CPU is missing: servers and client unpinned");
    }
    List<Server> servers = new ArrayList<>(List.of(Server.values()));
    String why = pythonTrioMissing();
    if (why != null) {
      servers.remove(Server.PYTHON_TRIO);
      System.err.println("  note: the Python Trio row is left out: " + why);
    }
    Path script = servers.contains(Server.PYTHON_TRIO) ? pythonScript() : null;
    try {
      Map<Server, List<Sample>> byServer = new LinkedHashMap<>();
      for (int r = 1; r <= plan.runs(); r++) {
        for (Server s : servers) {
          Sample sample = runOnce(s, plan, pin, script);
          EchoLoadResult result = sample.client();
          System.err.printf(
              Locale.ROOT,
              "  run %d %-15s %9.0f round trips/s  p50 %8.1f µs  p99 %8.1f µs  p99.9 %8.1f µs"
                  + "  CPU: server %.0f%%, client %.0f%%%n",
              r,
              s.method,
              result.throughput(),
              result.p50Micros(),
              result.p99Micros(),
              result.p999Micros(),
              sample.serverCpu() * 100,
              result.clientCpu() * 100);
          byServer.computeIfAbsent(s, k -> new ArrayList<>()).add(sample);
        }
      }
      return new Results(plan, byServer);
    } finally {
      if (script != null) {
        Files.deleteIfExists(script);
      }
    }
  }

  /** A child process with a line-oriented standard output. */
  private interface Child extends AutoCloseable {
    String readLine() throws IOException;

    long pid();

    @Override
    void close();
  }

  private static Sample runOnce(Server server, Plan plan, boolean pin, Path script)
      throws Exception {
    try (Child s = startServer(server, pin ? SERVER_CPU : null, script)) {
      int port = Integer.parseInt(within(() -> portLine(s), 60, server + " server's port"));
      List<String> args =
          List.of(
              String.valueOf(port),
              String.valueOf(plan.connections()),
              String.valueOf(MESSAGE_SIZE),
              String.valueOf(plan.warmupMillis()),
              String.valueOf(plan.measureMillis()));
      try (ChildJvm client =
          ChildJvm.start(EchoLoadClient.class, pin ? CLIENT_CPU : null, CLIENT_JVM, args)) {
        long connect = TimeUnit.NANOSECONDS.toSeconds(EchoLoadClient.CONNECT_TIMEOUT_NANOS);
        long warmup = TimeUnit.MILLISECONDS.toSeconds(plan.warmupMillis());
        long measure = TimeUnit.MILLISECONDS.toSeconds(plan.measureMillis());
        String line =
            within(client::readLine, 2 * connect + warmup + 60, "the client against " + server);
        if (!line.equals(EchoLoadClient.MEASURING)) {
          throw new IOException("the client printed '" + line + "' against " + server);
        }
        double cpuFrom = ProcessCpu.seconds(s.pid());
        long from = System.nanoTime();
        line = within(client::readLine, measure + 60, "the client's result against " + server);
        double cpu = (ProcessCpu.seconds(s.pid()) - cpuFrom) / ((System.nanoTime() - from) / 1e9);
        EchoLoadResult result = EchoLoadResult.parse(line);
        int exit = client.waitFor(30);
        if (exit != 0) {
          throw new IOException("the client exited with " + exit + " against " + server);
        }
        return new Sample(result, cpu);
      }
    }
  }

  /**
   * The server's first line that is a number: its port. The JVM itself may print before it on
   * standard output (JFR's start-up message when a recording is asked for, for instance).
   */
  private static String portLine(Child server) throws IOException {
    for (int i = 0; i < 100; i++) {
      String line = server.readLine().strip();
      if (line.matches("[0-9]{1,5}")) {
        return line;
      }
    }
    throw new IOException("the server printed 100 lines and no port");
  }

  private static Child startServer(Server server, String cpu, Path script) throws IOException {
    if (server == Server.PYTHON_TRIO) {
      List<String> command = new ArrayList<>();
      if (cpu != null) {
        command.addAll(List.of("taskset", "-c", cpu));
      }
      command.addAll(List.of(PYTHON.toString(), script.toString()));
      Process p =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      return processChild(p);
    }
    ChildJvm jvm =
        ChildJvm.start(EchoServerMain.class, cpu, SERVER_JVM, List.of(server.mainArgument));
    return new Child() {
      @Override
      public String readLine() throws IOException {
        return jvm.readLine();
      }

      @Override
      public long pid() {
        return jvm.process().pid();
      }

      @Override
      public void close() {
        jvm.close();
      }
    };
  }

  private static Child processChild(Process p) {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    return new Child() {
      @Override
      public String readLine() throws IOException {
        String line = out.readLine();
        if (line == null) {
          throw new IOException("the Python server ended without printing its port");
        }
        return line;
      }

      @Override
      public long pid() {
        return p.pid();
      }

      @Override
      public void close() {
        p.destroy();
        try {
          if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          p.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
    };
  }

  /**
   * Calls {@code read} (a blocking read of a child's output) with a time bound; on timeout the
   * caller's try-with-resources destroys the child, which ends the read.
   */
  private static String within(Callable<String> read, long seconds, String what) throws Exception {
    CompletableFuture<String> line = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("echo-read")
        .start(
            () -> {
              try {
                line.complete(read.call());
              } catch (Throwable t) {
                line.completeExceptionally(t);
              }
            });
    try {
      return line.get(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IOException("no answer within " + seconds + " s: " + what);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    }
  }

  /**
   * Why the Python row cannot run, or null if it can.
   *
   * @return the reason, or null when {@code /usr/bin/python3} imports {@code trio}
   */
  static String pythonTrioMissing() {
    if (!Files.isExecutable(PYTHON)) {
      return PYTHON + " is not installed";
    }
    try {
      Process p =
          new ProcessBuilder(PYTHON.toString(), "-c", "import trio")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return PYTHON + " -c 'import trio' did not finish in 30 s";
      }
      return p.exitValue() == 0
          ? null
          : PYTHON + " cannot import trio (install Debian's python3-trio; benchmarks/run tries)";
    } catch (IOException e) {
      return PYTHON + " could not start: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** The server script, from the class path to a file the interpreter can run. */
  private static Path pythonScript() throws IOException {
    Path file = Files.createTempFile("trio4j-echo-server", ".py");
    try (InputStream in =
        EchoLoadTest.class.getResourceAsStream("/org/trio4j/benchmarks/echo_server.py")) {
      if (in == null) {
        throw new IOException("org/trio4j/benchmarks/echo_server.py is not on the class path");
      }
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }
}
