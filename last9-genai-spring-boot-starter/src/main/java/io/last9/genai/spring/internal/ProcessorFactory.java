/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.InMemoryTurnStore;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.TurnStore;
import io.last9.genai.content.RedactionRules;
import io.last9.genai.pricing.CostMetricSink;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.pricing.PriceUpdates;
import io.last9.genai.pricing.internal.PricingFileError;
import io.last9.genai.spring.Last9GenAiProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Builds the processor from {@code last9.genai.*}. Wrong configuration fails start-up with Boot's
 * {@link InvalidConfigurationPropertyValueException}, whose failure report names the property, its
 * value and the reason.
 */
final class ProcessorFactory {

  static final String PREFIX = "last9.genai.";

  private ProcessorFactory() {}

  static Last9SpanProcessor build(
      Last9GenAiProperties p, ResourceLoader resources, TurnStore turnStore, CostMetricSink sink) {
    Last9SpanProcessor.Builder b =
        Last9SpanProcessor.builder()
            .costTracking(p.isCostTracking())
            .stampFromBaggage(p.getBaggage().isStamp())
            .bundledCatalog(p.getPricing().isBundled())
            .pricing(pricing(p.getPricing().getModels()))
            .turnStore(turnStore != null ? turnStore : turnStore(p.getTurns()));
    PriceUpdates updates = priceUpdates(p.getPricing());
    if (updates != null) {
      b.priceUpdates(updates);
    }
    try {
      b.baggageKeys(p.getBaggage().getKeys());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          PREFIX + "baggage.keys", p.getBaggage().getKeys(), e.getMessage());
    }
    List<String> files = p.getPricing().getFiles();
    for (int i = 0; i < files.size(); i++) {
      String property = PREFIX + "pricing.files[" + i + "]";
      Path file = resolve(resources, files.get(i), property);
      try {
        b.addPricingFile(file);
      } catch (RuntimeException e) {
        // the core names the builder method; Boot's report names the property, so only the file
        // and the problem are kept
        String reason =
            e.getCause() instanceof PricingFileError ? e.getCause().getMessage() : e.getMessage();
        throw new InvalidConfigurationPropertyValueException(property, files.get(i), reason);
      }
    }
    if (sink != null) {
      b.costMetricSink(sink);
    }
    b.legacyContentKeys(p.getContent().isLegacyKeys());
    RedactionRules rules = redactionRules(p.getContent().getRedact());
    if (rules != null) {
      b.contentRedaction(rules);
    }
    return b.build();
  }

  /** The rules {@code last9.genai.content.redact.*} enables, or null when none is. */
  static RedactionRules redactionRules(Last9GenAiProperties.Redact r) {
    RedactionRules.Builder rules =
        RedactionRules.builder()
            .emails(r.isEmails())
            .phoneNumbers(r.isPhoneNumbers())
            .cardNumbers(r.isCardNumbers())
            .apiKeys(r.isApiKeys());
    if (r.getHashKey() != null && !r.getHashKey().isEmpty()) {
      rules.hashKey(r.getHashKey());
    }
    RedactionRules built = rules.build();
    return built.isEmpty() ? null : built;
  }

  static Map<String, ModelPricing> pricing(Map<String, Last9GenAiProperties.ModelPrice> models) {
    Map<String, ModelPricing> out = new LinkedHashMap<>();
    for (Map.Entry<String, Last9GenAiProperties.ModelPrice> e : models.entrySet()) {
      String base = PREFIX + "pricing.models[" + e.getKey() + "].";
      Last9GenAiProperties.ModelPrice m = e.getValue();
      ModelPricing.Builder price = ModelPricing.builder();
      PropertyChecks.set(base + "input", required(m.getInput(), base + "input"), price::input);
      PropertyChecks.set(base + "output", required(m.getOutput(), base + "output"), price::output);
      PropertyChecks.setIfPresent(base + "cache-read", m.getCacheRead(), price::cacheRead);
      PropertyChecks.setIfPresent(base + "cache-write", m.getCacheWrite(), price::cacheWrite);
      if (m.getCacheWrite1h() != null && m.getCacheWrite() == null) {
        throw new InvalidConfigurationPropertyValueException(
            base + "cache-write-1h",
            m.getCacheWrite1h(),
            "a 1-hour cache write price needs the 5-minute one too (" + base + "cache-write)");
      }
      PropertyChecks.setIfPresent(
          base + "cache-write-1h", m.getCacheWrite1h(), price::cacheWrite1h);
      try {
        out.put(e.getKey(), price.build());
      } catch (IllegalArgumentException invalid) {
        throw new InvalidConfigurationPropertyValueException(
            PREFIX + "pricing.models[" + e.getKey() + "]", e.getKey(), invalid.getMessage());
      }
    }
    return out;
  }

  /** The price updater's settings, or null when it is off. */
  static PriceUpdates priceUpdates(Last9GenAiProperties.Pricing pricing) {
    Last9GenAiProperties.Updates u = pricing.getUpdates();
    if (!u.isEnabled()) {
      return null;
    }
    String base = PREFIX + "pricing.updates.";
    PriceUpdates.Builder b = PriceUpdates.builder();
    if (u.getUrl() != null && !u.getUrl().isBlank()) {
      PropertyChecks.set(base + "url", u.getUrl(), url -> b.url(URI.create(url.trim())));
    }
    PropertyChecks.set(base + "interval", u.getInterval(), b::interval);
    PropertyChecks.set(base + "timeout", u.getTimeout(), b::timeout);
    b.allowDowngrade(u.isAllowDowngrade());
    return b.build();
  }

  static TurnStore turnStore(Last9GenAiProperties.Turns t) {
    if (t.getMaxConversations() <= 0) {
      throw new InvalidConfigurationPropertyValueException(
          PREFIX + "turns.max-conversations", t.getMaxConversations(), "it must be positive");
    }
    if (t.getIdleExpiry() == null || t.getIdleExpiry().isNegative() || t.getIdleExpiry().isZero()) {
      throw new InvalidConfigurationPropertyValueException(
          PREFIX + "turns.idle-expiry", t.getIdleExpiry(), "it must be a positive duration");
    }
    return InMemoryTurnStore.builder()
        .maximumConversations(t.getMaxConversations())
        .expireAfterIdle(t.getIdleExpiry())
        .build();
  }

  private static double required(Double v, String property) {
    if (v == null) {
      throw new InvalidConfigurationPropertyValueException(
          property,
          null,
          "a model's input and output prices are both required (USD per million tokens)");
    }
    return v;
  }

  /**
   * A file on disk for {@code location}; a resource inside a jar is copied to a temporary file
   * first.
   */
  private static Path resolve(ResourceLoader resources, String location, String property) {
    Resource r = resources.getResource(location);
    if (!r.exists() || !r.isReadable()) {
      throw new InvalidConfigurationPropertyValueException(
          property, location, "the pricing file does not exist or cannot be read");
    }
    try {
      if (r.isFile()) {
        return r.getFile().toPath();
      }
      Path copy = Files.createTempFile("last9-genai-pricing-", ".json");
      copy.toFile().deleteOnExit();
      try (InputStream in = r.getInputStream()) {
        Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      }
      return copy;
    } catch (IOException e) {
      throw new InvalidConfigurationPropertyValueException(
          property, location, "the pricing file could not be read: " + e);
    }
  }
}
