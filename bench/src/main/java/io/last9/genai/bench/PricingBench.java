/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench;

import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.pricing.internal.CatalogPrice;
import io.last9.genai.pricing.internal.PriceCatalog;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * M7: model resolution in the bundled catalog (1,309 models). A name never seen before runs the
 * match rules; a name seen before comes from the resolution cache. Baseline: a HashMap of 20
 * prices.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class PricingBench {

  PriceCatalog catalog;
  Map<String, ModelPricing> map;
  String seen;
  String key;
  int next;

  @Setup
  public void setUp() {
    catalog = PriceCatalog.bundled();
    map = new HashMap<>();
    for (int i = 0; i < 19; i++) {
      map.put("model-" + i, ModelPricing.of(i, 2 * i));
    }
    map.put("gpt-4o", ModelPricing.of(2.50, 10.0));
    seen = new String("gpt-4o-2024-08-06");
    key = new String("gpt-4o");
    if (catalog.find(seen, null).isEmpty()
        || catalog.find(seen, "openai").isEmpty()
        || catalog.find("gpt-4o-" + 12345678, null).isEmpty()) {
      throw new IllegalStateException("the bundled catalog does not price gpt-4o");
    }
  }

  /** M7 baseline: HashMap.get. */
  @Benchmark
  public ModelPricing m7_hashMap() {
    return map.get(key);
  }

  /** M7 repeat: a response model seen before, no provider hint. */
  @Benchmark
  public Optional<CatalogPrice> m7_repeat() {
    return catalog.find(seen, null);
  }

  /** M7 repeat with a provider hint (what SpanPricer passes when gen_ai.provider.name is set). */
  @Benchmark
  public Optional<CatalogPrice> m7_repeatHinted() {
    return catalog.find(seen, "openai");
  }

  /**
   * M7 first time: a new dated spelling each call (gpt-4o-NNNNNNNN resolves to gpt-4o by the date
   * rule).
   */
  @Benchmark
  public Optional<CatalogPrice> m7_firstTime() {
    int n = next++;
    return catalog.find("gpt-4o-" + (10_000_000 + (n & 0x3FFFFFF)), null);
  }

  /** M7 first time, worst case: a name nothing matches (every provider and model rule is tried). */
  @Benchmark
  public Optional<CatalogPrice> m7_firstTimeUnknown() {
    int n = next++;
    return catalog.find("acme-llm-" + n, null);
  }
}
