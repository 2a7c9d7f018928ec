package org.trio4j.testing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.util.Objects;
import org.trio4j.Cancelled;
import org.trio4j.Trio;
import org.trio4j.net.SocketStream;
import org.trio4j.net.TcpSocket;

/**
 * A socket of a {@link FakeNetwork}: it connects (or fails to) after the delay the network's script
 * gives its address, and remembers what happened to it so a test can check that every socket but
 * the winner was closed.
 *
 * {@snippet :
 * assertEquals(List.of(winner), network.openSockets());
 * assertTrue(network.socketFor("1.1.1.1").isClosed());
 * }
 *
 * <p>Thread-safe (its state is guarded by its network's monitor). {@link #connect} is a checkpoint
 * (a sleep on the run's clock); cancelled, it closes the socket, as a real one does.
 */
public final class FakeSocket implements TcpSocket {
  /** Where a fake socket is in its life. */
  public enum State {
    /** Created, not yet connecting. */
    CREATED,
    /** In {@code connect}, waiting for its scripted delay. */
    CONNECTING,
    /** {@code connect} succeeded. */
    CONNECTED,
    /** {@code connect} failed as scripted. */
    FAILED,
    /** {@code connect} was cancelled. */
    CANCELLED
  }

  private final FakeNetwork network;
  private final StandardProtocolFamily family;
  private final int number;
  // All guarded by `network`.
  private InetSocketAddress local;
  private InetSocketAddress remote;
  private State state = State.CREATED;
  private boolean broken;
  private boolean closed;

  FakeSocket(FakeNetwork network, StandardProtocolFamily family, int number) {
    this.network = network;
    this.family = family;
    this.number = number;
  }

  @Override
  public ProtocolFamily family() {
    return family;
  }

  @Override
  public void bind(InetSocketAddress address) throws IOException {
    Objects.requireNonNull(address, "address");
    synchronized (network) {
      checkOpenLocked();
      if (state != State.CREATED || local != null) {
        throw new IllegalStateException("bind must come once, before connect: " + this);
      }
      if (familyOf(address) != family) {
        throw new SocketException(
            "cannot bind a " + family + " socket to " + address + " (FakeNetwork)");
      }
      local = address;
    }
  }

  @Override
  public void connect(InetSocketAddress address) throws IOException {
    Objects.requireNonNull(address, "address");
    FakeNetwork.Script script;
    synchronized (network) {
      checkOpenLocked();
      if (state != State.CREATED) {
        throw new IllegalStateException("connect may be called once: " + this);
      }
      if (address.isUnresolved() || familyOf(address) != family) {
        throw new SocketException(
            "cannot connect a " + family + " socket to " + address + " (FakeNetwork)");
      }
      remote = address;
      state = State.CONNECTING;
      script = network.connectingLocked(address, Trio.currentTime());
    }
    try {
      Trio.sleep(script.delay());
    } catch (Cancelled c) {
      synchronized (network) {
        state = State.CANCELLED;
        closed = true;
      }
      throw c;
    }
    synchronized (network) {
      if (script.outcome() == FakeNetwork.Outcome.FAIL) {
        state = State.FAILED;
        throw new ConnectException(
            "Connection refused: " + network.labelLocked(address.getAddress()) + " (FakeNetwork)");
      }
      state = State.CONNECTED;
      broken = script.outcome() == FakeNetwork.Outcome.BREAK_AFTER_CONNECT;
    }
  }

  /**
   * Fails: a fake socket carries no bytes. A socket scripted with {@link
   * FakeNetwork#breakAfterConnect} fails with a {@link SocketException}, every other one with
   * {@link UnsupportedOperationException}.
   *
   * @throws SocketException if the script breaks the connection here
   * @throws UnsupportedOperationException otherwise
   */
  @Override
  public SocketStream toStream() throws SocketException {
    synchronized (network) {
      if (state != State.CONNECTED) {
        throw new IllegalStateException("toStream needs a connected socket: " + this);
      }
      if (broken) {
        throw new SocketException(
            "Connection reset: "
                + network.labelLocked(remote.getAddress())
                + " broke right after connecting (FakeNetwork)");
      }
    }
    throw new UnsupportedOperationException(
        "a FakeNetwork socket carries no bytes; test the connection itself with"
            + " Net.connectTcpSocket");
  }

  @Override
  public void close() {
    synchronized (network) {
      closed = true;
    }
  }

  /**
   * Tells whether the socket was closed.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    synchronized (network) {
      return closed;
    }
  }

  /**
   * Tells whether {@code connect} succeeded (Trio's {@code FakeSocket.succeeded}).
   *
   * @return true if it connected
   */
  public boolean isConnected() {
    return state() == State.CONNECTED;
  }

  /**
   * Returns the socket's state.
   *
   * @return the state
   */
  public State state() {
    synchronized (network) {
      return state;
    }
  }

  /**
   * Returns the address it connected (or tried to connect) to.
   *
   * @return the remote address, or null before {@code connect}
   */
  public InetSocketAddress remoteAddress() {
    synchronized (network) {
      return remote;
    }
  }

  /**
   * Returns the address it was bound to.
   *
   * @return the local address, or null if {@code bind} was not called
   */
  public InetSocketAddress localAddress() {
    synchronized (network) {
      return local;
    }
  }

  boolean isClosedLocked() {
    return closed;
  }

  InetSocketAddress remoteLocked() {
    return remote;
  }

  private void checkOpenLocked() throws SocketException {
    if (closed) {
      throw new SocketException("Socket is closed: " + this);
    }
  }

  private static StandardProtocolFamily familyOf(InetSocketAddress a) {
    return a.getAddress() instanceof Inet6Address
        ? StandardProtocolFamily.INET6
        : StandardProtocolFamily.INET;
  }

  @Override
  public String toString() {
    synchronized (network) {
      return "FakeSocket#"
          + number
          + "["
          + family
          + ", "
          + state
          + (remote == null
              ? ""
              : " to " + network.labelLocked(remote.getAddress()) + ":" + remote.getPort())
          + (closed ? ", closed" : "")
          + "]";
    }
  }
}
