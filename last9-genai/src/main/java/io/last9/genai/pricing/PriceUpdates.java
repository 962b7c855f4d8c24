/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the optional price updater, which keeps the genai-prices catalog current without a
 * release.
 *
 * <p>With price updates on, a daemon thread fetches the data file at {@link #url()} once at
 * start-up and then every {@link #interval()}, with the JDK's HTTP client and {@link #timeout()}
 * for connecting and for the whole exchange. A redirect is followed only to the same origin
 * (scheme, host and port), at most {@value #MAX_REDIRECTS} times: a redirect to another host is
 * refused with a warning, since nothing outside the process is trusted beyond the address
 * configured.
 *
 * <p>A file that parses and validates as a whole replaces the catalog atomically: a span is priced
 * entirely by the old catalog or entirely by the new one. It is refused, and the prices in force
 * stay, when it would be a downgrade: data older than the data in force (by the server's {@code
 * Last-Modified}), or a file that lacks some of the models in force (an older or slimmer file,
 * which would take a free model from $0 to unpriced or leave a paid one unpriced). {@link
 * Builder#allowDowngrade(boolean)} installs such files anyway. On any failure (network, HTTP
 * status, a redirect elsewhere, a hang past the timeout, JSON, a price genai-prices would refuse, a
 * downgrade) the previous catalog stays in force and the failure is logged, once per kind of
 * failure. Span processing never waits for the updater.
 *
 * <p>The genai-prices format carries no date, so the date of fetched data is the server's {@code
 * Last-Modified} (never later than the time of the fetch), or the time of the fetch when the server
 * sends none (GitHub's raw files do not). Costs priced by the catalog carry that date at the end of
 * their price source: {@code genai-prices:<provider>/<model>@<yyyy-mm-dd>}; the bundled data's date
 * is the date of the genai-prices commit it was made from.
 *
 * <p>With the bundled catalog off ({@code bundledCatalog(false)}), price updates supply the
 * catalog: until the first file is installed, calls the other sources do not price are unpriced.
 *
 * <pre>{@code
 * Last9SpanProcessor.builder().priceUpdates(PriceUpdates.defaults()).build();
 * }</pre>
 *
 * <p>Configuration properties: {@code otel.last9.genai.pricing.updates.enabled} (default false),
 * {@code otel.last9.genai.pricing.updates.url}, {@code otel.last9.genai.pricing.updates.interval}
 * (default 1h), {@code otel.last9.genai.pricing.updates.timeout} (default 10s), {@code
 * otel.last9.genai.pricing.updates.allow-downgrade} (default false).
 */
public final class PriceUpdates {

  /**
   * genai-prices' own published data file: the full one, which keeps the free models (its {@code
   * data_slim.json} leaves them out, so with it free models would be unpriced).
   */
  public static final URI DEFAULT_URL =
      URI.create(
          "https://raw.githubusercontent.com/pydantic/genai-prices/refs/heads/main/prices/new_data/v2/data.json");

  /** Default time between fetches. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

  /** Default timeout for connecting and for the whole response. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The most same-origin redirects followed in one fetch. */
  public static final int MAX_REDIRECTS = 5;

  private final URI url;
  private final Duration interval;
  private final Duration timeout;
  private final boolean allowDowngrade;

  private PriceUpdates(Builder b) {
    this.url = b.url;
    this.interval = b.interval;
    this.timeout = b.timeout;
    this.allowDowngrade = b.allowDowngrade;
  }

  /** Updates from {@link #DEFAULT_URL} every hour, with a 10-second timeout. */
  public static PriceUpdates defaults() {
    return builder().build();
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Where the genai-prices data file is fetched from ({@code http} or {@code https}). */
  public URI url() {
    return url;
  }

  /** Time between fetches. */
  public Duration interval() {
    return interval;
  }

  /** Timeout for connecting and for the whole response. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Whether a file older than the data in force, or lacking some of its models, is installed all
   * the same (default false).
   */
  public boolean allowDowngrade() {
    return allowDowngrade;
  }

  @Override
  public String toString() {
    return "PriceUpdates{url="
        + url
        + ", interval="
        + interval
        + ", timeout="
        + timeout
        + ", allowDowngrade="
        + allowDowngrade
        + '}';
  }

  /** Builder for {@link PriceUpdates}. */
  public static final class Builder {
    private URI url = DEFAULT_URL;
    private Duration interval = DEFAULT_INTERVAL;
    private Duration timeout = DEFAULT_TIMEOUT;
    private boolean allowDowngrade;

    private Builder() {}

    /**
     * The data file's URL ({@code http} or {@code https}, with a host; default {@link
     * #DEFAULT_URL}).
     */
    public Builder url(URI url) {
      Objects.requireNonNull(url, "url");
      String scheme =
          url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("price updates: url must be http or https, was " + url);
      }
      if (url.getHost() == null) {
        // the host is the origin redirects are checked against
        throw new IllegalArgumentException("price updates: url must name a host, was " + url);
      }
      this.url = url;
      return this;
    }

    /** Time between fetches (default 1 hour; at least 1 second). */
    public Builder interval(Duration interval) {
      if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException(
            "price updates: interval must be at least 1s, was " + interval);
      }
      this.interval = interval;
      return this;
    }

    /** Timeout for connecting and for the whole response (default 10 seconds; more than 0). */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException(
            "price updates: timeout must be more than 0, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Installs a fetched file even when it is older than the data in force (by its {@code
     * Last-Modified}) or lacks some of its models (default false: such a file is refused with a
     * warning, and the prices in force stay). For a mirror you maintain and trust to go back.
     */
    public Builder allowDowngrade(boolean allow) {
      this.allowDowngrade = allow;
      return this;
    }

    /** Builds the settings. */
    public PriceUpdates build() {
      return new PriceUpdates(this);
    }
  }
}
