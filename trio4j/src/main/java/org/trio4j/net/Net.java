package org.trio4j.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.trio4j.Nursery;
import org.trio4j.TaskStatus;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.stream.AsyncResource;
import org.trio4j.stream.Listener;
import org.trio4j.tls.SslListener;
import org.trio4j.tls.SslOptions;
import org.trio4j.tls.SslStream;

/**
 * TCP clients and servers: connect with {@link #openTcpStream}, listen with {@link
 * #openTcpListeners}, and serve with {@link #serveTcp} (Trio's {@code open_tcp_stream}, {@code
 * open_tcp_listeners}, {@code serve_tcp} and {@code serve_listeners}); the same over TLS with
 * {@link #openSslOverTcpStream} and {@link #serveSslOverTcp} (see {@link org.trio4j.tls}).
 *
 * {@snippet :
 * // An echo server on an ephemeral port, and a client for it:
 * Nursery.open(nursery -> {
 *   List<SocketListener> listeners = nursery.start(status ->
 *       Net.serveTcp(stream -> {
 *         for (byte[] chunk : stream.chunks()) {
 *           stream.sendAll(chunk);
 *         }
 *       }, 0, "127.0.0.1", status));
 *   try (SocketStream client = Net.openTcpStream("127.0.0.1", listeners.get(0).localAddress().getPort())) {
 *     client.sendAll("ping".getBytes(StandardCharsets.UTF_8));
 *     System.out.println(new String(client.receiveSome(), StandardCharsets.UTF_8));
 *   }
 *   nursery.cancelScope().cancel();
 * });
 * }
 *
 * <h2>Cancellation</h2>
 *
 * Every method here is a checkpoint. A cancelled {@code openTcpStream} closes the socket it was
 * connecting. The serving methods run until they are cancelled (or a handler or an accept fails).
 * Name resolution ({@code InetAddress.getAllByName}) cannot be interrupted by cancellation.
 *
 * <h2>Exceptions</h2>
 *
 * Failing to connect, resolve or bind throws {@link IOException}. Everything must be called from a
 * task of a run.
 */
public final class Net {
  /** The default {@code listen} backlog: as large as the kernel allows (Trio's default). */
  public static final int DEFAULT_BACKLOG = TcpListeners.MAX_BACKLOG;

  private Net() {}

  /**
   * Resolves {@code host} and connects to the first of its addresses that accepts the connection,
   * trying them one after another in the resolver's order.
   *
   * @param host a host name or address literal
   * @param port the port, 1 to 65535
   * @return the connected stream
   * @throws IOException if the name cannot be resolved ({@link java.net.UnknownHostException}), or
   *     every address failed (the failures are attached as suppressed exceptions)
   * @throws IllegalArgumentException if the port is out of range
   */
  public static SocketStream openTcpStream(String host, int port) throws IOException {
    Objects.requireNonNull(host, "host");
    checkPort(port, false);
    Lowlevel.checkpointIfCancelled();
    InetAddress[] addresses = InetAddress.getAllByName(host);
    List<IOException> failures = new ArrayList<>();
    for (InetAddress a : addresses) {
      try {
        return new SocketStream(TcpConnect.connect(new InetSocketAddress(a, port), null));
      } catch (IOException e) {
        failures.add(e);
      }
    }
    IOException all =
        new IOException("all attempts to connect to " + formatHostPort(host, port) + " failed");
    failures.forEach(all::addSuppressed);
    throw all;
  }

  /**
   * Connects to exactly one address, without resolving anything (an unresolved address is resolved
   * by {@link #openTcpStream(String, int)}).
   *
   * @param address where to connect
   * @return the connected stream
   * @throws IOException if the connection fails
   */
  public static SocketStream openTcpStream(InetSocketAddress address) throws IOException {
    Objects.requireNonNull(address, "address");
    if (address.isUnresolved()) {
      return openTcpStream(address.getHostString(), address.getPort());
    }
    return new SocketStream(TcpConnect.connect(address, null));
  }

  /**
   * Opens listeners on {@code port} on every address family the machine supports, with the default
   * backlog. See {@link #openTcpListeners(int, String, int)}.
   *
   * @param port the port, or 0 for one the system chooses
   * @return the listeners
   * @throws IOException if binding fails
   */
  public static List<SocketListener> openTcpListeners(int port) throws IOException {
    return openTcpListeners(port, null, DEFAULT_BACKLOG);
  }

  /**
   * Opens listeners on {@code port} at {@code host}, with the default backlog. See {@link
   * #openTcpListeners(int, String, int)}.
   *
   * @param port the port, or 0 for one the system chooses
   * @param host where to listen, or null for every address
   * @return the listeners
   * @throws IOException if resolution or binding fails
   */
  public static List<SocketListener> openTcpListeners(int port, String host) throws IOException {
    return openTcpListeners(port, host, DEFAULT_BACKLOG);
  }

  /**
   * Opens TCP listeners: one for each address {@code host} resolves to, each with {@code
   * SO_REUSEADDR} (so a server can restart on its port at once) and the given backlog, capped at
   * 65535.
   *
   * <p>With a null {@code host} it listens on every address. Trio opens one listener per address
   * family there (0.0.0.0 and :: with {@code IPV6_V6ONLY}); the JDK cannot set {@code IPV6_V6ONLY}
   * and makes every IPv6 socket dual-stack, so trio4j opens one dual-stack listener on :: that
   * accepts IPv4 and IPv6 connections, or one on 0.0.0.0 if the system has no IPv6.
   *
   * <p>With port 0 each listener gets a port the system chooses; with several listeners the ports
   * may differ ({@link SocketListener#localAddress()} tells). If opening any listener fails, the
   * ones already opened are closed.
   *
   * @param port the port, or 0 for one the system chooses
   * @param host where to listen, or null for every address
   * @param backlog how many connections the kernel may queue before they are accepted; at least 1
   * @return the listeners, already listening
   * @throws IOException if resolution or binding fails (for example, the port is in use)
   * @throws IllegalArgumentException if the port is out of range or the backlog below 1
   */
  public static List<SocketListener> openTcpListeners(int port, String host, int backlog)
      throws IOException {
    checkPort(port, true);
    int effective = TcpListeners.effectiveBacklog(backlog);
    Lowlevel.checkpoint();
    if (host == null) {
      return TcpListeners.open(port, TcpListeners.wildcards(), effective, true);
    }
    return TcpListeners.open(port, List.of(InetAddress.getAllByName(host)), effective, false);
  }

  /**
   * Serves connections on {@code listeners} until cancelled: each connection is handled by {@code
   * handler} in its own task in the server's nursery, and closed when the handler returns.
   *
   * @param handler what to do with each connection
   * @param listeners where connections come from; closed when serving ends
   * @param <S> the kind of stream
   * @param <L> the kind of listener
   * @throws Exception what a handler or an accept threw; never returns normally
   */
  public static <S extends AsyncResource, L extends Listener<? extends S>> void serveListeners(
      ConnectionHandler<? super S> handler, List<L> listeners) throws Exception {
    serveListeners(handler, listeners, null, null);
  }

  /**
   * Serves connections on {@code listeners} until cancelled, running the handlers in {@code
   * handlerNursery}. See {@link #serveListeners(ConnectionHandler, List, Nursery, TaskStatus)}.
   *
   * @param handler what to do with each connection
   * @param listeners where connections come from; closed when serving ends
   * @param handlerNursery where the handler tasks run, or null for the server's own nursery
   * @param <S> the kind of stream
   * @param <L> the kind of listener
   * @throws Exception what a handler or an accept threw; never returns normally
   */
  public static <S extends AsyncResource, L extends Listener<? extends S>> void serveListeners(
      ConnectionHandler<? super S> handler, List<L> listeners, Nursery handlerNursery)
      throws Exception {
    serveListeners(handler, listeners, handlerNursery, null);
  }

  /**
   * Serves connections on {@code listeners} until cancelled (Trio's {@code serve_listeners}). One
   * task per listener accepts connections; each connection is handled by {@code handler} in a new
   * task in {@code handlerNursery} (by default the server's own nursery, so a handler that throws
   * stops the server), and its stream is closed ({@link AsyncResource#closeForcefully()}) when the
   * handler returns or throws. Once the accept tasks are started, {@code status.started(listeners)}
   * is called, so that {@code nursery.start} returns the listeners, which already accept.
   *
   * <p>An accept that fails because the process or the system ran out of file descriptors (or
   * memory, or buffers) is logged at ERROR through {@link System.Logger} {@code "org.trio4j.net"}
   * and retried after 100 ms; any other accept failure stops the server with that exception.
   *
   * {@snippet :
   * List<SocketListener> listeners = nursery.start(status ->
   *     Net.serveListeners(handler, Net.openTcpListeners(0, "127.0.0.1"), null, status));
   * }
   *
   * @param handler what to do with each connection
   * @param listeners where connections come from; closed when serving ends
   * @param handlerNursery where the handler tasks run, or null for the server's own nursery
   * @param status told the listeners once they accept, or null
   * @param <S> the kind of stream
   * @param <L> the kind of listener
   * @throws Exception what a handler or an accept threw; never returns normally
   * @throws IllegalArgumentException if there are no listeners
   */
  public static <S extends AsyncResource, L extends Listener<? extends S>> void serveListeners(
      ConnectionHandler<? super S> handler,
      List<L> listeners,
      Nursery handlerNursery,
      TaskStatus<? super List<L>> status)
      throws Exception {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(listeners, "listeners");
    if (listeners.isEmpty()) {
      throw new IllegalArgumentException("serveListeners needs at least one listener");
    }
    Serving.serve(handler, List.copyOf(listeners), handlerNursery, status);
  }

  /**
   * Listens on {@code port} on every address and serves connections until cancelled. See {@link
   * #serveTcp(ConnectionHandler, int, String, TaskStatus)}.
   *
   * @param handler what to do with each connection
   * @param port the port, or 0 for one the system chooses
   * @throws Exception what a handler or an accept threw, or the IOException of opening the
   *     listeners; never returns normally
   */
  public static void serveTcp(ConnectionHandler<? super SocketStream> handler, int port)
      throws Exception {
    serveTcp(handler, port, null, null);
  }

  /**
   * Listens on {@code port} at {@code host} and serves connections until cancelled. See {@link
   * #serveTcp(ConnectionHandler, int, String, TaskStatus)}.
   *
   * @param handler what to do with each connection
   * @param port the port, or 0 for one the system chooses
   * @param host where to listen, or null for every address
   * @throws Exception what a handler or an accept threw, or the IOException of opening the
   *     listeners; never returns normally
   */
  public static void serveTcp(
      ConnectionHandler<? super SocketStream> handler, int port, String host) throws Exception {
    serveTcp(handler, port, host, null);
  }

  /**
   * Listens on {@code port} at {@code host} ({@link #openTcpListeners(int, String)}) and serves
   * connections until cancelled ({@link #serveListeners(ConnectionHandler, List, Nursery,
   * TaskStatus)}): Trio's {@code serve_tcp}. Made for {@code nursery.start}, which returns the
   * listeners once they accept connections, so a client can connect at once:
   *
   * {@snippet :
   * List<SocketListener> listeners =
   *     nursery.start(status -> Net.serveTcp(handler, 0, "127.0.0.1", status));
   * int port = listeners.get(0).localAddress().getPort();
   * }
   *
   * @param handler what to do with each connection; the stream is closed when it returns
   * @param port the port, or 0 for one the system chooses
   * @param host where to listen, or null for every address
   * @param status told the listeners once they accept, or null
   * @throws Exception what a handler or an accept threw, or the IOException of opening the
   *     listeners; never returns normally
   */
  public static void serveTcp(
      ConnectionHandler<? super SocketStream> handler,
      int port,
      String host,
      TaskStatus<? super List<SocketListener>> status)
      throws Exception {
    Objects.requireNonNull(handler, "handler");
    List<SocketListener> listeners = openTcpListeners(port, host);
    Serving.serve(handler, listeners, null, status);
  }

  /**
   * Connects over TCP ({@link #openTcpStream(String, int)}) and wraps the connection as the client
   * side of TLS, verifying that the server's certificate is trusted by {@code context} and is for
   * {@code host} (Trio's {@code open_ssl_over_tcp_stream}). The handshake happens on first use.
   *
   * {@snippet :
   * try (SslStream tls = Net.openSslOverTcpStream("example.com", 443, SSLContext.getDefault())) {
   *   tls.sendAll(request);
   *   byte[] reply = tls.receiveSome();
   * }
   * }
   *
   * @param host the server's host name or address: what its certificate must name
   * @param port the port, 1 to 65535
   * @param context trusted CAs and the rest of the TLS set-up ({@code SSLContext.getDefault()}
   *     trusts the JDK's CAs)
   * @return the stream, not yet handshaken
   * @throws IOException if the TCP connection fails
   */
  public static SslStream openSslOverTcpStream(String host, int port, SSLContext context)
      throws IOException {
    return openSslOverTcpStream(host, port, context, SslOptions.defaults());
  }

  /**
   * Connects over TCP and wraps the connection as the client side of TLS, with options. See {@link
   * #openSslOverTcpStream(String, int, SSLContext)}.
   *
   * @param host the server's host name or address: what its certificate must name
   * @param port the port, 1 to 65535
   * @param context trusted CAs and the rest of the TLS set-up
   * @param options ALPN protocols, HTTPS compatibility, engine settings
   * @return the stream, not yet handshaken
   * @throws IOException if the TCP connection fails
   */
  public static SslStream openSslOverTcpStream(
      String host, int port, SSLContext context, SslOptions options) throws IOException {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(options, "options");
    return SslOverTcp.open(host, port, context, options);
  }

  /**
   * Opens TCP listeners ({@link #openTcpListeners(int, String)}) whose connections are wrapped as
   * the server side of TLS (Trio's {@code open_ssl_over_tcp_listeners}).
   *
   * @param port the port, or 0 for one the system chooses
   * @param context the server's certificate and key
   * @param host where to listen, or null for every address
   * @param options ALPN protocols, HTTPS compatibility, engine settings
   * @return the listeners
   * @throws IOException if resolution or binding fails
   */
  public static List<SslListener> openSslOverTcpListeners(
      int port, SSLContext context, String host, SslOptions options) throws IOException {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(options, "options");
    return SslOverTcp.listeners(port, host, context, options);
  }

  /**
   * Listens on {@code port} on every address and serves TLS connections until cancelled. See {@link
   * #serveSslOverTcp(ConnectionHandler, int, SSLContext, String, SslOptions, TaskStatus)}.
   *
   * @param handler what to do with each connection
   * @param port the port, or 0 for one the system chooses
   * @param context the server's certificate and key
   * @throws Exception what a handler or an accept threw, or the IOException of opening the
   *     listeners; never returns normally
   */
  public static void serveSslOverTcp(
      ConnectionHandler<? super SslStream> handler, int port, SSLContext context) throws Exception {
    serveSslOverTcp(handler, port, context, null, SslOptions.defaults(), null);
  }

  /**
   * Listens on {@code port} at {@code host} and serves TLS connections until cancelled (Trio's
   * {@code serve_ssl_over_tcp}): {@link #openSslOverTcpListeners} then {@link
   * #serveListeners(ConnectionHandler, List, Nursery, TaskStatus)}. Each handler gets a server-side
   * {@link SslStream} whose handshake happens on first use, in the handler's task; the stream is
   * closed when the handler returns. Made for {@code nursery.start}:
   *
   * {@snippet :
   * List<SslListener> listeners = nursery.start(status ->
   *     Net.serveSslOverTcp(handler, 0, serverContext, "127.0.0.1", SslOptions.defaults(), status));
   * }
   *
   * @param handler what to do with each connection; the stream is closed when it returns
   * @param port the port, or 0 for one the system chooses
   * @param context the server's certificate and key
   * @param host where to listen, or null for every address
   * @param options ALPN protocols, HTTPS compatibility, engine settings
   * @param status told the listeners once they accept, or null
   * @throws Exception what a handler or an accept threw, or the IOException of opening the
   *     listeners; never returns normally
   */
  public static void serveSslOverTcp(
      ConnectionHandler<? super SslStream> handler,
      int port,
      SSLContext context,
      String host,
      SslOptions options,
      TaskStatus<? super List<SslListener>> status)
      throws Exception {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(options, "options");
    SslOverTcp.serve(handler, port, context, host, options, status);
  }

  private static void checkPort(int port, boolean zeroAllowed) {
    if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
      throw new IllegalArgumentException(
          "port must be " + (zeroAllowed ? "0" : "1") + " to 65535, but was " + port);
    }
  }

  private static String formatHostPort(String host, int port) {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
