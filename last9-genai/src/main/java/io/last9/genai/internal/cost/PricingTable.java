package io.last9.genai.internal.cost;

import io.last9.genai.ModelPricing;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A caller's {@code Map<String, ModelPricing>}, with keys lower-cased once when it is built, and a lookup that
 * tries the spellings a response model usually differs by: case, a {@code provider/} prefix, a Vertex
 * {@code @version}, a dated suffix ({@code -2024-08-06}, {@code -20250929}). A suffix is only removed when it is
 * a date, so {@code gpt-4o-mini} never finds {@code gpt-4o}.
 */
public final class PricingTable {

  private static final Pattern DATE_SUFFIX = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8})$");
  private static final PricingTable EMPTY = new PricingTable(Map.of());

  private final Map<String, ModelPricing> byName;

  private PricingTable(Map<String, ModelPricing> byName) {
    this.byName = byName;
  }

  /** A table over {@code pricing}; null keys or values are rejected with a message. */
  public static PricingTable of(Map<String, ModelPricing> pricing) {
    if (pricing == null || pricing.isEmpty()) {
      return EMPTY;
    }
    Map<String, ModelPricing> m = new HashMap<>();
    for (Map.Entry<String, ModelPricing> e : pricing.entrySet()) {
      String key = Objects.requireNonNull(e.getKey(), "pricing map has a null model name");
      if (key.isBlank()) {
        throw new IllegalArgumentException("pricing map has a blank model name");
      }
      ModelPricing p = e.getValue();
      if (p == null) {
        throw new IllegalArgumentException("pricing map has no ModelPricing for model '" + key + "'");
      }
      m.put(key.trim().toLowerCase(Locale.ROOT), p);
    }
    return new PricingTable(Map.copyOf(m));
  }

  /** True when the table has no entry. */
  public boolean isEmpty() {
    return byName.isEmpty();
  }

  /** The entry for {@code model}, or {@code null}; {@link Match#name()} is the key that matched. */
  public Match find(String model) {
    if (byName.isEmpty() || model == null) {
      return null;
    }
    ModelPricing p = byName.get(model);
    if (p != null) {
      return new Match(model, p);
    }
    String name = model.trim().toLowerCase(Locale.ROOT);
    p = byName.get(name);
    if (p != null) {
      return new Match(name, p);
    }
    int slash = name.indexOf('/');
    if (slash >= 0 && slash < name.length() - 1) {
      name = name.substring(slash + 1);
      p = byName.get(name);
      if (p != null) {
        return new Match(name, p);
      }
    }
    int at = name.indexOf('@');
    if (at > 0) {
      name = name.substring(0, at);
      p = byName.get(name);
      if (p != null) {
        return new Match(name, p);
      }
    }
    String undated = DATE_SUFFIX.matcher(name).replaceFirst("");
    if (!undated.equals(name)) {
      p = byName.get(undated);
      if (p != null) {
        return new Match(undated, p);
      }
    }
    return null;
  }

  /**
   * A matched entry.
   *
   * @param name the table key that matched
   * @param pricing its pricing
   */
  public record Match(String name, ModelPricing pricing) {}
}
