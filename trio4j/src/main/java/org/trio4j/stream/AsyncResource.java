package org.trio4j.stream;

import org.trio4j.CancelScope;

/**
 * A resource that must be closed, and whose graceful close may block: a stream, a listener (Trio's
 * {@code AsyncResource}). Use it in try-with-resources.
 *
 * {@snippet :
 * try (SocketStream stream = Net.openTcpStream("example.com", 80)) {
 *   stream.sendAll(request);
 * } // closes gracefully
 * }
 *
 * <h2>Cancellation</h2>
 *
 * {@link #close()} is a checkpoint, but it always closes the resource, even if it is cancelled:
 * cancellation can only cut short the graceful part (flushing, a goodbye message), after which it
 * throws {@link org.trio4j.Cancelled}. Closing twice is allowed and does nothing the second time.
 */
public interface AsyncResource extends AutoCloseable {
  /**
   * Closes the resource gracefully; blocked operations on it fail with {@link
   * org.trio4j.ClosedResourceException}. A checkpoint; idempotent.
   */
  @Override
  void close();

  /**
   * Closes the resource at once, skipping anything graceful: {@link #close()} inside an
   * already-cancelled scope (Trio's {@code aclose_forcefully}).
   */
  default void closeForcefully() {
    CancelScope scope = new CancelScope();
    scope.cancel("closing forcefully");
    scope.run(this::close);
  }
}
