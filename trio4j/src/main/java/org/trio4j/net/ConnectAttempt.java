package org.trio4j.net;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One connection attempt of {@link Net#openTcpStream}, as its {@link ConnectAttemptListener} sees
 * it.
 *
 * @param number the attempt's number, from 1, in the order the attempts start
 * @param address the address it connects to
 * @param startTime when it started, in nanoseconds on the run's clock ({@link
 *     org.trio4j.Trio#currentTime()})
 */
public record ConnectAttempt(int number, InetSocketAddress address, long startTime) {
  /**
   * Checks the components.
   *
   * @param number at least 1
   * @param address not null
   * @param startTime any time
   */
  public ConnectAttempt {
    if (number < 1) {
      throw new IllegalArgumentException("number must be at least 1, but was " + number);
    }
    Objects.requireNonNull(address, "address");
  }

  @Override
  public String toString() {
    return "attempt " + number + " to " + Addresses.format(address);
  }
}
