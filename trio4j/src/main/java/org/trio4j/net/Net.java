package org.trio4j.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
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
 * TCP clients and servers: connect with {@link #openTcpStream} (Happy Eyeballs), listen with {@link
 * #openTcpListeners}, and serve with {@link #serveTcp} (Trio's {@code open_tcp_stream}, {@code
 * open_tcp_listeners}, {@code serve_tcp} and {@code serve_listeners}); the same over TLS with
 * {@link #openSslOverTcpStream} and {@link #serveSslOverTcp} (see {@link org.trio4j.tls});
 * Unix-domain sockets with {@link #openUnixSocket}, {@link #openUnixListener} and {@link
 * #serveUnix}; and the per-run hooks through which connections resolve names ({@link
 * #setHostnameResolver}) and create sockets ({@link #setSocketFactory}), so that tests can fake a
 * whole network.
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
 * Every method here is a checkpoint. A cancelled {@code openTcpStream} closes every socket it was
 * connecting. The serving methods run until they are cancelled (or a handler or an accept fails).
 * The name resolution of {@code openTcpStream} runs on a worker thread that a cancelled call
 * abandons; {@code openTcpListeners} resolves its host the same way, through the run's {@link
 * HostnameResolver}.
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
   * Connects to {@code host} with Happy Eyeballs and the default options: a 250 ms delay between
   * attempts. See {@link #openTcpStream(String, int, TcpConnectOptions)}.
   *
   * {@snippet :
   * try (SocketStream stream = Net.openTcpStream("example.com", 80)) {
   *   stream.sendAll("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
   * }
   * }
   *
   * @param host a host name or a numeric IPv4 or IPv6 address
   * @param port the port, 1 to 65535
   * @return the connected stream
   * @throws java.net.UnknownHostException if the name has no addresses
   * @throws java.net.ConnectException if every attempt failed (each failure attached as suppressed)
   * @throws IOException if the resolver failed
   * @throws IllegalArgumentException if {@code host} is null or empty or {@code port} is out of
   *     range
   */
  public static SocketStream openTcpStream(String host, int port) throws IOException {
    return openTcpStream(host, port, TcpConnectOptions.DEFAULT);
  }

  /**
   * Connects to {@code host} with Happy Eyeballs (RFC 8305; Trio's {@code open_tcp_stream}): it
   * resolves the name, interleaves the address families, and races connection attempts, starting
   * the next one when the previous has failed or has taken longer than the delay; the first to
   * connect wins and every other attempt is cancelled and its socket closed.
   *
   * {@snippet :
   * TcpConnectOptions options = TcpConnectOptions.DEFAULT.withHappyEyeballsDelay(Duration.ofMillis(100));
   * try (SocketStream stream = Net.openTcpStream("example.com", 443, options)) {
   *   ...
   * }
   * }
   *
   * <h2>The algorithm</h2>
   *
   * <ol>
   *   <li>The current run's {@link HostnameResolver} resolves {@code host} ({@link
   *       InetAddress#getAllByName} unless a test or a user installed another).
   *   <li>The addresses are interleaved by family as RFC 8305 section 4 asks: the first address,
   *       then the first of the other family, and so on alternating ({@code [v6, v6, v4, v4]}
   *       becomes {@code [v6, v4, v6, v4]}). This is more than Trio, which only moves the first
   *       address of the other family to second place.
   *   <li>Attempt 1 starts at once; attempt k+1 starts when attempt k fails, or {@link
   *       TcpConnectOptions#happyEyeballsDelay()} after attempt k started, whichever comes first.
   *       Each attempt creates a socket with the run's {@link SocketFactory}, binds it to {@link
   *       TcpConnectOptions#localAddress()} if one is given, and connects it.
   *   <li>The first attempt to connect wins: the others are cancelled and their sockets closed, and
   *       no further attempt starts.
   * </ol>
   *
   * <h2>Exceptions</h2>
   *
   * If every attempt fails, a {@link java.net.ConnectException} "all attempts to connect to
   * HOST:PORT failed" carries every attempt's {@link IOException} as {@linkplain
   * Throwable#getSuppressed() suppressed}, in attempt order. A name without addresses is a {@link
   * java.net.UnknownHostException} "no results found for hostname lookup: HOST:PORT". Only an
   * {@code IOException} fails an attempt; any other exception (from a custom factory or the
   * listener) stops everything and comes out unchanged. Connection failures are {@code
   * IOException}s, as they are for {@link java.net.Socket#connect}: they are expected outcomes a
   * caller handles, unlike the unchecked trio4j exceptions of streams that break while in use.
   *
   * <h2>Cancellation</h2>
   *
   * A checkpoint. If cancelled, every attempt is cancelled and every socket closed before {@link
   * org.trio4j.Cancelled} comes out. There is no overall timeout of its own: wrap it in {@link
   * org.trio4j.Trio#failAfter} or {@link org.trio4j.Trio#moveOnAfter}. The system resolver looks
   * names up on a worker thread, which a cancelled call abandons.
   *
   * @param host a host name or a numeric IPv4 or IPv6 address
   * @param port the port, 1 to 65535
   * @param options the delay, the local address and an attempt listener
   * @return the connected stream
   * @throws java.net.UnknownHostException if the name has no addresses
   * @throws java.net.ConnectException if every attempt failed
   * @throws IOException if the resolver failed, or the winning socket could not be turned into a
   *     stream (it is closed)
   * @throws IllegalArgumentException if {@code host} is null or empty or {@code port} is out of
   *     range
   */
  public static SocketStream openTcpStream(String host, int port, TcpConnectOptions options)
      throws IOException {
    return toStream(connectTcpSocket(host, port, options));
  }

  /**
   * Connects to {@code host} with Happy Eyeballs, as {@link #openTcpStream(String, int,
   * TcpConnectOptions)} does, and returns the connected socket itself instead of a stream: for code
   * that installs its own {@link SocketFactory} (and so its own kind of {@link TcpSocket}), and for
   * tests of the connection strategy on a fake network.
   *
   * {@snippet :
   * try (TcpSocket socket = Net.connectTcpSocket("example.com", 80, TcpConnectOptions.DEFAULT)) {
   *   ...
   * }
   * }
   *
   * @param host a host name or a numeric IPv4 or IPv6 address
   * @param port the port, 1 to 65535
   * @param options the delay, local address and listener
   * @return the connected socket, which the caller must close
   * @throws java.net.UnknownHostException if the name has no addresses
   * @throws java.net.ConnectException if every attempt failed; each attempt's failure is attached
   *     as suppressed, in attempt order
   * @throws IOException if the resolver failed, or closing a losing socket failed
   * @throws IllegalArgumentException if {@code host} is null or empty or {@code port} is out of
   *     range
   * @throws org.trio4j.Cancelled if cancelled; every socket opened so far is closed
   */
  public static TcpSocket connectTcpSocket(String host, int port, TcpConnectOptions options)
      throws IOException {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException(
          "host must be a host name or an IP address, but was " + (host == null ? "null" : "\"\""));
    }
    checkPort(port, false);
    Objects.requireNonNull(options, "options");
    return HappyEyeballs.connect(host, port, options);
  }

  /**
   * Connects to exactly one address, without resolving anything (an unresolved address is resolved
   * by {@link #openTcpStream(String, int)}). The socket still comes from the run's {@link
   * SocketFactory}.
   *
   * @param address where to connect
   * @return the connected stream
   * @throws IOException if the connection fails (a {@link java.net.ConnectException} with the
   *     attempt's failure attached)
   */
  public static SocketStream openTcpStream(InetSocketAddress address) throws IOException {
    Objects.requireNonNull(address, "address");
    if (address.isUnresolved()) {
      return openTcpStream(address.getHostString(), address.getPort());
    }
    checkPort(address.getPort(), false);
    return toStream(HappyEyeballs.connect(address, TcpConnectOptions.DEFAULT));
  }

  /** Turns the winner into a stream, closing it if that fails (Trio closes it too). */
  private static SocketStream toStream(TcpSocket socket) throws IOException {
    try {
      return socket.toStream();
    } catch (Throwable t) {
      try {
        socket.close();
      } catch (IOException | RuntimeException e) {
        t.addSuppressed(e);
      }
      throw t;
    }
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
   * Opens TCP listeners: one for each address the run's {@link HostnameResolver} gives for {@code
   * host} (called with {@code port}, which may be 0), each with {@code SO_REUSEADDR} (so a server
   * can restart on its port at once) and the given backlog, capped at 65535.
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
    List<InetAddress> addresses = new ArrayList<>();
    for (InetSocketAddress a : NetHooks.resolve(host, port)) {
      addresses.add(a.getAddress());
    }
    return TcpListeners.open(port, addresses, effective, false);
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
   * Connects to the Unix-domain socket at {@code path} (Trio's {@code open_unix_socket}) and
   * returns the connection as a {@link SocketStream} ({@link SocketStream#isUnixDomain()} is true;
   * {@link SocketStream#sendEof()} shuts down the output as for TCP).
   *
   * {@snippet :
   * try (SocketStream stream = Net.openUnixSocket(Path.of("/run/myapp.sock"))) {
   *   stream.sendAll("ping".getBytes(StandardCharsets.UTF_8));
   * }
   * }
   *
   * <p>A checkpoint; the connect never blocks the task in the JDK (it is non-blocking, with a
   * readiness wait if it is pending). A cancelled call closes the socket it was connecting.
   *
   * @param path the socket file
   * @return the connected stream
   * @throws IOException as the JDK reports it if the connection fails: a {@link
   *     java.net.SocketException} for a missing path ("No such file or directory") or a path with
   *     no server ("Connection refused"), or one saying the system has no Unix-domain sockets
   * @throws java.nio.file.InvalidPathException if the path cannot be a socket address
   */
  public static SocketStream openUnixSocket(Path path) throws IOException {
    return UnixSockets.connect(path);
  }

  /**
   * Listens on a new Unix-domain socket at {@code path}, with the default backlog. See {@link
   * #openUnixListener(Path, int)}.
   *
   * @param path where to create the socket file; nothing may exist there yet
   * @return the listener
   * @throws IOException if a file exists at the path or binding fails
   */
  public static UnixSocketListener openUnixListener(Path path) throws IOException {
    return openUnixListener(path, DEFAULT_BACKLOG);
  }

  /**
   * Creates a Unix-domain socket file at {@code path} and listens on it with {@code backlog}
   * (capped at 65535). If a file already exists at the path (say, the socket of a server that did
   * not clean up) this refuses with {@link java.nio.file.FileAlreadyExistsException} rather than
   * deleting it: delete a stale socket yourself once you know no server uses it. Closing the
   * listener deletes the socket file (see {@link UnixSocketListener}).
   *
   * {@snippet :
   * UnixSocketListener listener = Net.openUnixListener(Path.of("/run/myapp.sock"), 128);
   * // serveListeners closes the listener (deleting the file) when serving ends:
   * nursery.startSoon(() -> Net.serveListeners(handler, List.of(listener)));
   * }
   *
   * <p>A checkpoint.
   *
   * @param path where to create the socket file; nothing may exist there yet
   * @param backlog how many connections the kernel may queue before they are accepted; at least 1
   * @return the listener, already listening
   * @throws java.nio.file.FileAlreadyExistsException if a file exists at the path
   * @throws IOException if binding fails (the directory is missing, the path is too long...)
   * @throws IllegalArgumentException if the backlog is below 1
   */
  public static UnixSocketListener openUnixListener(Path path, int backlog) throws IOException {
    return UnixSockets.listen(path, backlog);
  }

  /**
   * Listens on a Unix-domain socket at {@code path} and serves connections until cancelled. See
   * {@link #serveUnix(ConnectionHandler, Path, TaskStatus)}.
   *
   * @param handler what to do with each connection; the stream is closed when it returns
   * @param path where to create the socket file; nothing may exist there yet
   * @throws Exception what a handler or an accept threw, or the IOException of opening the
   *     listener; never returns normally
   */
  public static void serveUnix(ConnectionHandler<? super SocketStream> handler, Path path)
      throws Exception {
    serveUnix(handler, path, null);
  }

  /**
   * Listens on a Unix-domain socket at {@code path} ({@link #openUnixListener(Path)}) and serves
   * connections until cancelled ({@link #serveListeners(ConnectionHandler, List, Nursery,
   * TaskStatus)}); the listener is closed, and its socket file deleted, when serving ends. Made for
   * {@code nursery.start}, which returns once the listener accepts:
   *
   * {@snippet :
   * nursery.start(status -> Net.serveUnix(handler, Path.of("/run/myapp.sock"), status));
   * try (SocketStream client = Net.openUnixSocket(Path.of("/run/myapp.sock"))) {
   *   ...
   * }
   * }
   *
   * @param handler what to do with each connection; the stream is closed when it returns
   * @param path where to create the socket file; nothing may exist there yet
   * @param status told the (one) listener once it accepts, or null
   * @throws Exception what a handler or an accept threw, or the IOException of opening the
   *     listener; never returns normally
   */
  public static void serveUnix(
      ConnectionHandler<? super SocketStream> handler,
      Path path,
      TaskStatus<? super List<UnixSocketListener>> status)
      throws Exception {
    Objects.requireNonNull(handler, "handler");
    Serving.serve(handler, List.of(openUnixListener(path)), null, status);
  }

  /**
   * Installs {@code resolver} as the current run's {@link HostnameResolver} (Trio's {@code
   * set_custom_hostname_resolver}); other runs are not affected.
   *
   * @param resolver the resolver, or null for the system's default
   * @return the resolver that was installed before
   * @throws IllegalStateException if called outside a run
   */
  public static HostnameResolver setHostnameResolver(HostnameResolver resolver) {
    HostnameResolver previous = NetHooks.RESOLVER.get();
    if (resolver == null) {
      NetHooks.RESOLVER.remove();
    } else {
      NetHooks.RESOLVER.set(resolver);
    }
    return previous;
  }

  /**
   * Returns the current run's {@link HostnameResolver}.
   *
   * @return the installed resolver, or the system's default
   * @throws IllegalStateException if called outside a run
   */
  public static HostnameResolver hostnameResolver() {
    return NetHooks.RESOLVER.get();
  }

  /**
   * Installs {@code factory} as the current run's {@link SocketFactory} (Trio's {@code
   * set_custom_socket_factory}); other runs are not affected.
   *
   * @param factory the factory, or null for the system's default
   * @return the factory that was installed before
   * @throws IllegalStateException if called outside a run
   */
  public static SocketFactory setSocketFactory(SocketFactory factory) {
    SocketFactory previous = NetHooks.SOCKET_FACTORY.get();
    if (factory == null) {
      NetHooks.SOCKET_FACTORY.remove();
    } else {
      NetHooks.SOCKET_FACTORY.set(factory);
    }
    return previous;
  }

  /**
   * Returns the current run's {@link SocketFactory}.
   *
   * @return the installed factory, or the system's default
   * @throws IllegalStateException if called outside a run
   */
  public static SocketFactory socketFactory() {
    return NetHooks.SOCKET_FACTORY.get();
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
    return openSslOverTcpStream(host, port, context, options, TcpConnectOptions.DEFAULT);
  }

  /**
   * Connects over TCP with connection options ({@link #openTcpStream(String, int,
   * TcpConnectOptions)}: the Happy Eyeballs delay, a local address, an attempt listener) and wraps
   * the connection as the client side of TLS. See {@link #openSslOverTcpStream(String, int,
   * SSLContext)}.
   *
   * {@snippet :
   * TcpConnectOptions fast = TcpConnectOptions.DEFAULT.withHappyEyeballsDelay(Duration.ofMillis(50));
   * try (SslStream tls =
   *     Net.openSslOverTcpStream(
   *         "example.com", 443, SSLContext.getDefault(), SslOptions.defaults(), fast)) {
   *   tls.sendAll(request);
   * }
   * }
   *
   * @param host the server's host name or address: what its certificate must name
   * @param port the port, 1 to 65535
   * @param context trusted CAs and the rest of the TLS set-up
   * @param options ALPN protocols, HTTPS compatibility, engine settings
   * @param connect how to connect: Happy Eyeballs delay, local address, attempt listener
   * @return the stream, not yet handshaken
   * @throws IOException if the TCP connection fails
   */
  public static SslStream openSslOverTcpStream(
      String host, int port, SSLContext context, SslOptions options, TcpConnectOptions connect)
      throws IOException {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(connect, "connect");
    return SslOverTcp.open(host, port, context, options, connect);
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
}
