package org.trio4j.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns Ctrl-C (SIGINT) into the cancellation of a run, for a run on the JVM's main thread, and
 * puts the previous handler back when the run ends (DESIGN rule 18).
 */
public final class SigintHandler {
  /*
   * Implementation notes (after Trio's _core/_ki.py and its rule: "install the handler only on the
   * main thread, and only if the current handler is the default one").
   *
   * The JDK's own SIGINT handler (java.lang.Terminator) starts the shutdown sequence: shutdown
   * hooks run, but no finally block of a running thread does. While a run is on the main thread
   * we replace it with a handler that asks the run's timer loop to cancel the run
   * (Runner.requestInterrupt), so every task unwinds through its finally blocks and Trio.run then
   * throws KeyboardInterrupt. The handler itself runs on a short-lived thread the JVM starts per
   * signal; it only sets a counter and unparks the loop, so it is safe to receive any number of
   * times: a second Ctrl-C while the run unwinds cancels an already cancelled run, which is a no-op
   * (CancelScope.cancel is idempotent), and logs (INFO) that the run is already on its way out, so
   * that a user who presses Ctrl-C again is told why the program has not exited yet. Restoring the previous handler happens after the run has
   * finished, so a Ctrl-C that arrives while finally blocks still run is ours too.
   *
   * "Only if the current handler is the default": sun.misc.Signal can only tell which handler was
   * installed by replacing it. We install ours and look at what it replaced. The JDK's default
   * handler comes back as a wrapper class nested in sun.misc.Signal (a user's handler comes back as
   * itself) or as SIG_DFL; anything else, and SIG_IGN (SIGINT ignored, as for a background job of
   * a non-interactive shell), is put back at once and this run does not handle Ctrl-C. The window
   * in which our handler stands in for someone else's is a few instructions long.
   *
   * "The main thread": Java has no API for it; we take the platform thread named "main" (the
   * thread the launcher runs main() on). Tests run on other threads and never install anything.
   *
   * sun.misc.Signal lives in jdk.unsupported, which the module requires (a plain `requires`, not
   * `requires static`: with `static` the module is not resolved in a modular application unless
   * the application adds it, so Ctrl-C handling would silently be off). It is used reflectively
   * (see Installer). A JVM started with -Xrs refuses SIGINT handlers; a runtime image without the
   * module has no sun.misc.Signal. Both just leave Ctrl-C to the JVM, as before.
   *
   * All installs and restores are serialised on LOCK.
   */

  private static final System.Logger LOG = System.getLogger("org.trio4j");
  private static final Object LOCK = new Object();

  private final AtomicInteger received = new AtomicInteger();

  // Written under LOCK by install and restore.
  private Object previous;
  private boolean installed;

  private SigintHandler() {}

  /**
   * Installs a Ctrl-C handler for {@code runner} if the calling thread is the main thread and
   * SIGINT has its default handler; otherwise returns a handler object that does nothing.
   *
   * @param runner the run that Ctrl-C cancels
   * @return call {@link #restore()} on it when the run has finished
   */
  public static SigintHandler install(Runner runner) {
    SigintHandler h = new SigintHandler();
    Thread t = Thread.currentThread();
    if (t.isVirtual() || !"main".equals(t.getName())) {
      return h;
    }
    try {
      synchronized (LOCK) {
        Installer.install(h, runner);
      }
    } catch (LinkageError | RuntimeException e) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "cannot install a SIGINT handler; Ctrl-C will not cancel the run gracefully",
          e);
    }
    return h;
  }

  /** Puts back the handler that was replaced, if one was. Idempotent. */
  public void restore() {
    try {
      synchronized (LOCK) {
        if (installed) {
          installed = false;
          Installer.restore(previous);
        }
      }
    } catch (LinkageError | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot restore the previous SIGINT handler", e);
    }
  }

  /**
   * Tells whether Ctrl-C was received while this handler was installed.
   *
   * @return true if at least one SIGINT arrived
   */
  public boolean received() {
    return received.get() > 0;
  }

  /**
   * Returns how many SIGINTs arrived while this handler was installed.
   *
   * @return the count
   */
  public int receivedCount() {
    return received.get();
  }

  private void onSigint(Runner runner) {
    int n = received.incrementAndGet();
    runner.requestInterrupt();
    if (n > 1) {
      LOG.log(
          System.Logger.Level.INFO,
          "Ctrl-C again ("
              + n
              + " times): the run is already cancelled and ends as soon as its"
              + " tasks have finished cleaning up");
    }
  }

  @Override
  public String toString() {
    return "SigintHandler["
        + (installed ? "installed" : "not installed")
        + ", received="
        + received
        + "]";
  }

  /**
   * Everything that touches sun.misc.Signal, through reflection: javac reports every compile-time
   * use of sun.misc as "internal proprietary API", a warning that cannot be suppressed and that
   * -Werror turns into an error. Reflection also makes a runtime without jdk.unsupported one
   * ReflectiveOperationException instead of a linkage failure.
   */
  private static final class Installer {
    private static final Class<?> SIGNAL;
    private static final Class<?> HANDLER;
    private static final Object INT;
    private static final Object SIG_DFL;
    private static final Object SIG_IGN;
    private static final Method HANDLE;

    static {
      try {
        SIGNAL = Class.forName("sun.misc.Signal");
        HANDLER = Class.forName("sun.misc.SignalHandler");
        INT = SIGNAL.getConstructor(String.class).newInstance("INT");
        SIG_DFL = HANDLER.getField("SIG_DFL").get(null);
        SIG_IGN = HANDLER.getField("SIG_IGN").get(null);
        HANDLE = SIGNAL.getMethod("handle", SIGNAL, HANDLER);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("sun.misc.Signal is not available", e);
      }
    }

    static void install(SigintHandler h, Runner runner) {
      InvocationHandler onSignal =
          (proxy, method, args) ->
              switch (method.getName()) {
                case "handle" -> {
                  h.onSigint(runner);
                  yield null;
                }
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "trio4j SIGINT handler for " + h;
              };
      Object ours =
          Proxy.newProxyInstance(
              SigintHandler.class.getClassLoader(), new Class<?>[] {HANDLER}, onSignal);
      Object old = handle(ours);
      boolean isDefault =
          old == SIG_DFL || (old != SIG_IGN && old.getClass().getEnclosingClass() == SIGNAL);
      if (isDefault) {
        h.previous = old;
        h.installed = true;
      } else {
        handle(old);
      }
    }

    static void restore(Object previous) {
      handle(previous);
    }

    private static Object handle(Object handler) {
      try {
        return HANDLE.invoke(null, INT, handler);
      } catch (InvocationTargetException e) {
        Throwable c = e.getCause();
        throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
