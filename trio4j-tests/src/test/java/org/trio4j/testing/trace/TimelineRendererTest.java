package org.trio4j.testing.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.testing.trace.TraceEvent.Kind;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@link TimelineRenderer}: the SVG is well-formed, has one lane per task in depth-first nursery
 * order, one mark per checkpoint, cancellation and failure at the right place on the time axis; the
 * HTML page is self-contained.
 */
class TimelineRendererTest {

  /** A child fails after 1.1 s; its siblings (one with a nursery of its own) are cancelled. */
  static Trace failingChild() throws Exception {
    return TraceRecorderTest.record(
        () -> {
          try {
            Nursery.open(
                n -> {
                  n.startSoon(
                      "poller",
                      () -> {
                        while (true) {
                          Trio.sleep(Duration.ofMillis(300));
                          Trio.checkpoint();
                        }
                      });
                  n.startSoon(
                      "uploader",
                      () -> {
                        Trio.sleep(Duration.ofMillis(1100));
                        throw new IOException("reset <by> peer & co");
                      });
                  n.startSoon(
                      "worker",
                      () ->
                          Nursery.open(
                              inner -> {
                                inner.startSoon("worker-a", Trio::sleepForever);
                                inner.startSoon("worker-b", Trio::sleepForever);
                              }));
                });
          } catch (IOException expected) {
            // the uploader's failure
          }
          return null;
        });
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Element> elements(Document d, String name) {
    NodeList nl = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", name);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nl.getLength(); i++) {
      out.add((Element) nl.item(i));
    }
    return out;
  }

  private static List<String> titles(Document d) {
    return elements(d, "title").stream().map(Element::getTextContent).toList();
  }

  private static Element text(Document d, String content) {
    return elements(d, "text").stream()
        .filter(e -> e.getTextContent().equals(content))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no text " + content));
  }

  private static double attr(Element e, String name) {
    return Double.parseDouble(e.getAttribute(name));
  }

  /**
   * The lanes are the main task and its descendants, depth first, each nursery labelled with its
   * owner; trio4j's own tasks are left out unless asked for.
   */
  @Test
  void lanesFollowTheNurseryTree() throws Exception {
    Trace trace = failingChild();
    Document d = parse(new TimelineRenderer(trace).title("t").toSvg());
    assertEquals("svg", d.getDocumentElement().getLocalName());
    double previous = -1;
    for (String name :
        List.of("trio4j-main", "poller", "uploader", "worker", "worker-a", "worker-b")) {
      double y = attr(text(d, name), "y");
      assertTrue(y > previous, name + " is not below the lane before it");
      previous = y;
    }
    double mainNursery = attr(text(d, "nursery of trio4j-main"), "y");
    double workerNursery = attr(text(d, "nursery of worker"), "y");
    assertTrue(attr(text(d, "trio4j-main"), "y") < mainNursery);
    assertTrue(mainNursery < attr(text(d, "poller"), "y"));
    assertTrue(attr(text(d, "worker"), "y") < workerNursery);
    assertTrue(workerNursery < attr(text(d, "worker-a"), "y"));
    assertTrue(
        elements(d, "text").stream().noneMatch(e -> e.getTextContent().equals("trio4j-root")));

    Document all = parse(new TimelineRenderer(trace).showSystemTasks(true).toSvg());
    text(all, "trio4j-root");
  }

  /**
   * Every checkpoint and every raised Cancelled of a task shown has a mark with a tooltip, the
   * failure has one (escaped), and the failure's mark sits at 1.1 s on the axis.
   */
  @Test
  void marksForCheckpointsCancellationsAndTheFailure() throws Exception {
    Trace trace = failingChild();
    Document d = parse(new TimelineRenderer(trace).toSvg());
    List<String> titles = titles(d);
    assertEquals(
        trace.eventsOf(trace.task("poller")).stream()
            .filter(e -> e.kind() == Kind.CHECKPOINT)
            .count(),
        titles.stream().filter(t -> t.contains(" poller: checkpoint")).count());
    assertEquals(3, titles.stream().filter(t -> t.contains(" poller: checkpoint")).count());
    for (String cancelled : List.of("poller", "worker-a", "worker-b")) {
      assertEquals(
          1,
          titles.stream().filter(t -> t.contains(" " + cancelled + ": Cancelled raised: ")).count(),
          cancelled + " " + titles);
    }
    List<String> failures = titles.stream().filter(t -> t.contains(": failed: ")).toList();
    assertEquals(
        List.of(
            "1.1 s (#"
                + trace.eventsOf(Kind.FAILED).stream()
                    .filter(e -> e.task() == trace.task("uploader").key())
                    .findFirst()
                    .orElseThrow()
                    .seq()
                + ") uploader: failed: java.io.IOException: reset <by> peer & co"),
        failures);
    double zero = attr(text(d, "0 s"), "x");
    double one = attr(text(d, "1 s"), "x");
    Element circle =
        elements(d, "circle").stream()
            .filter(c -> c.getTextContent().contains("uploader: failed"))
            .findFirst()
            .orElseThrow();
    assertEquals(zero + 1.1 * (one - zero), attr(circle, "cx"), 0.15);
  }

  /**
   * The HTML page embeds the SVG and a table of the events, escapes what it shows, and loads
   * nothing: no script, no external reference.
   */
  @Test
  void htmlIsSelfContained() throws Exception {
    Trace trace = failingChild();
    String html = new TimelineRenderer(trace).title("A <b> title").toHtml();
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.contains("<title>A &lt;b&gt; title</title>"));
    assertTrue(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assertFalse(html.contains("<script"));
    assertFalse(html.contains(" src="));
    assertFalse(html.contains(" href="));
    assertFalse(html.replace("http://www.w3.org/2000/svg", "").contains("http"));
    assertTrue(html.contains("java.io.IOException: reset &lt;by&gt; peer &amp; co"));
    assertFalse(html.contains("reset <by>"));
    long shown = html.lines().filter(l -> l.startsWith("<tr><td class=\"n\">")).count();
    assertTrue(shown > 20 && shown < trace.events().size(), shown + " rows");
  }

  /** A run whose clock never moved is drawn on an axis of events in recorded order. */
  @Test
  void anAxisOfEventsWhenTheClockStoodStill() throws Exception {
    Trace trace =
        TraceRecorderTest.record(
            () -> {
              Nursery.open(n -> n.startSoon("quick", Trio::checkpoint));
              return null;
            });
    Document d = parse(new TimelineRenderer(trace).toSvg());
    text(d, "events in the order recorded (evenly spaced)");
    text(d, "#0");
    Document byTime = parse(new TimelineRenderer(failingChild()).toSvg());
    text(byTime, "time on the run's clock, from the first event shown");
  }

  /**
   * Steps of the axis are 1, 2 or 5 times a power of ten; a plot narrower than 100 px is refused.
   */
  @Test
  void axisStepsAndWidth() {
    assertEquals(0.2, TimelineRenderer.niceStep(0.15), 1e-12);
    assertEquals(500, TimelineRenderer.niceStep(260), 1e-9);
    assertEquals(1e8, TimelineRenderer.niceStep(1e8), 1e-3);
    assertThrows(
        IllegalArgumentException.class,
        () -> new TimelineRenderer(new Trace(List.of(), List.of())).width(99));
  }
}
