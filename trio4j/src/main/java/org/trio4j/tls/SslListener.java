package org.trio4j.tls;

import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.trio4j.stream.Listener;
import org.trio4j.stream.Stream;

/**
 * A {@link Listener} for TLS servers: it accepts connections from another listener and wraps each
 * in a server-side {@link SslStream} (Trio's {@code SSLListener}). The handshake happens when the
 * handler first uses the stream, in the handler's task, so a slow or hostile client cannot hold up
 * {@link #accept()}.
 *
 * {@snippet :
 * SslListener listener = new SslListener(tcpListener, serverContext);
 * while (true) {
 *   SslStream conn = listener.accept();
 *   nursery.startSoon(() -> {
 *     try (conn) {
 *       handle(conn);
 *     }
 *   });
 * }
 * }
 *
 * <p>Cancellation and exceptions are those of the transport listener's {@code accept} and {@code
 * close}. Thread-safety: as the transport listener.
 */
public final class SslListener implements Listener<SslStream> {
  private final Listener<? extends Stream> transportListener;
  private final SSLContext context;
  private final SslOptions options;

  /**
   * Wraps {@code transportListener}.
   *
   * @param transportListener accepts the connections to encrypt; closed by {@link #close()}
   * @param context the server's context (certificate and key)
   */
  public SslListener(Listener<? extends Stream> transportListener, SSLContext context) {
    this(transportListener, context, SslOptions.defaults());
  }

  /**
   * Wraps {@code transportListener}, with options for every connection.
   *
   * @param transportListener accepts the connections to encrypt; closed by {@link #close()}
   * @param context the server's context (certificate and key)
   * @param options ALPN protocols, HTTPS compatibility, engine settings
   */
  public SslListener(
      Listener<? extends Stream> transportListener, SSLContext context, SslOptions options) {
    this.transportListener = Objects.requireNonNull(transportListener, "transportListener");
    this.context = Objects.requireNonNull(context, "context");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * The listener whose connections are wrapped.
   *
   * @return the transport listener
   */
  public Listener<? extends Stream> transportListener() {
    return transportListener;
  }

  /**
   * The options every accepted stream gets.
   *
   * @return the options
   */
  public SslOptions options() {
    return options;
  }

  /**
   * Accepts the next connection and wraps it; no handshake yet. A checkpoint.
   *
   * @return the server-side stream
   */
  @Override
  public SslStream accept() {
    return SslStream.server(transportListener.accept(), context, options);
  }

  /** Closes the transport listener. A checkpoint. */
  @Override
  public void close() {
    transportListener.close();
  }

  @Override
  public String toString() {
    return "SslListener[" + transportListener + "]";
  }
}
