package org.trio4j.net;

import java.time.Duration;
import java.util.List;
import org.trio4j.Nursery;
import org.trio4j.TaskStatus;
import org.trio4j.Trio;
import org.trio4j.stream.AsyncResource;
import org.trio4j.stream.Listener;

/** The accept loops behind {@link Net#serveListeners} (Trio's _highlevel_serve_listeners.py). */
final class Serving {
  private static final System.Logger LOG = System.getLogger("org.trio4j.net");

  /** How long to wait before accepting again after running out of file descriptors: Trio's. */
  static final Duration CAPACITY_RETRY = Duration.ofMillis(100);

  private Serving() {}

  static <S extends AsyncResource, L extends Listener<? extends S>> void serve(
      ConnectionHandler<? super S> handler,
      List<L> listeners,
      Nursery handlerNursery,
      TaskStatus<? super List<L>> status)
      throws Exception {
    Nursery.open(
        n -> {
          Nursery handlers = handlerNursery != null ? handlerNursery : n;
          for (L listener : listeners) {
            n.startSoon("serve " + listener, () -> serveOne(listener, handlers, handler));
          }
          if (status != null) {
            status.started(listeners);
          }
        });
    throw new AssertionError("the accept loops of serveListeners never end normally");
  }

  private static <S extends AsyncResource> void serveOne(
      Listener<? extends S> listener, Nursery handlers, ConnectionHandler<? super S> handler)
      throws Exception {
    try (listener) {
      while (true) {
        S stream;
        try {
          stream = listener.accept();
        } catch (RuntimeException e) {
          if (!SocketErrors.isOutOfResources(e)) {
            throw e;
          }
          LOG.log(
              System.Logger.Level.ERROR,
              "accept on "
                  + listener
                  + " failed ("
                  + e.getCause().getMessage()
                  + "); retrying in "
                  + CAPACITY_RETRY.toMillis()
                  + " ms",
              e);
          Trio.sleep(CAPACITY_RETRY);
          continue;
        }
        try {
          handlers.startSoon(() -> runHandler(stream, handler));
        } catch (Throwable t) {
          stream.closeForcefully();
          throw t;
        }
      }
    }
  }

  private static <S extends AsyncResource> void runHandler(
      S stream, ConnectionHandler<? super S> handler) throws Exception {
    try {
      handler.handle(stream);
    } finally {
      stream.closeForcefully();
    }
  }
}
