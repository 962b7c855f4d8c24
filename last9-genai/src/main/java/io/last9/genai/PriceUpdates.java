/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the optional price updater, which keeps the genai-prices catalog current without a
 * release.
 *
 * <p>With price updates on, a daemon thread fetches the data file at {@link #url()} once at
 * start-up and then every {@link #interval()}, with the JDK's HTTP client and {@link #timeout()}
 * for connecting and for the whole response. A file that parses and validates as a whole replaces
 * the catalog atomically: a span is priced entirely by the old catalog or entirely by the new one.
 * On any failure (network, HTTP status, a hang past the timeout, JSON, a price genai-prices would
 * refuse) the previous catalog stays in force and the failure is logged, once per kind of failure.
 * Span processing never waits for the updater. Costs priced by fetched data carry the price source
 * {@code genai-prices@<version>:<provider>/<model>}, {@code <version>} being the first 12 hex
 * digits of the SHA-256 of the file.
 *
 * <pre>{@code
 * Last9SpanProcessor.builder().priceUpdates(PriceUpdates.defaults()).build();
 * }</pre>
 *
 * <p>Configuration properties: {@code otel.last9.genai.pricing.updates.enabled} (default false),
 * {@code otel.last9.genai.pricing.updates.url}, {@code otel.last9.genai.pricing.updates.interval}
 * (default 1h), {@code otel.last9.genai.pricing.updates.timeout} (default 10s).
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

  private final URI url;
  private final Duration interval;
  private final Duration timeout;

  private PriceUpdates(URI url, Duration interval, Duration timeout) {
    this.url = url;
    this.interval = interval;
    this.timeout = timeout;
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

  @Override
  public String toString() {
    return "PriceUpdates{url=" + url + ", interval=" + interval + ", timeout=" + timeout + '}';
  }

  /** Builder for {@link PriceUpdates}. */
  public static final class Builder {
    private URI url = DEFAULT_URL;
    private Duration interval = DEFAULT_INTERVAL;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder() {}

    /** The data file's URL ({@code http} or {@code https}; default {@link #DEFAULT_URL}). */
    public Builder url(URI url) {
      Objects.requireNonNull(url, "url");
      String scheme =
          url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("price updates: url must be http or https, was " + url);
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

    /** Builds the settings. */
    public PriceUpdates build() {
      return new PriceUpdates(url, interval, timeout);
    }
  }
}
