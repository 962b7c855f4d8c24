package io.last9.genai;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The cost counter: USD by model, provider, span kind and workflow type, recorded once per priced call, so "how
 * much did we spend on GPT-4o vs Claude this week" is answered from metrics, without trace queries.
 *
 * <p>Every attribute has bounded cardinality, so no input can mint series without limit: the model is the price
 * entry that matched (a catalog or pricing-map key), the span kind is one of a fixed set, and provider and
 * workflow type keep the first {@value #MAX_VALUES} distinct values seen and report any later one as
 * {@value #OTHER}.
 */
final class CostMetric {

  /** Metric name. */
  static final String NAME = "gen_ai.client.cost";

  /** The priced model, under the response-model key. */
  static final AttributeKey<String> MODEL = GenAiAttributes.RESPONSE_MODEL;

  /** Distinct values kept per open-ended attribute (provider, workflow type). */
  static final int MAX_VALUES = 64;
  /** What a value past {@link #MAX_VALUES} is recorded as. */
  static final String OTHER = "_other";

  private static final GenAiSpanKind[] KINDS = GenAiSpanKind.values();

  private final Set<String> providers = ConcurrentHashMap.newKeySet();
  private final Set<String> workflowTypes = ConcurrentHashMap.newKeySet();

  private final Supplier<MeterProvider> meterProvider;
  private volatile DoubleCounter counter;

  CostMetric(Supplier<MeterProvider> meterProvider) {
    this.meterProvider = meterProvider;
  }

  void record(ReadableSpan span, CostEstimate estimate, String provider) {
    DoubleCounter c = counter();
    if (c == null) {
      return;
    }
    AttributesBuilder a = Attributes.builder().put(MODEL, estimate.pricedModel());
    if (provider != null) {
      a.put(GenAiAttributes.PROVIDER_NAME, bounded(providers, provider));
    }
    a.put(GenAiAttributes.L9_SPAN_KIND, spanKind(span));
    String workflowType = span.getAttribute(GenAiAttributes.WORKFLOW_TYPE);
    if (workflowType != null) {
      a.put(GenAiAttributes.WORKFLOW_TYPE, bounded(workflowTypes, workflowType));
    }
    c.add(estimate.cost().totalUsd(), a.build());
  }

  private static String bounded(Set<String> seen, String value) {
    if (seen.contains(value)) {
      return value;
    }
    if (seen.size() < MAX_VALUES && value.length() <= 128) {
      seen.add(value);
      return value;
    }
    return OTHER;
  }

  private static String spanKind(ReadableSpan span) {
    String kind = span.getAttribute(GenAiAttributes.L9_SPAN_KIND);
    if (kind != null) {
      for (GenAiSpanKind k : KINDS) {
        if (k.value().equals(kind)) {
          return kind;
        }
      }
    }
    return "embeddings".equals(span.getAttribute(GenAiAttributes.OPERATION_NAME)) ? "embedding" : "llm";
  }

  private DoubleCounter counter() {
    DoubleCounter c = counter;
    if (c != null) {
      return c;
    }
    MeterProvider provider = meterProvider.get();
    if (provider == null) {
      return null;
    }
    synchronized (this) {
      if (counter == null) {
        counter = provider.get("io.last9.genai")
            .counterBuilder(NAME)
            .ofDoubles()
            .setUnit("USD")
            .setDescription("USD cost of LLM calls, computed from token usage and model prices")
            .build();
      }
      return counter;
    }
  }
}
