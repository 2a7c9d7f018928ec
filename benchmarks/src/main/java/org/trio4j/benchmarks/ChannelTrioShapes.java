package org.trio4j.benchmarks;

import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.channel.ChannelPair;
import org.trio4j.channel.Channels;
import org.trio4j.channel.ReceiveChannel;
import org.trio4j.channel.SendChannel;

/**
 * The channel benchmarks' shapes for trio4j: one {@code Trio.run} whose main task opens a nursery
 * and starts every producer, forwarder and consumer in it with {@code startSoon}, each owning its
 * channel ends in try-with-resources (closing them is part of the idiom, and costs one lock each).
 *
 * <p>The same shapes as {@link ChannelThreadShapes} and {@code ChannelKotlinShapes.kt}: the values
 * sent are {@code i & 127} (Integer's cache, no allocation per element), and each shape returns the
 * sum its last receivers got. The run uses the default, parallel scheduling: tasks are virtual
 * threads on every core, as the peers' threads and coroutines are.
 */
final class ChannelTrioShapes {
  private ChannelTrioShapes() {}

  /** One producer sends {@code elements} values on one channel; one consumer receives them. */
  static long pair(int capacity, int elements) throws Exception {
    return Trio.run(
        () -> {
          ChannelPair<Integer> channel = Channels.open(capacity);
          long[] sum = new long[1];
          Nursery.open(
              nursery -> {
                nursery.startSoon(() -> produce(channel.send(), elements));
                nursery.startSoon(() -> sum[0] = consume(channel.receive(), elements));
              });
          return sum[0];
        });
  }

  /**
   * {@code links} channels in a row: a producer sends {@code elements} values into the first, a
   * task between each two channels forwards every value, a consumer receives them from the last.
   */
  static long chain(int capacity, int links, int elements) throws Exception {
    return Trio.run(
        () -> {
          ChannelPair<Integer>[] chain = newChannels(links, capacity);
          long[] sum = new long[1];
          Nursery.open(
              nursery -> {
                nursery.startSoon(() -> produce(chain[0].send(), elements));
                for (int k = 1; k < links; k++) {
                  ReceiveChannel<Integer> from = chain[k - 1].receive();
                  SendChannel<Integer> to = chain[k].send();
                  nursery.startSoon(
                      () -> {
                        try (from;
                            to) {
                          for (int i = 0; i < elements; i++) {
                            to.send(from.receive());
                          }
                        }
                      });
                }
                nursery.startSoon(() -> sum[0] = consume(chain[links - 1].receive(), elements));
              });
          return sum[0];
        });
  }

  /** {@code pairs} independent producer/consumer pairs, each on its own channel. */
  static long parallel(int capacity, int pairs, int elements) throws Exception {
    return Trio.run(
        () -> {
          long[] sums = new long[pairs];
          Nursery.open(
              nursery -> {
                for (int p = 0; p < pairs; p++) {
                  ChannelPair<Integer> channel = Channels.open(capacity);
                  int slot = p;
                  nursery.startSoon(() -> produce(channel.send(), elements));
                  nursery.startSoon(() -> sums[slot] = consume(channel.receive(), elements));
                }
              });
          long total = 0;
          for (long s : sums) {
            total += s;
          }
          return total;
        });
  }

  private static void produce(SendChannel<Integer> tx, int elements) {
    try (tx) {
      for (int i = 0; i < elements; i++) {
        tx.send(i & 127);
      }
    }
  }

  private static long consume(ReceiveChannel<Integer> rx, int elements) {
    try (rx) {
      long sum = 0;
      for (int i = 0; i < elements; i++) {
        sum += rx.receive();
      }
      return sum;
    }
  }

  @SuppressWarnings("unchecked")
  private static ChannelPair<Integer>[] newChannels(int count, int capacity) {
    ChannelPair<Integer>[] channels = (ChannelPair<Integer>[]) new ChannelPair<?>[count];
    for (int k = 0; k < count; k++) {
      channels[k] = Channels.open(capacity);
    }
    return channels;
  }
}
