package io.last9.genai.spring.internal;

import io.last9.genai.CostMetricSink;
import io.last9.genai.InMemoryTurnStore;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.ModelPricing;
import io.last9.genai.TurnStore;
import io.last9.genai.spring.Last9GenAiProperties;
import java.io.IOException;
import java.io.InputStream;
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
 * {@link InvalidConfigurationPropertyValueException}, whose failure report names the property, its value and the
 * reason.
 */
final class ProcessorFactory {

  static final String PREFIX = "last9.genai.";

  private ProcessorFactory() {}

  static Last9SpanProcessor build(Last9GenAiProperties p, ResourceLoader resources, TurnStore turnStore,
      CostMetricSink sink) {
    Last9SpanProcessor.Builder b = Last9SpanProcessor.builder()
        .costTracking(p.isCostTracking())
        .stampFromBaggage(p.getBaggage().isStamp())
        .bundledCatalog(p.getPricing().isBundled())
        .pricing(pricing(p.getPricing().getModels()))
        .turnStore(turnStore != null ? turnStore : turnStore(p.getTurns()));
    try {
      b.baggageKeys(p.getBaggage().getKeys());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(PREFIX + "baggage.keys", p.getBaggage().getKeys(),
          e.getMessage());
    }
    List<String> files = p.getPricing().getFiles();
    for (int i = 0; i < files.size(); i++) {
      String property = PREFIX + "pricing.files[" + i + "]";
      Path file = resolve(resources, files.get(i), property);
      try {
        b.addPricingFile(file);
      } catch (RuntimeException e) {
        throw new InvalidConfigurationPropertyValueException(property, files.get(i),
            "the pricing file could not be read: " + e.getMessage());
      }
    }
    if (sink != null) {
      b.costMetricSink(sink);
    }
    return b.build();
  }

  static Map<String, ModelPricing> pricing(Map<String, Last9GenAiProperties.ModelPrice> models) {
    Map<String, ModelPricing> out = new LinkedHashMap<>();
    for (Map.Entry<String, Last9GenAiProperties.ModelPrice> e : models.entrySet()) {
      String base = PREFIX + "pricing.models[" + e.getKey() + "].";
      Last9GenAiProperties.ModelPrice m = e.getValue();
      ModelPricing.Builder price = ModelPricing.builder()
          .input(required(m.getInput(), base + "input"))
          .output(required(m.getOutput(), base + "output"));
      if (m.getCacheRead() != null) {
        price.cacheRead(valid(m.getCacheRead(), base + "cache-read"));
      }
      if (m.getCacheWrite() != null) {
        price.cacheWrite(valid(m.getCacheWrite(), base + "cache-write"));
      }
      out.put(e.getKey(), price.build());
    }
    return out;
  }

  static TurnStore turnStore(Last9GenAiProperties.Turns t) {
    if (t.getMaxConversations() <= 0) {
      throw new InvalidConfigurationPropertyValueException(PREFIX + "turns.max-conversations",
          t.getMaxConversations(), "it must be positive");
    }
    if (t.getIdleExpiry() == null || t.getIdleExpiry().isNegative() || t.getIdleExpiry().isZero()) {
      throw new InvalidConfigurationPropertyValueException(PREFIX + "turns.idle-expiry", t.getIdleExpiry(),
          "it must be a positive duration");
    }
    return InMemoryTurnStore.builder()
        .maximumConversations(t.getMaxConversations())
        .expireAfterIdle(t.getIdleExpiry())
        .build();
  }

  private static double required(Double v, String property) {
    if (v == null) {
      throw new InvalidConfigurationPropertyValueException(property, null,
          "a model's input and output prices are both required (USD per million tokens)");
    }
    return valid(v, property);
  }

  private static double valid(double v, String property) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new InvalidConfigurationPropertyValueException(property, v,
          "prices are USD per million tokens: finite and not negative");
    }
    return v;
  }

  /** A file on disk for {@code location}; a resource inside a jar is copied to a temporary file first. */
  private static Path resolve(ResourceLoader resources, String location, String property) {
    Resource r = resources.getResource(location);
    if (!r.exists() || !r.isReadable()) {
      throw new InvalidConfigurationPropertyValueException(property, location,
          "the pricing file does not exist or cannot be read");
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
      throw new InvalidConfigurationPropertyValueException(property, location,
          "the pricing file could not be read: " + e);
    }
  }
}
