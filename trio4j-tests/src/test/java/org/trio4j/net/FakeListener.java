package org.trio4j.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.trio4j.ThrowingRunnable;
import org.trio4j.channel.ChannelPair;
import org.trio4j.channel.Channels;
import org.trio4j.lowlevel.LoopbackPair;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.stream.Listener;

/**
 * A listener whose connections are queued by {@link #connect()} (Trio's MemoryListener in
 * test_highlevel_serve_listeners.py), over real loopback connections; an optional hook runs in
 * every accept (to make it fail), and every accept and close is recorded.
 */
final class FakeListener implements Listener<RecordingStream> {
  private final ChannelPair<RecordingStream> queue = Channels.open(1);
  final List<Long> closesOfAcceptedStreams = Collections.synchronizedList(new ArrayList<>());
  final List<Long> acceptTimes = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger closes = new AtomicInteger();
  volatile ThrowingRunnable<RuntimeException> acceptHook;

  /** Makes a connection: queues the server side for accept and returns the client side. */
  SocketStream connect() throws Exception {
    if (closes.get() > 0) {
      throw new IllegalStateException("connect to a closed FakeListener");
    }
    LoopbackPair p = LoopbackPair.open();
    SocketStream client = new SocketStream(p.a);
    queue.send().send(new RecordingStream(new SocketStream(p.b), closesOfAcceptedStreams));
    return client;
  }

  @Override
  public RecordingStream accept() {
    Lowlevel.checkpoint();
    acceptTimes.add(org.trio4j.Trio.currentTime());
    ThrowingRunnable<RuntimeException> hook = acceptHook;
    if (hook != null) {
      hook.run();
    }
    return queue.receive().receive();
  }

  @Override
  public void close() {
    closes.incrementAndGet();
    Lowlevel.checkpoint();
  }

  @Override
  public String toString() {
    return "FakeListener";
  }
}
