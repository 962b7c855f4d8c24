/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import io.last9.genai.pricing.ModelPricing;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A caller's {@code Map<String, ModelPricing>}, with keys lower-cased once when it is built, and a
 * lookup that tries the spellings a response model usually differs by: case, a {@code provider/}
 * prefix, a Vertex {@code @version}, a dated suffix ({@code -2024-08-06}, {@code -20250929}). A
 * suffix is only removed when it is a date, so {@code gpt-4o-mini} never finds {@code gpt-4o}.
 * Model names longer than {@value PriceCatalog#MAX_MODEL_NAME_LENGTH} characters find nothing and
 * are not cached.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class PricingTable {

  private static final PricingTable EMPTY = new PricingTable(Map.of());

  private static final int MAX_CACHED_SPELLINGS = 1_024;
  private static final Match MISS = new Match("", null);

  private final Map<String, ModelPricing> byName;

  /**
   * Model references that needed the spelling rules (a dated or prefixed name such as {@code
   * gpt-4o-2024-08-06}, which is what responses report), resolved once: the rules cost a regex
   * match and several Strings per span. Bounded: cleared when full.
   */
  private final ConcurrentHashMap<String, Match> bySpelling = new ConcurrentHashMap<>();

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
        throw new IllegalArgumentException(
            "pricing map has no ModelPricing for model '" + key + "'");
      }
      String normalised = key.trim().toLowerCase(Locale.ROOT);
      if (m.put(normalised, p) != null) {
        throw new IllegalArgumentException(
            "pricing map has model '"
                + key
                + "' twice (model names are compared "
                + "ignoring case and surrounding spaces)");
      }
    }
    return new PricingTable(Map.copyOf(m));
  }

  /** The entries, keyed by lower-cased model name (unmodifiable). */
  public Map<String, ModelPricing> entries() {
    return byName;
  }

  /** True when the table has no entry. */
  public boolean isEmpty() {
    return byName.isEmpty();
  }

  /** The entry for {@code model}, or {@code null}; {@link Match#name()} is the key that matched. */
  public Match find(String model) {
    if (byName.isEmpty() || model == null || model.length() > PriceCatalog.MAX_MODEL_NAME_LENGTH) {
      return null;
    }
    ModelPricing p = byName.get(model);
    if (p != null) {
      return new Match(model, p);
    }
    Match cached = bySpelling.get(model);
    if (cached != null) {
      return cached == MISS ? null : cached;
    }
    Match resolved = resolveSpellings(model);
    if (bySpelling.size() >= MAX_CACHED_SPELLINGS) {
      bySpelling.clear();
    }
    bySpelling.put(model, resolved == null ? MISS : resolved);
    return resolved;
  }

  private Match resolveSpellings(String model) {
    ModelPricing p;
    String ref = model.trim().toLowerCase(Locale.ROOT);
    int slash = ref.indexOf('/');
    String withoutPrefix = slash >= 0 && slash < ref.length() - 1 ? ref.substring(slash + 1) : null;
    for (String spelling : ModelRefSpellings.of(ref, withoutPrefix)) {
      p = byName.get(spelling);
      if (p != null) {
        return new Match(spelling, p);
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
