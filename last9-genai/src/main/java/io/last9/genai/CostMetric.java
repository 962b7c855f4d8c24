package io.last9.genai;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.util.function.Supplier;

/**
 * The cost counter: USD by model, provider, span kind and workflow type, recorded once per priced call, so "how
 * much did we spend on GPT-4o vs Claude this week" is answered from metrics, without trace queries.
 */
final class CostMetric {

  /** Metric name. */
  static final String NAME = "gen_ai.client.cost";

  static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.response.model");

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
      a.put(GenAiAttributes.PROVIDER_NAME, provider);
    }
    a.put(GenAiAttributes.L9_SPAN_KIND, spanKind(span));
    String workflowType = span.getAttribute(GenAiAttributes.WORKFLOW_TYPE);
    if (workflowType != null) {
      a.put(GenAiAttributes.WORKFLOW_TYPE, workflowType);
    }
    c.add(estimate.cost().totalUsd(), a.build());
  }

  private static String spanKind(ReadableSpan span) {
    String kind = span.getAttribute(GenAiAttributes.L9_SPAN_KIND);
    if (kind != null) {
      return kind;
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
