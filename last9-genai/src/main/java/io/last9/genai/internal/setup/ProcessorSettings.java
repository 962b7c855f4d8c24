/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import io.last9.genai.Last9Limits;
import io.last9.genai.Last9LimitsBuilder;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.Last9SpanProcessorBuilder;
import io.last9.genai.content.RedactionRules;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.pricing.PriceUpdates;
import io.last9.genai.pricing.internal.PricingFileError;
import io.last9.genai.turns.InMemoryTurnStore;
import io.last9.genai.turns.TurnStore;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Configures {@link Last9SpanProcessorBuilder} from {@link Settings}: the one mapping from setting
 * names to the processor's builder, shared by every set-up so that a setting means the same thing
 * wherever it is written.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ProcessorSettings {

  /**
   * The fields of a model price, in the order the short form {@code input/output/...} lists them.
   */
  private static final List<String> PRICE_FIELDS =
      List.of("input", "output", "cache-read", "cache-write", "cache-write-1h");

  private ProcessorSettings() {}

  /** Whether {@code enabled} leaves the processor on (default true). */
  public static boolean enabled(Settings s) {
    return s.flag("enabled", true);
  }

  /**
   * A processor builder configured from {@code s}; {@code turnStore}, when not null, is used
   * instead of the one the settings describe.
   */
  public static Last9SpanProcessorBuilder builder(Settings s, TurnStore turnStore) {
    return builder(s, turnStore, TurnStoreProvider.class.getClassLoader());
  }

  /**
   * A processor builder configured from {@code s}, its turn store from the providers {@code loader}
   * sees: a framework that loads the application's dependencies in a child of the library's class
   * loader (Quarkus) passes that child, where a module such as {@code last9-genai-redis} registers
   * its provider.
   */
  public static Last9SpanProcessorBuilder builderFindingTurnStoresIn(
      Settings s, ClassLoader loader) {
    return builder(s, null, loader);
  }

  private static Last9SpanProcessorBuilder builder(
      Settings s, TurnStore turnStore, ClassLoader turnStoreProviders) {
    Last9SpanProcessorBuilder b =
        Last9SpanProcessor.builder()
            .bundledCatalog(s.flag("pricing.bundled", true))
            .costTracking(s.flag("cost.enabled", true))
            .stampFromBaggage(s.flag("baggage.enabled", false))
            .pricing(modelPrices(s))
            .limits(limits(s));
    List<String> keys = s.list("baggage.keys");
    if (!keys.isEmpty()) {
      try {
        b.baggageKeys(keys);
      } catch (IllegalArgumentException e) {
        throw s.invalid("baggage.keys", String.join(",", keys), e.getMessage());
      }
    }
    if (turnStore == null) {
      turnStore = TurnStoreProvider.configured(s, turnStoreProviders);
    }
    b.turnStore(turnStore != null ? turnStore : inMemoryTurnStore(s));
    if (s.flag("pricing.updates.enabled", false)) {
      b.priceUpdates(priceUpdates(s));
    }
    b.legacyContentKeys(s.flag("content.legacy-keys", false));
    RedactionRules rules = redactionRules(s);
    if (rules != null) {
      b.contentRedaction(rules);
    }
    List<String> files = s.list("pricing.files");
    for (int i = 0; i < files.size(); i++) {
      String location = files.get(i);
      String name = "pricing.files[" + i + "]";
      try {
        b.addPricingFile(s.file(name, location));
      } catch (ConfigurationException e) {
        if (SettingException.of(e) != null) {
          throw e;
        }
        // the property names the file; the builder's message would name its own method
        String reason =
            e.getCause() instanceof PricingFileError ? e.getCause().getMessage() : e.getMessage();
        throw s.invalid(name, location, reason);
      } catch (RuntimeException e) {
        throw s.invalid(name, location, e.getMessage());
      }
    }
    return b;
  }

  /**
   * The caller's own prices, {@code pricing.models}: per model either the short form {@code
   * input/output[/cache-read[/cache-write[/cache-write-1h]]]} in USD per million tokens ({@code
   * gpt-4o=2.50/10.00}), or one entry per field ({@code gpt-4o.input=2.50}, {@code
   * gpt-4o.output=10.00}), which is how a structured map (Spring's YAML) arrives.
   */
  static Map<String, ModelPricing> modelPrices(Settings s) {
    Map<String, String> raw = s.map("pricing.models");
    Map<String, Map<String, String>> byModel = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : raw.entrySet()) {
      String key = e.getKey().trim();
      String field = fieldOf(key);
      if (field != null) {
        String model = key.substring(0, key.length() - field.length() - 1);
        byModel.computeIfAbsent(model, m -> new LinkedHashMap<>()).put(field, e.getValue());
      } else {
        String[] parts = e.getValue().trim().split("/", -1);
        if (parts.length < 2 || parts.length > PRICE_FIELDS.size()) {
          throw s.invalid(
              "pricing.models",
              key + "=" + e.getValue(),
              "a model's price is input/output[/cache-read[/cache-write[/cache-write-1h]]], in USD per"
                  + " million tokens");
        }
        Map<String, String> fields = byModel.computeIfAbsent(key, m -> new LinkedHashMap<>());
        for (int i = 0; i < parts.length; i++) {
          fields.put(PRICE_FIELDS.get(i), parts[i]);
        }
      }
    }
    Map<String, ModelPricing> out = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, String>> e : byModel.entrySet()) {
      out.put(e.getKey(), modelPrice(s, e.getKey(), e.getValue()));
    }
    return out;
  }

  private static ModelPricing modelPrice(Settings s, String model, Map<String, String> fields) {
    String name = "pricing.models[" + model + "]";
    for (String required : List.of("input", "output")) {
      if (!fields.containsKey(required)) {
        throw s.invalid(
            name + "." + required,
            null,
            "a model's input and output prices are both required (USD per million tokens)");
      }
    }
    if (fields.containsKey("cache-write-1h") && !fields.containsKey("cache-write")) {
      throw s.invalid(
          name + ".cache-write-1h",
          fields.get("cache-write-1h"),
          "a 1-hour cache write price needs the 5-minute one too ("
              + s.property(name)
              + ".cache-write)");
    }
    ModelPricing.Builder price = ModelPricing.builder();
    // each field is set on its own, so a refusal names that field
    price(s, name, "input", fields, price::input);
    price(s, name, "output", fields, price::output);
    price(s, name, "cache-read", fields, price::cacheRead);
    price(s, name, "cache-write", fields, price::cacheWrite);
    price(s, name, "cache-write-1h", fields, price::cacheWrite1h);
    try {
      return price.build();
    } catch (IllegalArgumentException e) {
      throw s.invalid(name, fields, e.getMessage());
    }
  }

  private static void price(
      Settings s,
      String name,
      String field,
      Map<String, String> fields,
      java.util.function.DoubleConsumer setter) {
    String value = fields.get(field);
    if (value == null) {
      return;
    }
    try {
      setter.accept(number(s, name + "." + field, value));
    } catch (IllegalArgumentException e) {
      if (SettingException.of(e) != null) {
        throw e;
      }
      throw s.invalid(name + "." + field, value, e.getMessage());
    }
  }

  private static double number(Settings s, String name, String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw s.invalid(name, value, "it must be a price in USD per million tokens");
    }
  }

  /** The price field {@code key} ends with ({@code .input}, ...), or null for a bare model name. */
  private static String fieldOf(String key) {
    for (String field : PRICE_FIELDS) {
      if (key.endsWith("." + field) && key.length() > field.length() + 1) {
        return field;
      }
    }
    return null;
  }

  /** The processor's bounds, {@code limits.*}; each unset one keeps its default. */
  static Last9Limits limits(Settings s) {
    Last9Limits d = Last9Limits.getDefault();
    Last9LimitsBuilder b = d.toBuilder();
    long openSpans = s.longValue("limits.max-open-spans", d.getMaxOpenSpans());
    long values = s.longValue("limits.max-cost-metric-values", d.getMaxCostMetricValues());
    long length =
        s.longValue("limits.max-cost-metric-value-length", d.getMaxCostMetricValueLength());
    try {
      b.maxOpenSpans((int) Math.min(openSpans, Integer.MAX_VALUE));
    } catch (IllegalArgumentException e) {
      throw s.invalid("limits.max-open-spans", openSpans, e.getMessage());
    }
    try {
      b.maxCostMetricValues((int) Math.min(values, Integer.MAX_VALUE));
    } catch (IllegalArgumentException e) {
      throw s.invalid("limits.max-cost-metric-values", values, e.getMessage());
    }
    try {
      b.maxCostMetricValueLength((int) Math.min(length, Integer.MAX_VALUE));
    } catch (IllegalArgumentException e) {
      throw s.invalid("limits.max-cost-metric-value-length", length, e.getMessage());
    }
    return b.build();
  }

  /**
   * The redaction rules {@code content.redact.*} enables ({@code emails}, {@code phone-numbers},
   * {@code card-numbers}, {@code api-keys}, and {@code hash-key}), or null when none is.
   */
  public static RedactionRules redactionRules(Settings s) {
    boolean emails = s.flag("content.redact.emails", false);
    boolean phoneNumbers = s.flag("content.redact.phone-numbers", false);
    boolean cardNumbers = s.flag("content.redact.card-numbers", false);
    boolean apiKeys = s.flag("content.redact.api-keys", false);
    String key = s.string("content.redact.hash-key");
    boolean hashing = key != null && !key.isEmpty();
    if (!emails && !phoneNumbers && !cardNumbers && !apiKeys && !hashing) {
      // the default: the redaction classes are not even loaded (a cold start pays for what it uses)
      return null;
    }
    RedactionRules.Builder rules =
        RedactionRules.builder()
            .emails(emails)
            .phoneNumbers(phoneNumbers)
            .cardNumbers(cardNumbers)
            .apiKeys(apiKeys);
    if (hashing) {
      try {
        rules.hashKey(key);
      } catch (IllegalArgumentException e) {
        // never echo a secret back into a log
        throw s.invalid("content.redact.hash-key", null, e.getMessage());
      }
    }
    RedactionRules built = rules.build();
    return built.isEmpty() ? null : built;
  }

  /** The price updater {@code pricing.updates.*} describes (whether it is on or not). */
  public static PriceUpdates priceUpdates(Settings s) {
    PriceUpdates.Builder updates = PriceUpdates.builder();
    String url = s.string("pricing.updates.url");
    if (url != null && !url.isBlank()) {
      try {
        updates.url(URI.create(url.trim()));
      } catch (IllegalArgumentException e) {
        throw s.invalid("pricing.updates.url", url, e.getMessage());
      }
    }
    Duration interval = s.duration("pricing.updates.interval", PriceUpdates.DEFAULT_INTERVAL);
    try {
      updates.interval(interval);
    } catch (IllegalArgumentException e) {
      throw s.invalid("pricing.updates.interval", interval, e.getMessage());
    }
    Duration timeout = s.duration("pricing.updates.timeout", PriceUpdates.DEFAULT_TIMEOUT);
    try {
      updates.timeout(timeout);
    } catch (IllegalArgumentException e) {
      throw s.invalid("pricing.updates.timeout", timeout, e.getMessage());
    }
    updates.allowDowngrade(s.flag("pricing.updates.allow-downgrade", false));
    return updates.build();
  }

  /** The in-memory turn store {@code turns.*} describes. */
  public static InMemoryTurnStore inMemoryTurnStore(Settings s) {
    long max =
        s.longValue("turns.max-conversations", InMemoryTurnStore.DEFAULT_MAXIMUM_CONVERSATIONS);
    Duration idle = s.duration("turns.idle-expiry", InMemoryTurnStore.DEFAULT_EXPIRE_AFTER_IDLE);
    InMemoryTurnStore.Builder turns = InMemoryTurnStore.builder();
    try {
      turns.maximumConversations(max);
    } catch (IllegalArgumentException e) {
      throw s.invalid("turns.max-conversations", max, e.getMessage());
    }
    try {
      turns.expireAfterIdle(idle);
    } catch (IllegalArgumentException e) {
      throw s.invalid("turns.idle-expiry", idle, e.getMessage());
    }
    return turns.build();
  }
}
