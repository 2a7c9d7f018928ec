package org.trio4j.stream;

/**
 * Accepts incoming connections (Trio's {@code Listener}): a TCP listening socket, a TLS listener.
 *
 * {@snippet :
 * try (Listener<SocketStream> listener = ...) {
 *   while (true) {
 *     SocketStream conn = listener.accept();
 *     nursery.startSoon(() -> handle(conn));
 *   }
 * }
 * }
 *
 * @param <S> the kind of stream a connection is
 */
public interface Listener<S extends AsyncResource> extends AsyncResource {
  /**
   * Waits for a connection and returns it. A checkpoint.
   *
   * @return the new connection; the caller must close it
   * @throws org.trio4j.ClosedResourceException if the listener was closed
   * @throws org.trio4j.BusyResourceException if another task is accepting on this listener
   */
  S accept();
}
