package io.last9.genai.internal.setup;

import io.last9.genai.InMemoryTurnStore;
import io.last9.genai.Last9SpanProcessor;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.nio.file.Paths;

/**
 * Adds {@link Last9SpanProcessor} to every SDK built by {@code opentelemetry-sdk-extension-autoconfigure} (and by
 * the Java agent, when this jar is an agent extension), configured from properties alone:
 *
 * <ul>
 *   <li>{@code otel.last9.genai.enabled} (default true)
 *   <li>{@code otel.last9.genai.pricing.files}: comma-separated genai-prices files
 *   <li>{@code otel.last9.genai.pricing.bundled} (default true)
 *   <li>{@code otel.last9.genai.cost.enabled} (default true)
 *   <li>{@code otel.last9.genai.turns.max-conversations} (default 100000)
 *   <li>{@code otel.last9.genai.turns.idle-expiry} (default 24h)
 *   <li>{@code otel.last9.genai.baggage.enabled}: stamp ids received as W3C Baggage (default false)
 * </ul>
 */
public final class Last9AutoConfigurationCustomizerProvider implements AutoConfigurationCustomizerProvider {

  /** Set by {@code Last9GenAi.install()}, which adds its own programmatically configured processor. */
  public static final String INSTALLED_PROGRAMMATICALLY = "last9.genai.internal.installed";

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    customizer.addTracerProviderCustomizer((builder, config) -> {
      if (config.getBoolean(INSTALLED_PROGRAMMATICALLY, false)
          || !config.getBoolean("otel.last9.genai.enabled", true)) {
        return builder;
      }
      return builder.addSpanProcessor(fromConfig(config));
    });
  }

  /** Builds the processor from configuration; a malformed pricing file fails start-up with its name. */
  public static Last9SpanProcessor fromConfig(ConfigProperties config) {
    Last9SpanProcessor.Builder b = Last9SpanProcessor.builder()
        .bundledCatalog(config.getBoolean("otel.last9.genai.pricing.bundled", true))
        .costTracking(config.getBoolean("otel.last9.genai.cost.enabled", true))
        .stampFromBaggage(config.getBoolean("otel.last9.genai.baggage.enabled", false))
        .turnStore(InMemoryTurnStore.builder()
            .maximumConversations(config.getLong("otel.last9.genai.turns.max-conversations",
                InMemoryTurnStore.DEFAULT_MAXIMUM_CONVERSATIONS))
            .expireAfterIdle(config.getDuration("otel.last9.genai.turns.idle-expiry",
                InMemoryTurnStore.DEFAULT_EXPIRE_AFTER_IDLE))
            .build());
    for (String file : config.getList("otel.last9.genai.pricing.files")) {
      b.addPricingFile(Paths.get(file));
    }
    return b.build();
  }

  @Override
  public int order() {
    return 0;
  }
}
