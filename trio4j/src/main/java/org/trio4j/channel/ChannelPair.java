package org.trio4j.channel;

import java.util.Objects;

/**
 * The two ends of a new channel: values sent on {@link #send()} come out of {@link #receive()}.
 *
 * {@snippet :
 * ChannelPair<String> channel = Channels.open(0);
 * SendChannel<String> tx = channel.send();
 * ReceiveChannel<String> rx = channel.receive();
 * }
 *
 * @param send the send side
 * @param receive the receive side
 * @param <T> the type of the values
 */
public record ChannelPair<T>(SendChannel<T> send, ReceiveChannel<T> receive) {
  /**
   * Creates a pair.
   *
   * @param send the send side
   * @param receive the receive side
   */
  public ChannelPair {
    Objects.requireNonNull(send, "send");
    Objects.requireNonNull(receive, "receive");
  }
}
