package org.trio4j.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.trio4j.net.HostnameResolver;
import org.trio4j.net.Net;
import org.trio4j.net.SocketFactory;
import org.trio4j.net.TcpSocket;

/**
 * A scripted network for tests of code that connects with {@link Net#openTcpStream} or {@link
 * Net#connectTcpSocket}: a fake DNS and fake sockets whose connections succeed or fail after
 * scripted delays on the run's clock, so that with an autojumping {@link MockClock} every attempt
 * can be timed exactly and no real socket is ever opened (the scenarios of Trio's {@code
 * test_highlevel_open_tcp_stream.py}). It implements both of {@link Net}'s hooks; {@link
 * #install()} installs it for the current run.
 *
 * {@snippet :
 * @TrioTest
 * void thirdAttemptWins() throws IOException {
 *   FakeNetwork net = new FakeNetwork()
 *       .addHost("test.example.com", "1.1.1.1", "2.2.2.2", "3.3.3.3")
 *       .succeedAfter("1.1.1.1", Duration.ofSeconds(1))
 *       .succeedAfter("2.2.2.2", Duration.ofSeconds(1))
 *       .succeedAfter("3.3.3.3", Duration.ofMillis(200))
 *       .install();
 *   TcpSocket socket = Net.connectTcpSocket("test.example.com", 80, TcpConnectOptions.DEFAULT);
 *   assertSame(net.socketFor("3.3.3.3"), socket);
 *   assertEquals(Duration.ofMillis(700).toNanos(), Trio.currentTime());
 * }
 * }
 *
 * <h2>The script</h2>
 *
 * <ul>
 *   <li>{@link #addHost} gives a name its addresses, in the order the resolver returns them; an
 *       unknown name fails with {@link UnknownHostException}. A numeric address resolves to itself.
 *   <li>{@link #succeedAfter}, {@link #failAfter} and {@link #breakAfterConnect} script what a
 *       {@code connect} to an address does; an address with no script refuses at once, as a real
 *       host with nothing listening would.
 *   <li>{@link #disableFamily} makes socket creation fail for a family, as on a host without IPv6.
 * </ul>
 *
 * Addresses are written as numeric literals ({@code "10.0.0.1"}, {@code "::1"}); the records
 * ({@link #connectTimes()}) use the same spelling.
 *
 * <h2>Limits</h2>
 *
 * A fake socket carries no bytes: turning a connected one into a stream (what {@link
 * Net#openTcpStream} does last) fails with {@link UnsupportedOperationException}, so tests of a
 * successful connection use {@link Net#connectTcpSocket}; failures look the same through both.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: the attempts of one {@code openTcpStream} run in parallel tasks. Script the network
 * before connecting through it.
 */
public final class FakeNetwork implements HostnameResolver, SocketFactory {
  /*
   * Implementation notes. All state, the network's and its sockets', is guarded by this object's
   * monitor; a fake connect holds it only to record itself and never while it sleeps.
   */

  private static final Pattern NUMERIC = Pattern.compile("[0-9.]+|.*:.*");

  /** What a connect to one address does. */
  enum Outcome {
    SUCCEED,
    FAIL,
    BREAK_AFTER_CONNECT
  }

  /** The script of one address. */
  record Script(Duration delay, Outcome outcome) {}

  // All guarded by `this`.
  private final Map<String, List<InetAddress>> hosts = new HashMap<>();
  private final Map<InetAddress, Script> scripts = new HashMap<>();
  private final Map<InetAddress, String> labels = new HashMap<>();
  private final Set<StandardProtocolFamily> disabled = EnumSet.noneOf(StandardProtocolFamily.class);
  private final List<FakeSocket> sockets = new ArrayList<>();
  private final Map<String, Long> connectTimes = new LinkedHashMap<>();
  private int resolveCount;

  /** Creates an empty network: no names, no scripts, both families available. */
  public FakeNetwork() {}

  /**
   * Gives {@code name} these addresses, in this order (replacing any it had). With none, the name
   * resolves to an empty list (a name with no records).
   *
   * @param name the host name
   * @param addresses numeric addresses
   * @return this network
   */
  public synchronized FakeNetwork addHost(String name, String... addresses) {
    Objects.requireNonNull(name, "name");
    List<InetAddress> list = new ArrayList<>();
    for (String a : addresses) {
      list.add(parse(a));
    }
    hosts.put(name, List.copyOf(list));
    return this;
  }

  /**
   * Scripts a {@code connect} to {@code address} to succeed after {@code delay}.
   *
   * @param address a numeric address
   * @param delay how long the connect takes, on the run's clock
   * @return this network
   */
  public FakeNetwork succeedAfter(String address, Duration delay) {
    return script(address, delay, Outcome.SUCCEED);
  }

  /**
   * Scripts a {@code connect} to {@code address} to fail after {@code delay} with a {@link
   * java.net.ConnectException} whose message names the address.
   *
   * @param address a numeric address
   * @param delay how long the connect takes to fail
   * @return this network
   */
  public FakeNetwork failAfter(String address, Duration delay) {
    return script(address, delay, Outcome.FAIL);
  }

  /**
   * Scripts a {@code connect} to {@code address} to succeed after {@code delay}, but the connection
   * breaks at once: turning the socket into a stream fails with a {@link SocketException} (Trio's
   * "postconnect_fail").
   *
   * @param address a numeric address
   * @param delay how long the connect takes
   * @return this network
   */
  public FakeNetwork breakAfterConnect(String address, Duration delay) {
    return script(address, delay, Outcome.BREAK_AFTER_CONNECT);
  }

  /**
   * Makes the creation of sockets of {@code family} fail with a {@link SocketException}, as on a
   * system without that family.
   *
   * @param family {@link StandardProtocolFamily#INET} or {@link StandardProtocolFamily#INET6}
   * @return this network
   */
  public synchronized FakeNetwork disableFamily(StandardProtocolFamily family) {
    if (family == StandardProtocolFamily.UNIX) {
      throw new IllegalArgumentException("only INET and INET6 take part in TCP");
    }
    disabled.add(family);
    return this;
  }

  /**
   * Installs this network as the current run's hostname resolver and socket factory.
   *
   * @return this network
   * @throws IllegalStateException if called outside a run
   */
  public FakeNetwork install() {
    Net.setHostnameResolver(this);
    Net.setSocketFactory(this);
    return this;
  }

  @Override
  public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
    List<InetAddress> addresses;
    synchronized (this) {
      resolveCount++;
      addresses = hosts.get(host);
      if (addresses == null && NUMERIC.matcher(host).matches()) {
        addresses = List.of(parse(host));
      }
    }
    if (addresses == null) {
      throw new UnknownHostException(host + ": unknown to this FakeNetwork");
    }
    List<InetSocketAddress> out = new ArrayList<>();
    for (InetAddress a : addresses) {
      out.add(new InetSocketAddress(a, port));
    }
    return out;
  }

  @Override
  public synchronized TcpSocket openTcpSocket(ProtocolFamily family) throws IOException {
    if (!(family instanceof StandardProtocolFamily f) || f == StandardProtocolFamily.UNIX) {
      throw new IllegalArgumentException("not a TCP address family: " + family);
    }
    if (disabled.contains(f)) {
      throw new SocketException(
          "address family not supported: " + f + " (disabled in this FakeNetwork)");
    }
    FakeSocket s = new FakeSocket(this, f, sockets.size() + 1);
    sockets.add(s);
    return s;
  }

  /**
   * Returns every socket created so far, in order of creation.
   *
   * @return a snapshot
   */
  public synchronized List<FakeSocket> sockets() {
    return List.copyOf(sockets);
  }

  /**
   * Returns the sockets that have not been closed, in order of creation.
   *
   * @return a snapshot
   */
  public synchronized List<FakeSocket> openSockets() {
    return sockets.stream().filter(s -> !s.isClosedLocked()).toList();
  }

  /**
   * Returns the socket that called {@code connect} to {@code address}, or null if none did.
   *
   * @param address a numeric address, spelt as in the script
   * @return the socket, or null
   */
  public synchronized FakeSocket socketFor(String address) {
    InetAddress a = parse(address);
    for (FakeSocket s : sockets) {
      InetSocketAddress remote = s.remoteLocked();
      if (remote != null && remote.getAddress().equals(a)) {
        return s;
      }
    }
    return null;
  }

  /**
   * Returns when each address was connected to, in nanoseconds on the run's clock, in the order of
   * the {@code connect} calls (Trio's {@code scenario.connect_times}).
   *
   * @return a snapshot, keyed by the address as the script spells it
   */
  public synchronized Map<String, Long> connectTimes() {
    return new LinkedHashMap<>(connectTimes);
  }

  /**
   * Returns how many times {@link #resolve} was called.
   *
   * @return the count
   */
  public synchronized int resolveCount() {
    return resolveCount;
  }

  @Override
  public synchronized String toString() {
    return "FakeNetwork[hosts="
        + hosts.keySet()
        + ", scripted="
        + scripts.size()
        + ", sockets="
        + sockets.size()
        + ", open="
        + sockets.stream().filter(s -> !s.isClosedLocked()).count()
        + "]";
  }

  private synchronized FakeNetwork script(String address, Duration delay, Outcome outcome) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, but was " + delay);
    }
    scripts.put(parse(address), new Script(delay, outcome));
    return this;
  }

  /** Called by a socket's connect, under this monitor: records it and returns its script. */
  Script connectingLocked(InetSocketAddress remote, long now) {
    connectTimes.put(labelLocked(remote.getAddress()), now);
    return scripts.getOrDefault(remote.getAddress(), new Script(Duration.ZERO, Outcome.FAIL));
  }

  String labelLocked(InetAddress address) {
    return labels.getOrDefault(address, address.getHostAddress());
  }

  /** Parses a numeric address and remembers how the test spelt it. Under this monitor. */
  private InetAddress parse(String address) {
    Objects.requireNonNull(address, "address");
    if (!NUMERIC.matcher(address).matches()) {
      throw new IllegalArgumentException(
          "a FakeNetwork address must be numeric (\"10.0.0.1\", \"::1\"), but was " + address);
    }
    InetAddress a;
    try {
      a = InetAddress.getByName(address); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not a numeric address: " + address, e);
    }
    synchronized (this) {
      labels.putIfAbsent(a, address);
    }
    return a;
  }
}
