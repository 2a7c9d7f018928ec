package org.trio4j.tls;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * An {@link SSLEngine} with in-memory buffers on both sides, driven in non-blocking steps: the Java
 * counterpart of the OpenSSL object with memory BIOs that Trio's {@code SSLStream} drives. Not
 * thread-safe: {@link SslStream} calls it only under its engine lock, and never blocks inside.
 */
final class EngineDriver {
  /*
   * Implementation notes.
   *
   * Each step (handshake, read, write, closeOutbound) runs the engine as far as it can without
   * I/O and reports what it needs next: DONE (finished; anything queued must still be sent),
   * WANT_READ (it cannot go on until more ciphertext arrives) or AGAIN (it made progress but
   * wants the queued ciphertext sent before going on; writes do this every FLUSH_THRESHOLD bytes
   * so that a large sendAll does not encrypt everything into memory first). New ciphertext is
   * appended to `outgoing`; SslStream's retry loop sends it, feeds transport data in with feed()
   * or feedEof(), and calls the step again. This is OpenSSL's "want read, retry the call" model,
   * with one simplification that SSLEngine allows: a write consumes from the caller's buffer and
   * advances its position, so a retried write simply continues where the last one stopped.
   *
   * Renegotiation (TLS 1.2) and post-handshake messages (TLS 1.3 session tickets, key updates):
   * every step handles NEED_TASK (delegated tasks run inline), NEED_WRAP (the engine has a
   * handshake message to send) and, for writes, NEED_UNWRAP (a renegotiation needs the peer's
   * answer before application data can go out). Application data that arrives while a write is
   * unwrapping handshake records is kept in `plain` for the next read, never dropped.
   *
   * Buffers: `incoming` (ciphertext received, not yet unwrapped) and `plain` (plaintext unwrapped,
   * not yet delivered) are kept in read mode (position..limit is the data); `outgoing`
   * (ciphertext waiting to be sent) is kept in write mode (0..position is the data). All three
   * grow on demand: BUFFER_OVERFLOW grows the output buffer to the session's current size and
   * retries; BUFFER_UNDERFLOW means a partial record, so more data is needed. `plain` is bypassed
   * when the caller's buffer can take a whole record. feed() swaps the caller's filled buffer in
   * when `incoming` is empty (the common case) instead of copying it.
   */

  /** The three answers of a step. */
  enum Step {
    /** Finished; queued ciphertext must still be sent. */
    DONE,
    /** Needs more ciphertext from the peer before it can go on. */
    WANT_READ,
    /** Made progress; send the queued ciphertext, then call the step again. */
    AGAIN
  }

  private enum Unwrapped {
    OK,
    UNDERFLOW,
    CLOSED
  }

  /** Writes stop to let the queued ciphertext be sent once this much is queued. */
  static final int FLUSH_THRESHOLD = 32 * 1024;

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  final SSLEngine engine;
  private int packetSize;
  private int appSize;
  private ByteBuffer incoming = ByteBuffer.allocate(0);
  private boolean incomingEof;
  private ByteBuffer plain = ByteBuffer.allocate(0);
  private ByteBuffer outgoing = ByteBuffer.allocate(0);
  private ByteBuffer spareOutgoing;
  private boolean handshakeBegun;
  private int lastUnwrapProduced;
  private int lastRead;

  EngineDriver(SSLEngine engine) {
    this.engine = engine;
    this.packetSize = engine.getSession().getPacketBufferSize();
    this.appSize = engine.getSession().getApplicationBufferSize();
  }

  /**
   * The size of one TLS record on the wire, at most; a good size for a transport read.
   *
   * @return bytes
   */
  int packetSize() {
    return packetSize;
  }

  /** Runs the initial handshake as far as it can. */
  Step handshake() throws SSLException {
    if (!handshakeBegun) {
      handshakeBegun = true;
      engine.beginHandshake();
    }
    while (true) {
      switch (engine.getHandshakeStatus()) {
        case NEED_TASK -> runDelegatedTasks();
        case NEED_WRAP -> {
          if (wrap(EMPTY).getStatus() == Status.CLOSED) {
            throw new SSLException("the TLS engine was closed during the handshake");
          }
        }
        case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
          Unwrapped u = unwrap(null);
          if (u == Unwrapped.CLOSED) {
            throw new SSLException("the peer closed the TLS connection during the handshake");
          }
          if (u == Unwrapped.UNDERFLOW) {
            if (incomingEof) {
              throw new RaggedEofException("during the handshake");
            }
            return Step.WANT_READ;
          }
        }
        default -> {
          return Step.DONE;
        }
      }
    }
  }

  /**
   * Decrypts into {@code dst}: whatever is available once at least one byte is (or the end of the
   * stream). The result is in {@link #lastRead()}.
   *
   * @param raggedEofIsEof whether a transport EOF without close_notify counts as a clean end
   */
  Step read(ByteBuffer dst, boolean raggedEofIsEof) throws SSLException {
    int delivered = 0;
    while (true) {
      if (plain.hasRemaining()) {
        int n = Math.min(plain.remaining(), dst.remaining());
        dst.put(dst.position(), plain, plain.position(), n);
        dst.position(dst.position() + n);
        plain.position(plain.position() + n);
        delivered += n;
        if (!dst.hasRemaining()) {
          break;
        }
      }
      if (engine.isInboundDone() || (delivered > 0 && !incoming.hasRemaining())) {
        break;
      }
      HandshakeStatus hs = engine.getHandshakeStatus();
      if (hs == HandshakeStatus.NEED_TASK) {
        runDelegatedTasks();
        continue;
      }
      if (hs == HandshakeStatus.NEED_WRAP) {
        if (wrap(EMPTY).getStatus() == Status.CLOSED) {
          throw new SSLException("the TLS engine was closed while answering the peer");
        }
        continue;
      }
      Unwrapped u = unwrap(dst);
      if (u == Unwrapped.OK) {
        delivered += lastUnwrapProduced;
        continue;
      }
      if (u == Unwrapped.CLOSED) {
        continue; // the peer's close_notify: inbound is done now
      }
      if (delivered > 0) {
        break; // a partial record: deliver what we have rather than wait
      }
      if (incomingEof) {
        if (raggedEofIsEof) {
          break;
        }
        throw new RaggedEofException("while reading");
      }
      return Step.WANT_READ;
    }
    lastRead = delivered > 0 ? delivered : -1;
    return Step.DONE;
  }

  /**
   * The result of the last successful {@link #read}.
   *
   * @return bytes delivered, or -1 at the end of the stream
   */
  int lastRead() {
    return lastRead;
  }

  /** Encrypts all of {@code src} (advancing its position), as far as it can. */
  Step write(ByteBuffer src) throws SSLException {
    while (src.hasRemaining()) {
      if (outgoing.position() >= FLUSH_THRESHOLD) {
        return Step.AGAIN;
      }
      HandshakeStatus hs = engine.getHandshakeStatus();
      if (hs == HandshakeStatus.NEED_TASK) {
        runDelegatedTasks();
      } else if (hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN) {
        // A renegotiation: application data can go out only after the peer's answer.
        Unwrapped u = unwrap(null);
        if (u == Unwrapped.CLOSED) {
          throw new SSLException("the peer closed the TLS connection during a renegotiation");
        }
        if (u == Unwrapped.UNDERFLOW) {
          if (incomingEof) {
            throw new RaggedEofException("during a renegotiation");
          }
          return Step.WANT_READ;
        }
      } else if (wrap(src).getStatus() == Status.CLOSED) {
        throw new SSLException("cannot send: the TLS connection has been closed");
      }
    }
    return Step.DONE;
  }

  /** Queues close_notify (once); never waits for the peer's. */
  Step closeOutbound() throws SSLException {
    engine.closeOutbound();
    return flushAlerts();
  }

  /** Queues whatever the engine still wants to send after a failure (a fatal alert) or a close. */
  Step flushAlerts() throws SSLException {
    while (!engine.isOutboundDone()) {
      HandshakeStatus hs = engine.getHandshakeStatus();
      if (hs == HandshakeStatus.NEED_TASK) {
        runDelegatedTasks();
        continue;
      }
      SSLEngineResult r = wrap(EMPTY);
      if (r.getStatus() == Status.CLOSED || r.bytesProduced() == 0) {
        break;
      }
    }
    return Step.DONE;
  }

  /**
   * Adds ciphertext received from the transport. May keep {@code data} itself.
   *
   * @param data the bytes, in read mode
   * @return a buffer for the next transport read (possibly the old incoming buffer, cleared)
   */
  ByteBuffer feed(ByteBuffer data) {
    if (!incoming.hasRemaining() && data.capacity() >= packetSize) {
      ByteBuffer old = incoming;
      incoming = data;
      return old.capacity() >= packetSize ? old.clear() : ByteBuffer.allocate(packetSize);
    }
    incoming = ensureRoom(incoming.compact(), data.remaining());
    incoming.put(data).flip();
    return data.clear();
  }

  /** Records that the transport reached its end. */
  void feedEof() {
    incomingEof = true;
  }

  /**
   * How much ciphertext is waiting to be sent.
   *
   * @return bytes
   */
  int queuedOutgoing() {
    return outgoing.position();
  }

  /**
   * Takes the queued ciphertext, for sending; give the buffer back with {@link #recycle}.
   *
   * @return the bytes, in read mode
   */
  ByteBuffer takeOutgoing() {
    ByteBuffer out = outgoing.flip();
    outgoing = spareOutgoing != null ? spareOutgoing : ByteBuffer.allocate(0);
    spareOutgoing = null;
    return out;
  }

  /** Returns a buffer from {@link #takeOutgoing} once it has been sent. */
  void recycle(ByteBuffer sent) {
    if (spareOutgoing == null && sent.capacity() <= 2 * FLUSH_THRESHOLD + packetSize) {
      spareOutgoing = sent.clear();
    }
  }

  /**
   * How much decrypted data is waiting to be read.
   *
   * @return bytes
   */
  int bufferedPlaintext() {
    return plain.remaining();
  }

  /**
   * How much received ciphertext is not yet decrypted.
   *
   * @return bytes
   */
  int bufferedCiphertext() {
    return incoming.remaining();
  }

  private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
    while (true) {
      outgoing = ensureRoom(outgoing, packetSize);
      SSLEngineResult r = engine.wrap(src, outgoing);
      if (r.getStatus() != Status.BUFFER_OVERFLOW) {
        return r;
      }
      packetSize = Math.max(packetSize + 1, engine.getSession().getPacketBufferSize());
    }
  }

  /**
   * Unwraps one record, into {@code dst} if it can surely take it, else into {@code plain}. The
   * plaintext produced directly into {@code dst} is counted in {@code lastUnwrapProduced}.
   */
  private Unwrapped unwrap(ByteBuffer dst) throws SSLException {
    boolean direct = dst != null && !plain.hasRemaining() && dst.remaining() >= appSize;
    while (true) {
      ByteBuffer target;
      if (direct) {
        target = dst;
      } else {
        plain = ensureRoom(plain.compact(), appSize);
        target = plain;
      }
      SSLEngineResult r;
      try {
        r = engine.unwrap(incoming, target);
      } finally {
        if (!direct) {
          plain.flip();
        }
      }
      lastUnwrapProduced = direct ? r.bytesProduced() : 0;
      switch (r.getStatus()) {
        case OK -> {
          if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
            HandshakeStatus hs = r.getHandshakeStatus();
            if (hs != HandshakeStatus.NEED_TASK && hs != HandshakeStatus.NEED_WRAP) {
              return Unwrapped.UNDERFLOW; // no progress possible without more data
            }
          }
          return Unwrapped.OK;
        }
        case BUFFER_UNDERFLOW -> {
          return Unwrapped.UNDERFLOW;
        }
        case CLOSED -> {
          return Unwrapped.CLOSED;
        }
        default -> { // BUFFER_OVERFLOW: the record is bigger than we allowed for
          appSize = Math.max(appSize + 1, engine.getSession().getApplicationBufferSize());
          direct = false;
        }
      }
    }
  }

  private void runDelegatedTasks() {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run();
    }
  }

  /**
   * Returns {@code buf} (write mode) if it has {@code room} bytes free, else a bigger copy of it
   * (write mode, same data).
   */
  private static ByteBuffer ensureRoom(ByteBuffer buf, int room) {
    if (buf.remaining() >= room) {
      return buf;
    }
    ByteBuffer bigger = ByteBuffer.allocate(Math.max(2 * buf.capacity(), buf.position() + room));
    return bigger.put(buf.flip());
  }
}
