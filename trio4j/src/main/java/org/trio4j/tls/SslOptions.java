package org.trio4j.tls;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;

/**
 * Settings of an {@link SslStream} beyond its {@link javax.net.ssl.SSLContext} and role, shared by
 * {@link SslListener} and the TLS helpers of {@code org.trio4j.net}.
 *
 * {@snippet :
 * SslOptions options = SslOptions.builder()
 *     .applicationProtocols("h2", "http/1.1")
 *     .httpsCompatible(true)
 *     .configureEngine(engine -> engine.setNeedClientAuth(true))
 *     .build();
 * }
 *
 * @param applicationProtocols the ALPN protocols to offer (client) or accept (server), in order of
 *     preference; empty for no ALPN
 * @param httpsCompatible whether to skip close_notify, as HTTPS peers commonly do: close() then
 *     sends none, and an end of the transport without one reads as a clean end of stream instead of
 *     failing with {@link org.trio4j.BrokenResourceException} (Trio's {@code https_compatible})
 * @param engineConfigurer called on each new engine after trio4j's own settings (client mode, host
 *     name verification, SNI, ALPN), for anything else: client authentication, protocols, cipher
 *     suites; it may also undo trio4j's settings, at its own risk
 */
public record SslOptions(
    List<String> applicationProtocols,
    boolean httpsCompatible,
    Consumer<? super SSLEngine> engineConfigurer) {
  private static final SslOptions DEFAULTS = builder().build();

  /**
   * Checks and copies the settings.
   *
   * @throws NullPointerException if a setting is null
   */
  public SslOptions {
    applicationProtocols = List.copyOf(applicationProtocols);
    Objects.requireNonNull(engineConfigurer, "engineConfigurer");
  }

  /**
   * The default settings: no ALPN, close_notify sent and required, the engine as the context makes
   * it.
   *
   * @return the defaults
   */
  public static SslOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Starts from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link SslOptions}. Not thread-safe. */
  public static final class Builder {
    private List<String> applicationProtocols = List.of();
    private boolean httpsCompatible;
    private Consumer<? super SSLEngine> engineConfigurer = engine -> {};

    private Builder() {}

    /**
     * Sets the ALPN protocols, most preferred first.
     *
     * @param protocols protocol names such as {@code "h2"}
     * @return this builder
     */
    public Builder applicationProtocols(String... protocols) {
      this.applicationProtocols = List.of(protocols);
      return this;
    }

    /**
     * Sets whether close_notify is skipped (see {@link SslOptions#httpsCompatible()}).
     *
     * @param httpsCompatible true to skip it
     * @return this builder
     */
    public Builder httpsCompatible(boolean httpsCompatible) {
      this.httpsCompatible = httpsCompatible;
      return this;
    }

    /**
     * Sets a hook that adjusts each new engine (see {@link SslOptions#engineConfigurer()}).
     *
     * @param configurer the hook
     * @return this builder
     */
    public Builder configureEngine(Consumer<? super SSLEngine> configurer) {
      this.engineConfigurer = Objects.requireNonNull(configurer, "configurer");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public SslOptions build() {
      return new SslOptions(applicationProtocols, httpsCompatible, engineConfigurer);
    }
  }
}
