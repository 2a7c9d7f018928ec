package org.trio4j.net;

/**
 * What a server does with each connection, for {@link Net#serveTcp} and {@link Net#serveListeners}:
 * runs in its own task, and the stream is closed when it returns.
 *
 * {@snippet :
 * ConnectionHandler<SocketStream> echo = stream -> {
 *   for (byte[] chunk : stream.chunks()) {
 *     stream.sendAll(chunk);
 *   }
 * };
 * }
 *
 * @param <S> the kind of stream a connection is
 */
@FunctionalInterface
public interface ConnectionHandler<S> {
  /**
   * Handles one connection.
   *
   * @param stream the connection; closed for you when this returns or throws
   * @throws Exception anything; it fails the nursery the handler runs in (by default, the server's)
   */
  void handle(S stream) throws Exception;
}
