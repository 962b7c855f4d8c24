/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.GenAiSpanKind;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cost metric's attribute sets, built once per combination of model, provider, workflow type
 * and span kind and then reused, so a priced call records without building and sorting a new {@link
 * Attributes} (a real SDK meter then also finds its series by an equal, already hashed instance).
 *
 * <p>The values are already bounded by {@link CostMetric} (price-entry models, 64 providers and
 * workflow types, a fixed set of kinds); the cache holds at most {@value #MAX_ENTRIES} sets on top
 * of that. Past the bound a set is built for the call and not kept: the metric keeps its values,
 * only the saving is lost.
 */
public final class CostMetricAttributes {

  /** Attribute sets kept; a set of four short values is about 250 bytes. */
  public static final int MAX_ENTRIES = 1024;

  /** "No value" as a map key: null and empty values are both left out of the set. */
  private static final String NONE = "";

  private static final int KINDS = GenAiSpanKind.values().length;

  // model -> provider -> workflow type -> one set per span kind; three lookups and no allocation
  // on a hit
  private final ConcurrentHashMap<
          String, ConcurrentHashMap<String, ConcurrentHashMap<String, Attributes[]>>>
      byModel = new ConcurrentHashMap<>();
  private final AtomicInteger entries = new AtomicInteger();

  /**
   * The attribute set for these values; a null or empty {@code model}, {@code provider} or {@code
   * workflowType} is left out, as it carries nothing to group by.
   */
  public Attributes get(String model, String provider, GenAiSpanKind kind, String workflowType) {
    String modelKey = model == null ? NONE : model;
    String providerKey = provider == null ? NONE : provider;
    String workflowTypeKey = workflowType == null ? NONE : workflowType;
    ConcurrentHashMap<String, ConcurrentHashMap<String, Attributes[]>> byProvider =
        byModel.get(modelKey);
    if (byProvider != null) {
      ConcurrentHashMap<String, Attributes[]> byWorkflowType = byProvider.get(providerKey);
      if (byWorkflowType != null) {
        Attributes[] byKind = byWorkflowType.get(workflowTypeKey);
        if (byKind != null) {
          Attributes cached = byKind[kind.ordinal()];
          if (cached != null) {
            return cached;
          }
        }
      }
    }
    Attributes built = build(modelKey, providerKey, kind, workflowTypeKey);
    if (entries.get() >= MAX_ENTRIES) {
      return built;
    }
    entries.incrementAndGet();
    ConcurrentHashMap<String, ConcurrentHashMap<String, Attributes[]>> providers =
        byModel.get(modelKey);
    if (providers == null) {
      providers =
          orTheWinner(byModel.putIfAbsent(modelKey, new ConcurrentHashMap<>()), byModel, modelKey);
    }
    ConcurrentHashMap<String, Attributes[]> types = providers.get(providerKey);
    if (types == null) {
      types =
          orTheWinner(
              providers.putIfAbsent(providerKey, new ConcurrentHashMap<>()),
              providers,
              providerKey);
    }
    Attributes[] kinds = types.get(workflowTypeKey);
    if (kinds == null) {
      kinds =
          orTheWinner(
              types.putIfAbsent(workflowTypeKey, new Attributes[KINDS]), types, workflowTypeKey);
    }
    kinds[kind.ordinal()] = built;
    return built;
  }

  // putIfAbsent rather than computeIfAbsent with lambdas: each lambda is a class loaded on a cold
  // JVM's first priced span, and the Java agent counts every class an extension adds.
  private static <V> V orTheWinner(V previous, ConcurrentHashMap<String, V> map, String key) {
    return previous != null ? previous : map.get(key);
  }

  /** Sets kept so far. */
  public int size() {
    return Math.min(entries.get(), MAX_ENTRIES);
  }

  private static Attributes build(
      String model, String provider, GenAiSpanKind kind, String workflowType) {
    AttributesBuilder a = Attributes.builder();
    if (!model.isEmpty()) {
      a.put(CostMetric.MODEL, model);
    }
    if (!provider.isEmpty()) {
      a.put(GenAiAttributes.PROVIDER_NAME, provider);
    }
    a.put(GenAiAttributes.L9_SPAN_KIND, kind.value());
    if (!workflowType.isEmpty()) {
      a.put(GenAiAttributes.WORKFLOW_TYPE, workflowType);
    }
    return a.build();
  }
}
