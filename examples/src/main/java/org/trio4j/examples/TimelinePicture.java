package org.trio4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.trio4j.Nursery;
import org.trio4j.RunOptions;
import org.trio4j.Trio;
import org.trio4j.testing.MockClock;
import org.trio4j.testing.trace.TimelineRenderer;
import org.trio4j.testing.trace.Trace;
import org.trio4j.testing.trace.TraceRecorder;

/**
 * Records a run with a {@link TraceRecorder} and draws its timeline: the picture in {@code
 * docs/observability.md}. A nursery's child fails, the nursery cancels its siblings (one of them a
 * task with a nursery of its own), the failure reaches the parent, and then a {@code moveOnAfter}
 * timeout ends a wait.
 *
 * <p>The run is cooperative with a fixed seed, on an autojumping {@link MockClock}, so it takes no
 * real time and draws the same picture every time. Run it with {@code examples/run timeline-picture
 * [DIR]}; it writes {@code timeline-cancellation.svg} and {@code .html} into {@code DIR} (default
 * {@code docs/images}).
 */
public final class TimelinePicture {
  private TimelinePicture() {}

  /**
   * Records the run and returns its trace.
   *
   * @return the trace
   * @throws Exception if the run fails unexpectedly
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
          try {
            Nursery.open(
                nursery -> {
                  nursery.startSoon("poller", TimelinePicture::poll);
                  nursery.startSoon(
                      "uploader",
                      () -> {
                        Trio.sleep(Duration.ofMillis(1100));
                        throw new IOException("connection reset by peer");
                      });
                  nursery.startSoon(
                      "worker",
                      () ->
                          Nursery.open(
                              inner -> {
                                inner.startSoon("worker-a", () -> tick(Duration.ofMillis(450)));
                                inner.startSoon("worker-b", Trio::sleepForever);
                              }));
                });
          } catch (IOException expected) {
            // The uploader's failure, after every sibling has been cancelled and has unwound.
          }
          Trio.sleep(Duration.ofMillis(200));
          Trio.moveOnAfter(Duration.ofMillis(500), Trio::sleepForever);
          return null;
        });
    return recorder.trace();
  }

  private static void poll() {
    while (true) {
      Trio.sleep(Duration.ofMillis(300));
      for (int i = 0; i < 3; i++) {
        Trio.checkpoint(); // some work between waits
      }
    }
  }

  private static void tick(Duration every) {
    while (true) {
      Trio.sleep(every);
      Trio.checkpoint();
    }
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
            .title("A child fails: its nursery cancels the siblings, then a timeout");
    renderer.writeSvg(dir.resolve("timeline-cancellation.svg"));
    renderer.writeHtml(dir.resolve("timeline-cancellation.html"));
    System.out.println("wrote " + dir.resolve("timeline-cancellation.svg") + " and .html");
  }
}
