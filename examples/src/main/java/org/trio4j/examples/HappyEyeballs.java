package org.trio4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.trio4j.Trio;
import org.trio4j.net.ConnectAttempt;
import org.trio4j.net.ConnectAttemptListener;
import org.trio4j.net.Net;
import org.trio4j.net.SocketStream;
import org.trio4j.net.TcpConnectOptions;

/**
 * Connects to a host with Happy Eyeballs ({@link Net#openTcpStream}) and shows the race: one line
 * per connection attempt, then the winner, or every failure.
 *
 * <pre>
 * $ examples/run happy-eyeballs localhost 8080
 * attempt 1 to [0:0:0:0:0:0:0:1]:8080 started at 0 ms
 * attempt 1 to [0:0:0:0:0:0:0:1]:8080 failed at 1 ms: Connection refused
 * attempt 2 to 127.0.0.1:8080 started at 1 ms
 * connected to 127.0.0.1:8080 after 2 ms
 * </pre>
 *
 * <p>Run it with {@code examples/run happy-eyeballs HOST PORT [--delay MS]}; {@code --delay} sets
 * how long an attempt may take before the next one starts alongside it (default 250). The exit
 * status is 0 if it connected, 1 if it did not, 2 for bad arguments.
 */
public final class HappyEyeballs {
  private HappyEyeballs() {}

  /**
   * Connects to {@code host}:{@code port} and prints the attempts and the outcome to {@code out};
   * must be called inside a run (so a test can install a resolver first).
   *
   * @param host the host name or address
   * @param port the port
   * @param delay the Happy Eyeballs delay
   * @param out where to print
   * @return true if it connected (the connection is closed again at once)
   */
  public static boolean connect(String host, int port, Duration delay, PrintStream out) {
    long t0 = Trio.currentTime();
    ConnectAttemptListener printer =
        new ConnectAttemptListener() {
          @Override
          public void attemptStarted(ConnectAttempt a) {
            out.println(a + " started at " + millis(a.startTime() - t0) + " ms");
          }

          @Override
          public void attemptFailed(ConnectAttempt a, IOException e) {
            out.println(
                a + " failed at " + millis(Trio.currentTime() - t0) + " ms: " + e.getMessage());
          }
        };
    TcpConnectOptions options =
        TcpConnectOptions.DEFAULT.withHappyEyeballsDelay(delay).withListener(printer);
    try (SocketStream stream = Net.openTcpStream(host, port, options)) {
      out.println(
          "connected to "
              + format(stream.remoteAddress())
              + " after "
              + millis(Trio.currentTime() - t0)
              + " ms");
      return true;
    } catch (IOException e) {
      out.println("could not connect: " + e.getMessage());
      for (Throwable failure : e.getSuppressed()) {
        out.println("  " + failure);
      }
      return false;
    }
  }

  static long millis(long nanos) {
    return Duration.ofNanos(nanos).toMillis();
  }

  static String format(InetSocketAddress a) {
    String h = a.getAddress().getHostAddress();
    return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
  }

  /**
   * Parses the arguments, connects inside a new run and prints to {@code out}; what {@link #main}
   * does, minus the exit.
   *
   * @param args {@code HOST PORT [--delay MS]}
   * @param out where the attempts and the outcome go
   * @param err where a usage message goes
   * @return the exit status: 0 connected, 1 not connected, 2 bad arguments
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String host = null;
    int port = -1;
    Duration delay = TcpConnectOptions.DEFAULT_HAPPY_EYEBALLS_DELAY;
    try {
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--delay")) {
          if (++i == args.length) {
            throw new IllegalArgumentException("--delay needs a number of milliseconds");
          }
          delay = Duration.ofMillis(Long.parseLong(args[i]));
          if (delay.isNegative()) {
            throw new IllegalArgumentException("--delay must not be negative");
          }
        } else if (host == null) {
          host = args[i];
        } else if (port == -1) {
          port = Integer.parseInt(args[i]);
          if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("PORT must be between 1 and 65535");
          }
        } else {
          throw new IllegalArgumentException("unexpected argument: " + args[i]);
        }
      }
      if (host == null || port == -1) {
        throw new IllegalArgumentException("HOST and PORT are required");
      }
    } catch (IllegalArgumentException e) { // NumberFormatException too
      err.println("usage: examples/run happy-eyeballs HOST PORT [--delay MS]");
      err.println(e.getMessage());
      return 2;
    }
    String h = host;
    int p = port;
    Duration d = delay;
    return Trio.run(() -> connect(h, p, d, out)) ? 0 : 1;
  }

  /**
   * Runs the example.
   *
   * @param args {@code HOST PORT [--delay MS]}
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }
}
