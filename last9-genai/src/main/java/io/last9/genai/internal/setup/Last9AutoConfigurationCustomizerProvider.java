/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import io.last9.genai.InMemoryTurnStore;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.TurnStore;
import io.last9.genai.content.RedactionRules;
import io.last9.genai.internal.BooleanValues;
import io.last9.genai.internal.HostTelemetry;
import io.last9.genai.pricing.PriceUpdates;
import io.last9.genai.pricing.internal.PricingFileError;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.internal.AutoConfigureListener;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

/**
 * Adds {@link Last9SpanProcessor} to every SDK built by {@code
 * opentelemetry-sdk-extension-autoconfigure} (and by the Java agent, through the {@code
 * last9-genai-javaagent-extension}), configured from properties alone:
 *
 * <ul>
 *   <li>{@code otel.last9.genai.enabled} (default true)
 *   <li>{@code otel.last9.genai.pricing.files}: comma-separated genai-prices files
 *   <li>{@code otel.last9.genai.pricing.bundled} (default true)
 *   <li>{@code otel.last9.genai.pricing.updates.enabled} (default false), {@code ...updates.url},
 *       {@code ...updates.interval} (default 1h), {@code ...updates.timeout} (default 10s), {@code
 *       ...updates.allow-downgrade} (default false): see {@link
 *       io.last9.genai.pricing.PriceUpdates}; with the bundled catalog off, the fetched data is the
 *       catalog
 *   <li>{@code otel.last9.genai.cost.enabled} (default true)
 *   <li>{@code otel.last9.genai.turns.max-conversations} (default 100000)
 *   <li>{@code otel.last9.genai.turns.idle-expiry} (default 24h)
 *   <li>{@code otel.last9.genai.baggage.enabled}: stamp ids received as W3C Baggage (default false)
 *   <li>{@code otel.last9.genai.baggage.keys}: the Baggage entries stamped (default: conversation
 *       id, turn, workflow id and type)
 *   <li>{@code otel.last9.genai.sampler.record-dropped}: record, without exporting, the GenAI spans
 *       the sampler drops, so their cost still counts (default true; see {@link
 *       CostPreservingSamplerCustomizer})
 * </ul>
 *
 * <p>A module that registers a {@link TurnStoreProvider} (such as {@code last9-genai-redis}) and is
 * configured replaces the in-memory turn store.
 *
 * <p>Booleans accept true/false, yes/no, on/off, 1/0 and enabled/disabled; any other value, like
 * any invalid number, duration or pricing file, fails start-up with a {@link
 * ConfigurationException} that names the property.
 *
 * <p>The cost metric is recorded to the meter provider of the SDK being built, and the library's
 * own spans (observed calls, workflows) use that SDK when the application passes none, whether or
 * not it is registered as the global instance. That hand-over uses the SDK's {@code
 * AutoConfigureListener}, an internal autoconfigure interface present in every supported SDK
 * version (1.49+).
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class Last9AutoConfigurationCustomizerProvider
    implements AutoConfigurationCustomizerProvider, AutoConfigureListener {

  /**
   * Set by {@code Last9GenAi.install()}, which adds its own programmatically configured processor.
   */
  public static final String INSTALLED_PROGRAMMATICALLY = "last9.genai.internal.installed";

  private volatile OpenTelemetrySdk built;

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    customizer.addTracerProviderCustomizer(
        (builder, config) -> {
          if (config.getBoolean(INSTALLED_PROGRAMMATICALLY, false) || !enabled(config)) {
            return builder;
          }
          Last9SpanProcessor.Builder processor = builderFromConfig(config);
          processor.meterProviderSupplier(this::meterProvider);
          return builder.addSpanProcessor(processor.build());
        });
    customizer.addSamplerCustomizer(CostPreservingSamplerCustomizer::customize);
  }

  @Override
  public void afterAutoConfigure(OpenTelemetrySdk sdk) {
    this.built = sdk;
    if (HostTelemetry.preferred() == null) {
      HostTelemetry.setPreferred(sdk);
    }
  }

  private MeterProvider meterProvider() {
    OpenTelemetrySdk sdk = built;
    return sdk != null ? sdk.getMeterProvider() : HostTelemetry.meterProvider();
  }

  /** Whether {@code otel.last9.genai.enabled} leaves the processor on (default true). */
  public static boolean enabled(ConfigProperties config) {
    return flag(config, "otel.last9.genai.enabled", true);
  }

  /** Builds the processor from configuration; invalid settings fail with the property's name. */
  public static Last9SpanProcessor fromConfig(ConfigProperties config) {
    return builderFromConfig(config).build();
  }

  /** A processor builder configured from {@code otel.last9.genai.*}. */
  public static Last9SpanProcessor.Builder builderFromConfig(ConfigProperties config) {
    Last9SpanProcessor.Builder b =
        Last9SpanProcessor.builder()
            .bundledCatalog(flag(config, "otel.last9.genai.pricing.bundled", true))
            .costTracking(flag(config, "otel.last9.genai.cost.enabled", true))
            .stampFromBaggage(flag(config, "otel.last9.genai.baggage.enabled", false));
    List<String> keys = config.getList("otel.last9.genai.baggage.keys");
    if (!keys.isEmpty()) {
      try {
        b.baggageKeys(keys);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("otel.last9.genai.baggage.keys: " + e.getMessage(), e);
      }
    }
    TurnStore configured = TurnStoreProvider.configured(config);
    b.turnStore(configured != null ? configured : turnStore(config));
    if (flag(config, "otel.last9.genai.pricing.updates.enabled", false)) {
      b.priceUpdates(priceUpdates(config));
    }
    b.legacyContentKeys(flag(config, "otel.last9.genai.content.legacy-keys", false));
    RedactionRules rules = redactionRules(config);
    if (rules != null) {
      b.contentRedaction(rules);
    }
    String files = "otel.last9.genai.pricing.files";
    for (String file : config.getList(files)) {
      try {
        b.addPricingFile(Paths.get(file));
      } catch (ConfigurationException e) {
        if (e.getCause() instanceof PricingFileError) {
          // the property named the file, not the builder method
          throw ((PricingFileError) e.getCause()).toConfigurationException(files);
        }
        throw e;
      } catch (RuntimeException e) {
        throw new ConfigurationException(files + ": " + e.getMessage(), e);
      }
    }
    return b;
  }

  /**
   * The redaction rules {@code otel.last9.genai.content.redact.*} enables ({@code emails}, {@code
   * phone-numbers}, {@code card-numbers}, {@code api-keys}, and {@code hash-key}), or null when
   * none is.
   */
  static RedactionRules redactionRules(ConfigProperties config) {
    String prefix = "otel.last9.genai.content.redact.";
    RedactionRules.Builder rules =
        RedactionRules.builder()
            .emails(flag(config, prefix + "emails", false))
            .phoneNumbers(flag(config, prefix + "phone-numbers", false))
            .cardNumbers(flag(config, prefix + "card-numbers", false))
            .apiKeys(flag(config, prefix + "api-keys", false));
    String key = config.getString(prefix + "hash-key");
    if (key != null && !key.isEmpty()) {
      rules.hashKey(key);
    }
    RedactionRules built = rules.build();
    return built.isEmpty() ? null : built;
  }

  private static PriceUpdates priceUpdates(ConfigProperties config) {
    PriceUpdates.Builder updates = PriceUpdates.builder();
    String url = "otel.last9.genai.pricing.updates.url";
    String interval = "otel.last9.genai.pricing.updates.interval";
    String timeout = "otel.last9.genai.pricing.updates.timeout";
    String allowDowngrade = "otel.last9.genai.pricing.updates.allow-downgrade";
    String current = url;
    try {
      String u = config.getString(url);
      if (u != null && !u.isBlank()) {
        updates.url(java.net.URI.create(u.trim()));
      }
      current = interval;
      updates.interval(config.getDuration(interval, PriceUpdates.DEFAULT_INTERVAL));
      current = timeout;
      updates.timeout(config.getDuration(timeout, PriceUpdates.DEFAULT_TIMEOUT));
    } catch (RuntimeException e) {
      throw new ConfigurationException(current + ": " + e.getMessage(), e);
    }
    updates.allowDowngrade(flag(config, allowDowngrade, false));
    return updates.build();
  }

  private static InMemoryTurnStore turnStore(ConfigProperties config) {
    InMemoryTurnStore.Builder turns = InMemoryTurnStore.builder();
    String max = "otel.last9.genai.turns.max-conversations";
    try {
      turns.maximumConversations(
          config.getLong(max, InMemoryTurnStore.DEFAULT_MAXIMUM_CONVERSATIONS));
    } catch (RuntimeException e) {
      throw new ConfigurationException(max + ": " + e.getMessage(), e);
    }
    String idle = "otel.last9.genai.turns.idle-expiry";
    try {
      Duration d = config.getDuration(idle, InMemoryTurnStore.DEFAULT_EXPIRE_AFTER_IDLE);
      turns.expireAfterIdle(d);
    } catch (RuntimeException e) {
      throw new ConfigurationException(idle + ": " + e.getMessage(), e);
    }
    return turns.build();
  }

  /** A boolean property in any of the usual spellings; anything else fails naming the property. */
  static boolean flag(ConfigProperties config, String name, boolean defaultValue) {
    String v = config.getString(name);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    Boolean parsed = BooleanValues.parse(v);
    if (parsed == null) {
      throw new ConfigurationException(
          name + " must be a boolean (" + BooleanValues.SPELLINGS + "), was '" + v + "'");
    }
    return parsed;
  }

  @Override
  public int order() {
    return 0;
  }
}
