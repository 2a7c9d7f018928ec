package org.trio4j.benchmarks;

import com.softwaremill.jox.Channel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * The channel benchmarks' shapes for the peers that run on plain virtual threads: Jox channels and
 * the JDK's blocking queues ({@link SynchronousQueue} for capacity 0, {@link ArrayBlockingQueue}
 * otherwise), each behind a {@link Link}. Every producer, forwarder and consumer is one {@code
 * Thread.ofVirtual()} thread, started and joined by the calling thread, as in the benchmarks Jox
 * publishes.
 *
 * <p>The same three shapes as {@link ChannelTrioShapes} and {@code ChannelKotlinShapes.kt}: the
 * values sent are {@code i & 127}, so that boxing them takes Integer's cache and no shape allocates
 * per element, and each shape returns the sum its last receivers got. JMH runs each benchmark in
 * its own JVM, so the {@link Link} calls see one implementation there and are inlined.
 */
final class ChannelThreadShapes {
  private ChannelThreadShapes() {}

  /** One peer channel: a blocking send and receive. */
  interface Link {
    void send(Integer value) throws InterruptedException;

    Integer receive() throws InterruptedException;
  }

  /** A Jox channel: rendezvous for capacity 0, buffered otherwise. */
  static Link jox(int capacity) {
    Channel<Integer> channel =
        capacity == 0 ? Channel.newRendezvousChannel() : Channel.newBufferedChannel(capacity);
    return new Link() {
      @Override
      public void send(Integer value) throws InterruptedException {
        channel.send(value);
      }

      @Override
      public Integer receive() throws InterruptedException {
        return channel.receive();
      }
    };
  }

  /** A {@link SynchronousQueue} for capacity 0, an {@link ArrayBlockingQueue} otherwise. */
  static Link queue(int capacity) {
    BlockingQueue<Integer> queue =
        capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity);
    return new Link() {
      @Override
      public void send(Integer value) throws InterruptedException {
        queue.put(value);
      }

      @Override
      public Integer receive() throws InterruptedException {
        return queue.take();
      }
    };
  }

  /** One producer sends {@code elements} values on one link; one consumer receives them. */
  static long pair(IntFunction<Link> open, int capacity, int elements) throws Exception {
    Link link = open.apply(capacity);
    long[] sum = new long[1];
    Batch threads = new Batch(2);
    threads.start(() -> produce(link, elements));
    threads.start(() -> sum[0] = consume(link, elements));
    threads.joinAll();
    return sum[0];
  }

  /**
   * {@code links} links in a row: a producer sends {@code elements} values into the first, a thread
   * between each two links forwards every value, a consumer receives them from the last.
   */
  static long chain(IntFunction<Link> open, int capacity, int links, int elements)
      throws Exception {
    Link[] chain = new Link[links];
    for (int k = 0; k < links; k++) {
      chain[k] = open.apply(capacity);
    }
    long[] sum = new long[1];
    Batch threads = new Batch(links + 1);
    threads.start(() -> produce(chain[0], elements));
    for (int k = 1; k < links; k++) {
      Link from = chain[k - 1];
      Link to = chain[k];
      threads.start(
          () -> {
            for (int i = 0; i < elements; i++) {
              to.send(from.receive());
            }
          });
    }
    threads.start(() -> sum[0] = consume(chain[links - 1], elements));
    threads.joinAll();
    return sum[0];
  }

  /** {@code pairs} independent producer/consumer pairs, each on its own link. */
  static long parallel(IntFunction<Link> open, int capacity, int pairs, int elements)
      throws Exception {
    long[] sums = new long[pairs];
    Batch threads = new Batch(2 * pairs);
    for (int p = 0; p < pairs; p++) {
      Link link = open.apply(capacity);
      int slot = p;
      threads.start(() -> produce(link, elements));
      threads.start(() -> sums[slot] = consume(link, elements));
    }
    threads.joinAll();
    long total = 0;
    for (long s : sums) {
      total += s;
    }
    return total;
  }

  private static void produce(Link link, int elements) throws InterruptedException {
    for (int i = 0; i < elements; i++) {
      link.send(i & 127);
    }
  }

  private static long consume(Link link, int elements) throws InterruptedException {
    long sum = 0;
    for (int i = 0; i < elements; i++) {
      sum += link.receive();
    }
    return sum;
  }

  /** A body that may be interrupted. */
  private interface Body {
    void run() throws InterruptedException;
  }

  /** Virtual threads started together and joined together; the first failure is rethrown. */
  private static final class Batch {
    private final Thread[] threads;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private int started;

    Batch(int count) {
      threads = new Thread[count];
    }

    void start(Body body) {
      threads[started++] =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      body.run();
                    } catch (Throwable t) {
                      failure.compareAndSet(null, t);
                    }
                  });
    }

    void joinAll() throws Exception {
      for (int i = 0; i < started; i++) {
        threads[i].join();
      }
      Throwable t = failure.get();
      if (t != null) {
        throw new IllegalStateException("a peer thread failed", t);
      }
    }
  }
}
