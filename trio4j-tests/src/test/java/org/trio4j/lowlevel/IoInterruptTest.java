package org.trio4j.lowlevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The JDK closes a channel when a thread blocked in it is interrupted; trio4j relies on that NOT
 * happening for non-blocking channels, since the interrupt bridge may leave a task's interrupt flag
 * set while it does I/O (IoManager's notes). These tests pin the JDK's behaviour down on a platform
 * thread and on a virtual thread, for every operation trio4j's sockets make.
 */
class IoInterruptTest {
  /** Runs the non-blocking operations with the interrupt flag set and reports what went wrong. */
  private static List<String> nonBlockingOpsWhileInterrupted() throws IOException {
    List<String> problems = new ArrayList<>();
    try (LoopbackPair p = LoopbackPair.open();
        ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      server.configureBlocking(false);
      Thread.currentThread().interrupt();
      try {
        ByteBuffer buf = ByteBuffer.allocate(16);
        if (p.b.read(buf) != 0) {
          problems.add("read of an empty socket returned data");
        }
        if (p.a.write(ByteBuffer.wrap(new byte[] {1, 2, 3})) != 3) {
          problems.add("write did not take 3 bytes");
        }
        if (server.accept() != null) {
          problems.add("accept returned a connection nobody made");
        }
        SocketChannel c = SocketChannel.open();
        c.configureBlocking(false);
        c.connect(server.getLocalAddress());
        c.finishConnect();
        SocketChannel accepted = null;
        for (int i = 0; i < 1000 && accepted == null; i++) {
          accepted = server.accept();
          Thread.yield();
        }
        if (accepted == null) {
          problems.add("the non-blocking connect never reached the listener");
        } else {
          accepted.close();
        }
        if (!c.isOpen()) {
          problems.add("connect/finishConnect closed the channel");
        }
        c.close();
        p.a.shutdownOutput();
        if (!Thread.currentThread().isInterrupted()) {
          problems.add("the interrupt flag was cleared");
        }
      } finally {
        Thread.interrupted();
      }
      if (!p.a.isOpen() || !p.b.isOpen() || !server.isOpen()) {
        problems.add("a channel was closed by the interrupt");
      }
      ByteBuffer buf = ByteBuffer.allocate(16);
      long deadline = System.nanoTime() + 5_000_000_000L;
      int n;
      while ((n = p.b.read(buf)) == 0 && System.nanoTime() < deadline) {
        Thread.yield();
      }
      if (n != 3) {
        problems.add("the 3 bytes written while interrupted did not arrive (read " + n + ")");
      }
    }
    return problems;
  }

  /** Non-blocking reads, writes, accepts and connects on a platform thread leave channels open. */
  @Test
  void interruptDoesNotCloseNonBlockingChannelsOnAPlatformThread() throws Exception {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread t =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    result.set(nonBlockingOpsWhileInterrupted());
                  } catch (Throwable e) {
                    result.set(e);
                  }
                });
    t.join();
    assertEquals(List.of(), result.get());
  }

  /** The same on a virtual thread, which is what a trio4j task runs on. */
  @Test
  void interruptDoesNotCloseNonBlockingChannelsOnAVirtualThread() throws Exception {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    result.set(nonBlockingOpsWhileInterrupted());
                  } catch (Throwable e) {
                    result.set(e);
                  }
                });
    t.join();
    assertEquals(List.of(), result.get());
  }

  /**
   * The control experiment, so that the tests above can fail: a blocking read by a virtual thread
   * that is interrupted does close the channel (ClosedByInterruptException).
   */
  @Test
  void interruptDoesCloseABlockingChannel() throws Exception {
    try (LoopbackPair p = LoopbackPair.open()) {
      p.b.configureBlocking(true);
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread t =
          Thread.ofVirtual()
              .start(
                  () -> {
                    Thread.currentThread().interrupt();
                    try {
                      p.b.read(ByteBuffer.allocate(16));
                    } catch (Throwable e) {
                      thrown.set(e);
                    }
                  });
      t.join();
      assertNotNull(thrown.get());
      assertEquals("ClosedByInterruptException", thrown.get().getClass().getSimpleName());
      assertFalse(p.b.isOpen());
      assertTrue(p.a.isOpen());
    }
  }
}
