package org.trio4j.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.trio4j.RunOptions;
import org.trio4j.Trio;
import org.trio4j.net.Net;
import org.trio4j.net.TcpConnectOptions;
import org.trio4j.net.TcpSocket;
import org.trio4j.testing.FakeNetwork;
import org.trio4j.testing.MockClock;
import org.trio4j.testing.trace.TimelineRenderer;
import org.trio4j.testing.trace.Trace;
import org.trio4j.testing.trace.TraceRecorder;

/**
 * Records a Happy Eyeballs race on a {@link FakeNetwork} and draws its timeline: the second picture
 * in {@code docs/observability.md}.
 *
 * <p>{@code example.com} resolves to two IPv6 and two IPv4 addresses, which the race tries
 * alternating families: {@code [2001:db8::1]} (attempt 1) never answers in time, {@code 192.0.2.1}
 * (attempt 2, started at 250 ms) refuses after 100 ms, so attempt 3 ({@code [2001:db8::2]}) starts
 * at once, at 350 ms, and connects after 300 ms, at 650 ms. Attempt 4 ({@code 192.0.2.2}) started
 * at 600 ms, 250 ms after attempt 3; it and attempt 1 are cancelled when attempt 3 wins.
 *
 * <p>The run is cooperative with a fixed seed, on an autojumping {@link MockClock}, so it takes no
 * real time and draws the same picture every time. The race is observed through {@link
 * Net#connectTcpSocket}, since a fake socket carries no bytes and cannot become a stream. Run it
 * with {@code examples/run happy-eyeballs-picture [DIR]}; it writes {@code
 * timeline-happy-eyeballs.svg} and {@code .html} into {@code DIR} (default {@code docs/images}).
 */
public final class HappyEyeballsPicture {
  /** The name the fake network resolves. */
  static final String HOST = "example.com";

  /** The port connected to. */
  static final int PORT = 443;

  private HappyEyeballsPicture() {}

  /** The scripted network: what each of the host's four addresses does. */
  static FakeNetwork network() {
    return new FakeNetwork()
        .addHost(HOST, "2001:db8::1", "2001:db8::2", "192.0.2.1", "192.0.2.2")
        .succeedAfter("2001:db8::1", Duration.ofSeconds(10))
        .failAfter("192.0.2.1", Duration.ofMillis(100))
        .succeedAfter("2001:db8::2", Duration.ofMillis(300))
        .succeedAfter("192.0.2.2", Duration.ofSeconds(10));
  }

  /**
   * Records the race and returns its trace.
   *
   * @return the trace
   * @throws Exception if the run fails unexpectedly (for example, the wrong attempt wins)
   */
  public static Trace record() throws Exception {
    MockClock clock = MockClock.autojumping();
    TraceRecorder recorder = new TraceRecorder(clock);
    RunOptions options =
        RunOptions.builder()
            .clock(clock)
            .instrument(recorder)
            .scheduling(RunOptions.Scheduling.COOPERATIVE)
            .seed(2024)
            .build();
    Trio.run(
        options,
        () -> {
          FakeNetwork net = network().install();
          try (TcpSocket socket = Net.connectTcpSocket(HOST, PORT, TcpConnectOptions.DEFAULT)) {
            if (socket != net.socketFor("2001:db8::2")
                || Trio.currentTime() != Duration.ofMillis(650).toNanos()
                || !net.openSockets().equals(List.of(socket))) {
              throw new IllegalStateException(
                  "expected [2001:db8::2] to win at 650 ms, the other sockets closed: " + net);
            }
          }
          return null;
        });
    return recorder.trace();
  }

  /**
   * Writes the pictures.
   *
   * @param args the directory to write to (default {@code docs/images})
   * @throws Exception if the run or the writing fails
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "docs/images");
    Files.createDirectories(dir);
    TimelineRenderer renderer =
        new TimelineRenderer(record())
            .title(
                "Happy Eyeballs: attempt 2 is refused, attempt 3 wins, the others are cancelled");
    renderer.writeSvg(dir.resolve("timeline-happy-eyeballs.svg"));
    renderer.writeHtml(dir.resolve("timeline-happy-eyeballs.html"));
    System.out.println("wrote " + dir.resolve("timeline-happy-eyeballs.svg") + " and .html");
  }
}
