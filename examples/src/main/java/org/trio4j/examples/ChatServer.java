package org.trio4j.examples;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.trio4j.BrokenResourceException;
import org.trio4j.CancelScope;
import org.trio4j.ClosedResourceException;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.channel.ChannelPair;
import org.trio4j.channel.Channels;
import org.trio4j.channel.ReceiveChannel;
import org.trio4j.channel.SendChannel;
import org.trio4j.net.Net;
import org.trio4j.net.SocketListener;
import org.trio4j.net.SocketStream;

/**
 * A chat room over TCP: each user picks a name, then every line they send goes to everyone else.
 *
 * <p>Run it with {@code examples/run chat-server [--port N] [--host ADDRESS]} (port 12345 and
 * address 127.0.0.1 by default; port 0 picks a free one; it prints {@code listening on
 * 127.0.0.1:PORT}) and join from several terminals with {@code nc 127.0.0.1 12345}.
 *
 * <h2>The protocol</h2>
 *
 * Lines are UTF-8 and end with a newline (a carriage return before it is dropped); a line may
 * arrive in pieces. The server sends:
 *
 * <ul>
 *   <li>{@code <meta>: Please enter username: } (no newline) on connecting, and again after an
 *       empty name;
 *   <li>{@code <meta>: Username taken. Please enter another: } (no newline) for a name in use;
 *   <li>{@code <meta>: Welcome NAME.} to the newcomer and {@code <meta>: NAME joined.} to everyone
 *       else;
 *   <li>{@code <NAME> : LINE} to everyone but NAME, for each line NAME sends;
 *   <li>{@code <meta>: NAME left} to everyone else when NAME disconnects (or is disconnected).
 * </ul>
 *
 * <h2>Concurrency</h2>
 *
 * Each connection has an outbox, a channel of whole messages, and a writer task that is the only
 * one sending on its stream; so two users broadcasting at once never interleave within a line. A
 * broadcast puts the message in each outbox with {@code trySend}, under the lock that also guards
 * the user table, so everyone sees joins, messages and departures in the same order. <b>Slow
 * clients</b>: an outbox holds {@value #OUTBOX_CAPACITY} messages; a client whose outbox is full
 * (it does not read, or reads more slowly than the room talks) is disconnected, and the others are
 * told it left. Nobody ever waits for a slow client. Lines longer than {@value #MAX_LINE_BYTES}
 * bytes also disconnect their sender.
 */
public final class ChatServer {
  /** How many messages wait for a client before it counts as too slow and is disconnected. */
  static final int OUTBOX_CAPACITY = 100;

  /** The longest line a client may send, in bytes. */
  static final int MAX_LINE_BYTES = 4096;

  private static final String PROMPT = "<meta>: Please enter username: ";
  private static final String TAKEN = "<meta>: Username taken. Please enter another: ";

  /** A connected client: where its messages go, and how to disconnect it. */
  private record Client(SendChannel<String> outbox, CancelScope scope) {}

  private final Object lock = new Object();

  /** The users who have a name, by name, in order of joining. Guarded by {@link #lock}. */
  private final Map<String, Client> users = new LinkedHashMap<>();

  void handle(SocketStream stream) {
    ChannelPair<String> outbox = Channels.open(OUTBOX_CAPACITY);
    Client me = new Client(outbox.send(), new CancelScope());
    try {
      me.scope()
          .run(
              () ->
                  Nursery.open(
                      nursery -> {
                        nursery.startSoon("writer", () -> write(stream, outbox.receive()));
                        try {
                          converse(new LineReader(stream, MAX_LINE_BYTES), me);
                        } finally {
                          outbox.send().close(); // the writer sends what is left, then ends
                        }
                      }));
    } catch (BrokenResourceException | ClosedResourceException | IllegalStateException e) {
      System.out.println("chat server: dropped a connection: " + e.getMessage());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(SocketStream stream, ReceiveChannel<String> outbox) {
    for (String message : outbox) {
      stream.sendAll(message.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void converse(LineReader lines, Client me) {
    deliver(me, PROMPT);
    String name;
    while (true) {
      name = lines.readLine();
      if (name == null) {
        return;
      }
      if (name.isEmpty()) {
        deliver(me, PROMPT);
      } else if (join(name, me)) {
        break;
      } else {
        deliver(me, TAKEN);
      }
    }
    try {
      String line;
      while ((line = lines.readLine()) != null) {
        broadcast(me, "<" + name + "> : " + line + "\n");
      }
    } finally {
      leave(name, me);
    }
  }

  private boolean join(String name, Client me) {
    synchronized (lock) {
      if (users.containsKey(name)) {
        return false;
      }
      users.put(name, me);
      deliver(me, "<meta>: Welcome " + name + ".\n");
      broadcast(me, "<meta>: " + name + " joined.\n");
      System.out.println("chat server: " + name + " joined");
      return true;
    }
  }

  private void leave(String name, Client me) {
    synchronized (lock) {
      users.remove(name, me);
      broadcast(me, "<meta>: " + name + " left\n");
      System.out.println("chat server: " + name + " left");
    }
  }

  /** Sends {@code message} to every user but {@code from}. Never waits: see the class notes. */
  private void broadcast(Client from, String message) {
    synchronized (lock) {
      for (Client c : users.values()) {
        if (c != from) {
          deliver(c, message);
        }
      }
    }
  }

  /** Queues {@code message} for {@code to}, or disconnects {@code to} if it cannot keep up. */
  private static void deliver(Client to, String message) {
    boolean queued;
    try {
      queued = to.outbox().trySend(message);
    } catch (BrokenResourceException | ClosedResourceException e) {
      queued = false; // its writer or its session has ended
    }
    if (!queued) {
      to.scope().cancel("too slow: " + OUTBOX_CAPACITY + " messages are waiting for it");
    }
  }

  /**
   * Runs the chat server until it is interrupted.
   *
   * @param args {@code [--port N] [--host ADDRESS]}
   * @throws Exception if the server cannot listen or fails
   */
  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args, Set.of("--port", "--host"));
    int port = options.intValue("--port", 12345);
    String host = options.value("--host", "127.0.0.1");
    ChatServer server = new ChatServer();
    Trio.run(
        () -> {
          Nursery.open(
              nursery -> {
                List<SocketListener> listeners =
                    nursery.start(status -> Net.serveTcp(server::handle, port, host, status));
                Servers.printListening(
                    listeners.stream().map(SocketListener::localAddress).toList());
              });
          return null;
        });
  }
}
