package org.trio4j.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;

/**
 * A ServerSocketChannel whose accept() replays a script: each step either returns a channel or
 * throws an IOException (Trio's FakeSocket in test_SocketListener_accept_errors). The JDK gives no
 * way to make a real accept fail with a chosen errno, so SocketListener's error handling is tested
 * with the messages the JDK would use.
 */
final class FakeServerSocketChannel extends ServerSocketChannel {
  private final ArrayDeque<Object> script;
  int accepts;

  FakeServerSocketChannel(List<Object> script) {
    super(SelectorProvider.provider());
    this.script = new ArrayDeque<>(script);
  }

  @Override
  public SocketChannel accept() throws IOException {
    accepts++;
    Object next = script.poll();
    if (next instanceof IOException e) {
      throw e;
    }
    return (SocketChannel) next;
  }

  @Override
  public SocketAddress getLocalAddress() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
  }

  @Override
  public ServerSocketChannel bind(SocketAddress local, int backlog) {
    return this;
  }

  @Override
  public <T> ServerSocketChannel setOption(SocketOption<T> name, T value) {
    return this;
  }

  @Override
  public <T> T getOption(SocketOption<T> name) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return Set.of();
  }

  @Override
  public ServerSocket socket() {
    throw new UnsupportedOperationException();
  }

  @Override
  protected void implCloseSelectableChannel() {}

  @Override
  protected void implConfigureBlocking(boolean block) {}
}
