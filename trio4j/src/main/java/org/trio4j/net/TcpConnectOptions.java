package org.trio4j.net;

import java.net.InetAddress;
import java.time.Duration;

/**
 * How {@link Net#openTcpStream(String, int, TcpConnectOptions)} connects: the Happy Eyeballs delay,
 * an optional local address, and an optional listener for the attempts (Trio's keyword arguments of
 * {@code open_tcp_stream}).
 *
 * {@snippet :
 * TcpConnectOptions options =
 *     TcpConnectOptions.DEFAULT
 *         .withHappyEyeballsDelay(Duration.ofMillis(100))
 *         .withLocalAddress(InetAddress.getByName("192.0.2.7"));
 * try (SocketStream stream = Net.openTcpStream("example.com", 443, options)) {
 *   ...
 * }
 * }
 *
 * @param happyEyeballsDelay how long to wait for an attempt before starting the next one in
 *     parallel; null means the default, {@link #DEFAULT_HAPPY_EYEBALLS_DELAY} (as {@code None} does
 *     in Trio's code and tests); zero starts all attempts at once; must not be negative
 * @param localAddress the local address to connect from (bound with port 0), or null to let the
 *     system choose; an attempt to an address of the other family fails
 * @param listener told about each attempt, or null for none ({@link ConnectAttemptListener#NONE})
 */
public record TcpConnectOptions(
    Duration happyEyeballsDelay, InetAddress localAddress, ConnectAttemptListener listener) {

  /** The delay RFC 8305 recommends between two connection attempts: 250 ms. */
  public static final Duration DEFAULT_HAPPY_EYEBALLS_DELAY = Duration.ofMillis(250);

  /** The defaults: a 250 ms delay, no local address, no listener. */
  public static final TcpConnectOptions DEFAULT = new TcpConnectOptions(null, null, null);

  /**
   * Checks the components and fills in the defaults.
   *
   * @param happyEyeballsDelay null for the default; not negative
   * @param localAddress null for none
   * @param listener null for none
   * @throws IllegalArgumentException if the delay is negative
   */
  public TcpConnectOptions {
    if (happyEyeballsDelay == null) {
      happyEyeballsDelay = DEFAULT_HAPPY_EYEBALLS_DELAY;
    } else if (happyEyeballsDelay.isNegative()) {
      throw new IllegalArgumentException(
          "happyEyeballsDelay must not be negative, but was " + happyEyeballsDelay);
    }
    if (listener == null) {
      listener = ConnectAttemptListener.NONE;
    }
  }

  /**
   * Returns these options with another Happy Eyeballs delay.
   *
   * @param delay the delay; null for the default
   * @return the new options
   */
  public TcpConnectOptions withHappyEyeballsDelay(Duration delay) {
    return new TcpConnectOptions(delay, localAddress, listener);
  }

  /**
   * Returns these options with another local address.
   *
   * @param address the local address; null to let the system choose
   * @return the new options
   */
  public TcpConnectOptions withLocalAddress(InetAddress address) {
    return new TcpConnectOptions(happyEyeballsDelay, address, listener);
  }

  /**
   * Returns these options with another attempt listener.
   *
   * @param attemptListener the listener; null for none
   * @return the new options
   */
  public TcpConnectOptions withListener(ConnectAttemptListener attemptListener) {
    return new TcpConnectOptions(happyEyeballsDelay, localAddress, attemptListener);
  }
}
