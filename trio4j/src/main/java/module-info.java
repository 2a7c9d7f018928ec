/**
 * trio4j: Trio's structured concurrency for Java, on virtual threads.
 *
 * <p>Start with {@link org.trio4j.Trio#run}, {@link org.trio4j.Nursery} and {@link
 * org.trio4j.CancelScope}; {@link org.trio4j.lowlevel.Lowlevel} is the foundation for new
 * primitives.
 */
module org.trio4j {
  requires jdk.unsupported;
  // JDK Flight Recorder events; no event class is loaded until JFR is in use, so a run without
  // JFR pays nothing for them (docs/adr/0006-observability.md).
  requires jdk.jfr;

  exports org.trio4j;
  exports org.trio4j.channel;
  exports org.trio4j.stream;
  exports org.trio4j.lowlevel;
  exports org.trio4j.net;
  exports org.trio4j.sync;
  exports org.trio4j.thread;
  exports org.trio4j.tls;
}
