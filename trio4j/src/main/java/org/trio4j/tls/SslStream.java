package org.trio4j.tls;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.trio4j.BrokenResourceException;
import org.trio4j.BusyResourceException;
import org.trio4j.ClosedResourceException;
import org.trio4j.lowlevel.ConflictDetector;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.stream.Stream;
import org.trio4j.sync.Event;
import org.trio4j.sync.Lock;
import org.trio4j.sync.StrictFifoLock;

/**
 * Encrypted communication (TLS) over any {@link Stream}: what you send is encrypted and sent on the
 * transport stream, what arrives on it is decrypted and returned (Trio's {@code SSLStream}).
 *
 * {@snippet :
 * SSLContext context = SSLContext.getDefault();          // the JDK's trusted CAs
 * try (SslStream tls = SslStream.client(tcpStream, context, "example.com")) {
 *   tls.sendAll("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
 *   for (byte[] chunk : tls.chunks()) {
 *     System.out.write(chunk);
 *   }
 * }
 * }
 *
 * <p>A client verifies the server's certificate chain against the context's trust managers
 * <em>and</em> checks that the certificate is for {@code serverHostName} (endpoint identification
 * {@code "HTTPS"}), and sends that name by SNI unless it is an IP address. The handshake happens on
 * first use, or explicitly with {@link #doHandshake()}; tasks that need it at the same time share
 * one handshake. TLS has no half-close, so this is not a {@code HalfCloseableStream}.
 *
 * <h2>Closing</h2>
 *
 * {@link #close()} sends close_notify (once, without waiting for the peer's), then closes the
 * transport. An end of the transport without the peer's close_notify is a {@link
 * BrokenResourceException}, since an attacker could have cut the stream short, unless the stream is
 * {@linkplain SslOptions#httpsCompatible() HTTPS-compatible}: then close_notify is neither sent nor
 * expected and such an end reads as the end of the stream.
 *
 * <h2>Exceptions</h2>
 *
 * Any TLS failure (bad certificate, wrong host name, corrupt record, a fatal alert from the peer)
 * fails the call with {@link BrokenResourceException} whose cause is the {@link SSLException}, and
 * the stream stays broken: every later call fails the same way (close still works). Transport
 * failures pass through unchanged. After {@link #close()}, calls fail with {@link
 * ClosedResourceException}.
 *
 * <h2>Cancellation</h2>
 *
 * Every call is a checkpoint. A cancelled {@link #sendAll} may have sent some, all or none of the
 * data; if it was cancelled while the transport was sending, the stream is broken, since part of a
 * TLS record may have gone out. A cancelled {@link #receiveSome} loses nothing, except while it is
 * taking part in the initial handshake: a handshake that fails or is cancelled breaks the stream.
 *
 * <h2>Thread-safety</h2>
 *
 * One task may send while another receives (full duplex); two tasks sending, or two receiving, at
 * once fail with {@link BusyResourceException}. Internally, the records both directions produce (a
 * receive may need to send during a renegotiation) reach the transport in order.
 */
public final class SslStream implements Stream {
  /*
   * Implementation notes.
   *
   * This follows Trio's _ssl.py closely; its long comment on renegotiation and on "_retry" is
   * the background. The EngineDriver is our SSLObject-with-memory-BIOs: non-blocking steps that
   * may queue ciphertext to send and may report WANT_READ. retry() turns a step into a blocking
   * call: run the step under `engineLock`; if it queued ciphertext, send it; else if it wants to
   * read, read from the transport; repeat until the step is DONE. At most one blocking thing per
   * turn, then look again, because another task may have moved the engine on meanwhile.
   *
   * Locks. `engineLock` (a ReentrantLock, not a monitor, so a virtual thread running a delegated
   * task under it is never pinned on JDK 21) guards the driver and every mutable field below; it
   * is held only for non-blocking work, never across a checkpoint. Lock order: sendLock or
   * recvLock, then engineLock.
   *
   * Sending keeps records in order without relying on lock fairness, unlike Trio: the ciphertext
   * queue lives in the driver, and whoever holds `sendLock` takes the *whole* queue (under
   * engineLock) and sends it. Ciphertext is queued in the order the engine made it and leaves in
   * the order it was taken, so tasks racing between "step" and "acquire the send lock" (which in
   * parallel mode is not atomic) cannot reorder records; a task that finds the queue empty knows
   * that its data went out with an earlier sender's, since it could take the lock only after that
   * sender finished. A sender checks for BROKEN under the lock: once a transport send failed part
   * way, nothing more may follow it on the wire.
   *
   * Receiving uses Trio's counter: a step that wants more data notes `recvCount` (under
   * engineLock, together with the step's verdict); after taking `recvLock`, it reads from the
   * transport only if the count is unchanged; otherwise someone else's read happened meanwhile
   * and it steps again instead of blocking on data that may never come.
   *
   * TLS 1.3 session tickets: the JDK's server, like OpenSSL, sends its NewSessionTicket right at
   * the end of its handshake. Sent at once, it can deadlock a lockstep transport whose client is
   * not reading (Trio issue 819), so a TLS 1.3 server's last handshake flight stays queued and
   * goes out in front of whatever it sends next (Trio's _delayed_outgoing, which here falls out of
   * the shared queue for free).
   *
   * Alerts: when the engine fails it queues a fatal alert (certificate_unknown, say). close() on a
   * stream broken that way sends it before closing the transport, so the peer learns why (as an
   * SSLSocket would), instead of seeing a bare end of stream.
   *
   * Length: longer than most files. The non-blocking engine work already lives in EngineDriver;
   * what is left (retry, flush, receiveMore, the shared handshake, the state) reads and writes the
   * same few fields under the same locks, and is easier to check for races in one place.
   *
   * Memory: `incoming` and the transport read buffer hold about one TLS record each (16.7 KiB),
   * `outgoing` up to FLUSH_THRESHOLD plus a record, `plain` one record when the caller's buffer
   * is too small for a whole one: roughly 70 KiB per busy connection.
   */

  /** The state of an {@link SslStream}. */
  public enum State {
    /** Usable. */
    OK,
    /** A TLS failure or an interrupted transport send: only {@link #close()} is useful. */
    BROKEN,
    /** Closed by {@link #close()}. */
    CLOSED
  }

  /** The first estimate of how much a no-argument {@link #receiveSome()} reads, as Trio. */
  static final int STARTING_RECEIVE_SIZE = 16384;

  private final Stream transport;
  private final boolean serverSide;
  private final String serverHostName;
  private final boolean httpsCompatible;

  private final ReentrantLock engineLock = new ReentrantLock();
  // Guarded by engineLock.
  private final EngineDriver driver;
  // Guarded by engineLock (written); volatile so that statistics and fast checks can read it.
  private volatile State state = State.OK;
  // Guarded by engineLock: why the stream broke.
  private Throwable brokenCause;
  // Guarded by engineLock: the engine failed and may have an alert to send on close.
  private boolean alertPending;
  // Guarded by engineLock: a task has started the handshake.
  private boolean handshakeStarted;
  // Guarded by engineLock: the handshake failed or was cancelled.
  private Throwable handshakeFailure;
  // Guarded by engineLock: transport reads so far.
  private long recvCount;
  // Guarded by engineLock.
  private int estimatedReceiveSize = STARTING_RECEIVE_SIZE;
  // Owned by the holder of recvLock.
  private ByteBuffer readBuffer;

  private final Event handshakeDone = new Event();
  private final StrictFifoLock sendLock = new StrictFifoLock();
  private final Lock recvLock = new Lock();
  private final ConflictDetector sending =
      new ConflictDetector("another task is currently sending data on this SslStream");
  private final ConflictDetector receiving =
      new ConflictDetector("another task is currently receiving data on this SslStream");

  private SslStream(Stream transport, SSLEngine engine, String serverHostName, SslOptions options) {
    this.transport = transport;
    this.serverSide = !engine.getUseClientMode();
    this.serverHostName = serverHostName;
    this.httpsCompatible = options.httpsCompatible();
    this.driver = new EngineDriver(engine);
  }

  /**
   * Wraps {@code transport} as the client side of a TLS connection to {@code serverHostName}.
   *
   * @param transport the stream that carries the encrypted bytes; closed by {@link #close()}
   * @param context the context (trusted certificates, client certificate, protocols)
   * @param serverHostName the server's host name or IP address: the certificate must be for it
   * @return the stream; nothing has been sent yet
   */
  public static SslStream client(Stream transport, SSLContext context, String serverHostName) {
    return client(transport, context, serverHostName, SslOptions.defaults());
  }

  /**
   * Wraps {@code transport} as the client side of a TLS connection, with options.
   *
   * @param transport the stream that carries the encrypted bytes; closed by {@link #close()}
   * @param context the context
   * @param serverHostName the server's host name or IP address: the certificate must be for it
   * @param options ALPN protocols, HTTPS compatibility, engine settings
   * @return the stream
   */
  public static SslStream client(
      Stream transport, SSLContext context, String serverHostName, SslOptions options) {
    return client(transport, context, serverHostName, -1, options);
  }

  /**
   * Wraps {@code transport} as the client side of a TLS connection to {@code serverHostName} at
   * {@code port}: the port changes nothing but which sessions the JDK's client session cache offers
   * to resume.
   *
   * @param transport the stream that carries the encrypted bytes; closed by {@link #close()}
   * @param context the context
   * @param serverHostName the server's host name or IP address: the certificate must be for it
   * @param port the server's port, or -1 if unknown
   * @param options ALPN protocols, HTTPS compatibility, engine settings
   * @return the stream
   */
  public static SslStream client(
      Stream transport, SSLContext context, String serverHostName, int port, SslOptions options) {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(serverHostName, "serverHostName (the name the certificate must match)");
    return new SslStream(
        transport,
        EngineSetup.client(context, serverHostName, port, options),
        serverHostName,
        options);
  }

  /**
   * Wraps {@code transport} as the server side of a TLS connection.
   *
   * @param transport the stream that carries the encrypted bytes; closed by {@link #close()}
   * @param context the context, with the server's certificate and key
   * @return the stream
   */
  public static SslStream server(Stream transport, SSLContext context) {
    return server(transport, context, SslOptions.defaults());
  }

  /**
   * Wraps {@code transport} as the server side of a TLS connection, with options (for example
   * {@code configureEngine(e -> e.setNeedClientAuth(true))} to require client certificates).
   *
   * @param transport the stream that carries the encrypted bytes
   * @param context the context, with the server's certificate and key
   * @param options ALPN protocols, HTTPS compatibility, engine settings
   * @return the stream
   */
  public static SslStream server(Stream transport, SSLContext context, SslOptions options) {
    Objects.requireNonNull(transport, "transport");
    return new SslStream(transport, EngineSetup.server(context, options), null, options);
  }

  /**
   * The stream that carries the encrypted bytes.
   *
   * @return the transport
   */
  public Stream transportStream() {
    return transport;
  }

  /**
   * Tells whether this is the server side.
   *
   * @return true for a server
   */
  public boolean isServerSide() {
    return serverSide;
  }

  /**
   * The host name a client verifies the server's certificate against.
   *
   * @return the name, or empty on the server side
   */
  public Optional<String> serverHostName() {
    return Optional.ofNullable(serverHostName);
  }

  /**
   * Tells whether close_notify is skipped (see {@link SslOptions#httpsCompatible()}).
   *
   * @return true if HTTPS-compatible
   */
  public boolean isHttpsCompatible() {
    return httpsCompatible;
  }

  /**
   * The stream's state.
   *
   * @return OK, BROKEN or CLOSED
   */
  public State state() {
    return state;
  }

  /**
   * Performs the initial handshake if it has not happened yet, or waits for the task that is
   * performing it; returns at once (after a checkpoint) if it is done. Not needed before sending or
   * receiving, which do it themselves; useful to look at {@link #session()} first.
   *
   * @throws BrokenResourceException if the handshake failed (the cause says why: an untrusted
   *     certificate, a host name mismatch...), here or in another task
   * @throws ClosedResourceException if the stream was closed
   * @throws org.trio4j.Cancelled if cancelled; a cancelled handshake breaks the stream
   */
  public void doHandshake() {
    checkState();
    ensureHandshake(true);
  }

  /**
   * The TLS session negotiated by the handshake: protocol, cipher suite, peer certificates.
   *
   * @return the session
   * @throws IllegalStateException if the handshake has not completed; call {@link #doHandshake()}
   *     first
   */
  public SSLSession session() {
    engineLock.lock();
    try {
      requireHandshake("session()");
      return driver.engine.getSession();
    } finally {
      engineLock.unlock();
    }
  }

  /**
   * The application protocol ALPN chose, if any.
   *
   * @return the protocol, or empty if ALPN was not used or chose none
   * @throws IllegalStateException if the handshake has not completed; call {@link #doHandshake()}
   *     first
   */
  public Optional<String> negotiatedApplicationProtocol() {
    engineLock.lock();
    try {
      requireHandshake("negotiatedApplicationProtocol()");
      String p = driver.engine.getApplicationProtocol();
      return p == null || p.isEmpty() ? Optional.empty() : Optional.of(p);
    } finally {
      engineLock.unlock();
    }
  }

  private void requireHandshake(String what) {
    if (!handshakeDone.isSet() || handshakeFailure != null) {
      throw new IllegalStateException(
          "the TLS handshake has not completed; call doHandshake() before " + what);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Encrypts and sends; performs the handshake first if needed. Sending an empty buffer (after
   * the handshake) is only a checkpoint.
   *
   * @throws BrokenResourceException if the stream is broken, a TLS failure happened, or the peer
   *     closed the connection
   */
  @Override
  public void sendAll(ByteBuffer data) {
    sending.enter();
    try {
      checkState();
      ensureHandshake(false);
      if (!data.hasRemaining()) {
        Lowlevel.checkpoint();
        return;
      }
      retry(d -> d.write(data), false, false);
    } finally {
      sending.exit();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Waits until the transport might accept data without blocking.
   */
  @Override
  public void waitSendAllMightNotBlock() {
    sending.enter();
    try {
      checkState();
      // A receive may be sending on the transport (renegotiation): wait our turn rather than
      // make the transport report a conflict the caller did not cause.
      sendLock.acquire();
      try {
        transport.waitSendAllMightNotBlock();
      } finally {
        sendLock.release();
      }
    } finally {
      sending.exit();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Receives and decrypts; performs the handshake first if needed. Returns -1 once the peer sent
   * close_notify (or, if HTTPS-compatible, once the transport ended).
   *
   * @throws BrokenResourceException if the stream is broken, a TLS failure happened, or the
   *     transport ended without close_notify
   */
  @Override
  public int receiveSome(ByteBuffer dst) {
    if (!dst.hasRemaining()) {
      throw new IllegalArgumentException("dst has no space remaining; pass a buffer with room");
    }
    receiving.enter();
    try {
      checkState();
      try {
        ensureHandshake(false);
      } catch (BrokenResourceException e) {
        if (httpsCompatible && RaggedEofException.isIn(e)) {
          Lowlevel.checkpoint();
          return -1;
        }
        throw e;
      }
      int[] result = new int[1];
      retry(
          d -> {
            EngineDriver.Step s = d.read(dst, httpsCompatible);
            result[0] = d.lastRead();
            return s;
          },
          false,
          false);
      return result[0];
    } finally {
      receiving.exit();
    }
  }

  /**
   * Receives whatever is available, up to an estimate that starts at 16 KiB and grows to the
   * largest chunk the transport has delivered (as Trio), or more if more is already decrypted.
   *
   * @return the bytes, or an empty array at the end of the stream
   */
  @Override
  public byte[] receiveSome() {
    int size;
    engineLock.lock();
    try {
      size = Math.max(estimatedReceiveSize, driver.bufferedPlaintext());
    } finally {
      engineLock.unlock();
    }
    return receiveSome(size);
  }

  /**
   * Sends close_notify (unless HTTPS-compatible or broken; without waiting for the peer's), then
   * closes the transport. If the handshake has not happened, it happens first. If sending fails
   * because the peer is gone, or because another task is using the stream, the transport is closed
   * all the same. A checkpoint; idempotent.
   *
   * @throws org.trio4j.Cancelled if cancelled: the transport is then closed forcefully
   * @throws BrokenResourceException if the handshake this close needed failed (the transport is
   *     still closed)
   */
  @Override
  public void close() {
    State s;
    boolean alertOnly;
    engineLock.lock();
    try {
      s = state;
      alertOnly = s == State.BROKEN && alertPending;
    } finally {
      engineLock.unlock();
    }
    boolean goodbye = alertOnly || (s == State.OK && !httpsCompatible);
    if (s == State.CLOSED) {
      Lowlevel.checkpoint();
      return;
    }
    if (!goodbye) {
      markClosed();
      transport.close();
      return;
    }
    try {
      if (alertOnly) {
        sendAlert();
      } else {
        ensureHandshake(false);
        try {
          retry(EngineDriver::closeOutbound, true, false);
        } catch (BrokenResourceException | BusyResourceException peerGoneOrInUse) {
          // Both ends closing at once is legal; so is closing while another task is stuck.
        }
      }
    } catch (Throwable t) {
      markClosed();
      try {
        transport.closeForcefully();
      } catch (Throwable u) {
        t.addSuppressed(u);
      }
      throw t;
    }
    markClosed();
    transport.close();
  }

  /** Sends the fatal alert a failed engine has queued, if the transport takes it. */
  private void sendAlert() {
    engineLock.lock();
    try {
      driver.flushAlerts();
    } catch (SSLException alreadyFailed) {
      // Nothing more to say.
    } finally {
      engineLock.unlock();
    }
    try {
      flush(true);
    } catch (BrokenResourceException | BusyResourceException | ClosedResourceException gone) {
      // The peer may be gone already; the alert was a courtesy.
    }
  }

  /**
   * Returns a snapshot of the stream, for debugging.
   *
   * @return the statistics
   */
  public SslStreamStatistics statistics() {
    engineLock.lock();
    try {
      boolean done = handshakeDone.isSet() && handshakeFailure == null;
      SSLSession s = done ? driver.engine.getSession() : null;
      return new SslStreamStatistics(
          state,
          serverSide,
          done,
          s == null ? null : s.getProtocol(),
          s == null ? null : s.getCipherSuite(),
          driver.bufferedCiphertext(),
          driver.bufferedPlaintext(),
          driver.queuedOutgoing(),
          estimatedReceiveSize,
          sending.isHeld(),
          receiving.isHeld());
    } finally {
      engineLock.unlock();
    }
  }

  @Override
  public String toString() {
    SslStreamStatistics s = statistics();
    StringBuilder b = new StringBuilder("SslStream[").append(serverSide ? "server" : "client");
    if (serverHostName != null) {
      b.append(" to ").append(serverHostName);
    }
    b.append(", ").append(s.state());
    b.append(s.handshakeComplete() ? ", " + s.protocol() + " " + s.cipherSuite() : ", handshake");
    return b.append(", over ").append(transport).append(']').toString();
  }

  // ---------------------------------------------------------------------------------------------

  /** One non-blocking step on the driver, run under engineLock. */
  @FunctionalInterface
  private interface Op {
    EngineDriver.Step step(EngineDriver driver) throws SSLException;
  }

  private void ensureHandshake(boolean checkpoint) {
    boolean mine;
    engineLock.lock();
    try {
      mine = !handshakeStarted;
      handshakeStarted = true;
    } finally {
      engineLock.unlock();
    }
    if (mine) {
      try {
        retry(EngineDriver::handshake, false, true);
      } catch (Throwable t) {
        engineLock.lock();
        try {
          handshakeFailure = t;
          markBrokenLocked(t);
        } finally {
          engineLock.unlock();
        }
        handshakeDone.set();
        throw t;
      }
      handshakeDone.set();
      return;
    }
    if (checkpoint || !handshakeDone.isSet()) {
      handshakeDone.await();
    }
    Throwable failure;
    engineLock.lock();
    try {
      failure = handshakeFailure;
    } finally {
      engineLock.unlock();
    }
    if (failure != null) {
      throw new BrokenResourceException("the TLS handshake failed in another task", failure);
    }
  }

  /** Trio's _retry: turns a non-blocking step into a blocking call. */
  private void retry(Op op, boolean ignoreWantRead, boolean isHandshake) {
    Lowlevel.checkpointIfCancelled();
    boolean yielded = false;
    while (true) {
      EngineDriver.Step next;
      boolean send;
      long seenRecvCount;
      engineLock.lock();
      try {
        int before = driver.queuedOutgoing();
        try {
          next = op.step(driver);
        } catch (SSLException e) {
          throw tlsFailed(e);
        }
        if (ignoreWantRead && next == EngineDriver.Step.WANT_READ) {
          next = EngineDriver.Step.DONE;
        }
        send = driver.queuedOutgoing() > before || next == EngineDriver.Step.AGAIN;
        if (send && isHandshake && next == EngineDriver.Step.DONE && delayLastFlight()) {
          send = false;
        }
        seenRecvCount = recvCount;
      } finally {
        engineLock.unlock();
      }
      if (send) {
        yielded = true;
        flush(false);
      } else if (next == EngineDriver.Step.WANT_READ) {
        yielded = true;
        receiveMore(seenRecvCount);
      }
      if (next == EngineDriver.Step.DONE) {
        break;
      }
    }
    if (!yielded) {
      Lowlevel.cancelShieldedCheckpoint();
    }
  }

  /** True for a TLS 1.3 server: its last handshake flight (session tickets) waits. */
  private boolean delayLastFlight() {
    return serverSide && "TLSv1.3".equals(driver.engine.getSession().getProtocol());
  }

  /** Sends everything queued, in order (see the implementation notes). */
  private void flush(boolean evenIfBroken) {
    sendLock.acquire();
    try {
      ByteBuffer out;
      engineLock.lock();
      try {
        if (state == State.BROKEN && !evenIfBroken) {
          throw broken();
        }
        if (driver.queuedOutgoing() == 0) {
          return;
        }
        out = driver.takeOutgoing();
      } finally {
        engineLock.unlock();
      }
      try {
        transport.sendAll(out);
      } catch (Throwable t) {
        // Some unknown part of the records went out: nothing may follow them.
        engineLock.lock();
        try {
          markBrokenLocked(t);
          alertPending = false;
        } finally {
          engineLock.unlock();
        }
        throw t;
      }
      engineLock.lock();
      try {
        driver.recycle(out);
      } finally {
        engineLock.unlock();
      }
    } finally {
      sendLock.release();
    }
  }

  /** Reads once from the transport, unless another task did since {@code seenRecvCount}. */
  private void receiveMore(long seenRecvCount) {
    recvLock.acquire();
    try {
      engineLock.lock();
      try {
        if (recvCount != seenRecvCount) {
          return;
        }
        if (readBuffer == null) {
          readBuffer = ByteBuffer.allocate(driver.packetSize());
        }
      } finally {
        engineLock.unlock();
      }
      ByteBuffer buf = readBuffer.clear();
      int n = transport.receiveSome(buf);
      engineLock.lock();
      try {
        if (n < 0) {
          driver.feedEof();
        } else {
          estimatedReceiveSize = Math.max(estimatedReceiveSize, n);
          readBuffer = driver.feed(buf.flip());
        }
        recvCount++;
      } finally {
        engineLock.unlock();
      }
    } finally {
      recvLock.release();
    }
  }

  private BrokenResourceException tlsFailed(SSLException e) {
    // Under engineLock.
    if (state == State.OK) {
      alertPending = !(e instanceof RaggedEofException) && !driver.engine.isOutboundDone();
    }
    markBrokenLocked(e);
    return new BrokenResourceException("TLS failed: " + e.getMessage(), e);
  }

  private void markBrokenLocked(Throwable cause) {
    if (state == State.OK) {
      state = State.BROKEN;
      brokenCause = cause;
    }
  }

  private void markClosed() {
    engineLock.lock();
    try {
      state = State.CLOSED;
    } finally {
      engineLock.unlock();
    }
  }

  private void checkState() {
    State s = state;
    if (s == State.CLOSED) {
      throw new ClosedResourceException("this SslStream was closed");
    }
    if (s == State.BROKEN) {
      engineLock.lock();
      try {
        throw broken();
      } finally {
        engineLock.unlock();
      }
    }
  }

  private BrokenResourceException broken() {
    // Under engineLock.
    return new BrokenResourceException(
        "this SslStream is broken (a TLS failure, or a send that was interrupted part way)",
        brokenCause);
  }
}
