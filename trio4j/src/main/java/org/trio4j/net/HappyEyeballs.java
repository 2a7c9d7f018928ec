package org.trio4j.net;

import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.sync.Event;

/**
 * The connection strategy of {@link Net#openTcpStream}: Happy Eyeballs (RFC 8305), written the way
 * Trio's {@code _highlevel_open_tcp_stream.py} draws it.
 */
final class HappyEyeballs {
  /*
   * Implementation notes.
   *
   * The algorithm is the diagram: one nursery; for each target, in RFC 8305 order, an Event
   * "attempt failed", the attempt started in the nursery, and the body waits for that event for
   * at most the delay (moveOnAfter). So attempt k+1 starts at min(start of k + delay, failure of
   * k); only attempt k's own failure hurries k+1 (Trio does the same). The first attempt to
   * connect claims `winner` (a CAS, because in the parallel scheduling mode two attempts can
   * connect at the same moment; Trio's single thread lets the last one overwrite instead) and
   * cancels the nursery: the body stops starting attempts and every other connect is cancelled
   * (a cancelled connect closes its socket). The nursery's own scope absorbs those Cancelled.
   *
   * Every socket created is recorded in `sockets` before anything can fail, and every one but the
   * winner is closed when the race is over, whichever way it ended (Trio's close_all): losers that
   * connected too late, attempts cut short by an outer cancellation, a listener that threw. The
   * winner is closed too if the race fails after all.
   *
   * Failures are kept per attempt and reported in attempt order, so suppressed()[i] belongs to
   * attempt i + 1 (Trio keeps them in the order they happened, in an ExceptionGroup). Only an
   * IOException is the failure of an attempt; anything else is a bug that crashes the nursery
   * and leaves openTcpStream unchanged, as Trio lets non-OSErrors through.
   *
   * `failures` slots are written by the attempt tasks and read by the opening task after the
   * nursery has joined them, which orders the writes before the reads; `sockets` is guarded by
   * its own monitor.
   */

  private final String host;
  private final int port;
  private final TcpConnectOptions options;
  private final SocketFactory factory;
  private final List<InetSocketAddress> targets;
  // Guarded by itself.
  private final List<TcpSocket> sockets = new ArrayList<>();
  // Slot i is written once by attempt i + 1's task; read after the nursery has finished.
  private final IOException[] failures;
  private final AtomicReference<TcpSocket> winner = new AtomicReference<>();

  private HappyEyeballs(
      String host, int port, TcpConnectOptions options, List<InetSocketAddress> targets) {
    this.host = host;
    this.port = port;
    this.options = options;
    this.factory = Net.socketFactory();
    this.targets = targets;
    this.failures = new IOException[targets.size()];
  }

  /** Resolves, orders and races; returns the connected winner, which the caller must close. */
  static TcpSocket connect(String host, int port, TcpConnectOptions options) throws IOException {
    Trio.checkpoint();
    List<InetSocketAddress> resolved = NetHooks.resolve(host, port);
    return new HappyEyeballs(host, port, options, Addresses.interleaveFamilies(resolved)).race();
  }

  /** Connects to one resolved address, as one attempt of the same race (no resolution). */
  static TcpSocket connect(InetSocketAddress address, TcpConnectOptions options)
      throws IOException {
    Trio.checkpoint();
    String host = address.getAddress().getHostAddress();
    return new HappyEyeballs(host, address.getPort(), options, List.of(address)).race();
  }

  private TcpSocket race() throws IOException {
    try {
      Nursery.open(
          nursery -> {
            for (int i = 0; i < targets.size(); i++) {
              ConnectAttempt attempt =
                  new ConnectAttempt(i + 1, targets.get(i), Trio.currentTime());
              Event failed = new Event();
              options.listener().attemptStarted(attempt);
              nursery.startSoon(attempt.toString(), () -> attempt(attempt, failed, nursery));
              Trio.moveOnAfter(options.happyEyeballsDelay(), failed::await);
            }
          });
    } catch (Throwable t) {
      closeSockets(null, t);
      throw asUnchecked(t);
    }
    TcpSocket won = winner.get();
    ConnectException allFailed = won == null ? allFailed() : null;
    closeSockets(won, allFailed);
    if (allFailed != null) {
      throw allFailed;
    }
    return won;
  }

  private ConnectException allFailed() {
    ConnectException all =
        new ConnectException(
            "all attempts to connect to " + Addresses.formatHostPort(host, port) + " failed");
    for (IOException f : failures) {
      if (f != null) {
        all.addSuppressed(f);
      }
    }
    return all;
  }

  private void attempt(ConnectAttempt attempt, Event failed, Nursery nursery) {
    try {
      TcpSocket socket = factory.openTcpSocket(Addresses.familyOf(attempt.address()));
      synchronized (sockets) {
        sockets.add(socket);
      }
      if (options.localAddress() != null) {
        bindLocal(socket, attempt.address());
      }
      socket.connect(attempt.address());
      if (winner.compareAndSet(null, socket)) {
        options.listener().attemptSucceeded(attempt);
        nursery.cancelScope().cancel("successfully found a socket");
      }
    } catch (IOException e) {
      failures[attempt.number() - 1] = e;
      options.listener().attemptFailed(attempt, e);
      failed.set();
    }
  }

  private void bindLocal(TcpSocket socket, InetSocketAddress remote) throws IOException {
    try {
      socket.bind(new InetSocketAddress(options.localAddress(), 0));
    } catch (IOException e) {
      BindException b =
          new BindException(
              "localAddress="
                  + options.localAddress().getHostAddress()
                  + " is incompatible with remote address "
                  + Addresses.format(remote));
      b.initCause(e);
      throw b;
    }
  }

  /**
   * Closes every socket but {@code keep}. Close failures are attached to {@code primary} if the
   * race failed; otherwise the first is thrown (the rest suppressed) after closing {@code keep} as
   * well.
   */
  private void closeSockets(TcpSocket keep, Throwable primary) throws IOException {
    List<TcpSocket> toClose;
    synchronized (sockets) {
      toClose = new ArrayList<>(sockets);
    }
    toClose.remove(keep);
    List<Exception> errors = closeAll(toClose);
    if (primary != null) {
      errors.forEach(primary::addSuppressed);
      return;
    }
    if (errors.isEmpty()) {
      return;
    }
    if (keep != null) {
      errors.addAll(closeAll(List.of(keep)));
    }
    Exception first = errors.get(0);
    errors.subList(1, errors.size()).forEach(first::addSuppressed);
    if (first instanceof IOException io) {
      throw io;
    }
    throw (RuntimeException) first;
  }

  /** Closes each socket, returning what their {@code close} methods threw. */
  static List<Exception> closeAll(List<TcpSocket> toClose) {
    List<Exception> errors = new ArrayList<>();
    for (TcpSocket s : toClose) {
      try {
        s.close();
      } catch (IOException | RuntimeException e) {
        errors.add(e);
      }
    }
    return errors;
  }

  /** The nursery throws only what the attempts throw, and they throw nothing checked. */
  private static RuntimeException asUnchecked(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new UndeclaredThrowableException(t);
  }
}
