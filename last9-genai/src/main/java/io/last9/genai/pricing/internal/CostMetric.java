/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.GenAiSpanKind;
import io.last9.genai.Last9Limits;
import io.last9.genai.WorkflowContext;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import io.last9.genai.pricing.CostEstimate;
import io.last9.genai.pricing.CostMetricSink;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The cost counter: USD by model, provider, span kind and workflow type, recorded once per priced
 * call, so "how much did we spend on GPT-4o vs Claude this week" is answered from metrics, without
 * trace queries. Where it is recorded is a {@link CostMetricSink}: by default the host's
 * OpenTelemetry {@code MeterProvider}.
 *
 * <p>Every attribute has bounded cardinality, so no input can mint series without limit: the model
 * is the price entry that matched (a catalog or pricing-map key), the span kind is one of a fixed
 * set, and provider and workflow type keep the first {@link Last9Limits#getMaxCostMetricValues()}
 * distinct values seen and report any later one as {@value #OTHER}.
 *
 * <p>The workflow type is the service's own: the type of the {@link WorkflowContext} the call
 * started in. A {@code workflow.type} a span carries from anywhere else (stamped from an upstream
 * service's W3C Baggage, written by another processor) is recorded as {@value #EXTERNAL}: a value
 * from outside the process never creates a series, and a flood of them cannot use up the bound that
 * the service's own types are kept under.
 */
public final class CostMetric {

  private static final Logger logger = Logger.getLogger(CostMetric.class.getName());

  /** This instance's own reports: another set-up in the same JVM never silences them. */
  private final OnceLogger warnings = new OnceLogger(logger);

  /** Metric name. */
  public static final String NAME = "gen_ai.client.cost";

  /** The priced model, under the response-model key. */
  public static final AttributeKey<String> MODEL = GenAiAttributes.RESPONSE_MODEL;

  /**
   * What a value past {@link Last9Limits#getMaxCostMetricValues()}, or longer than {@link
   * Last9Limits#getMaxCostMetricValueLength()}, is recorded as.
   */
  public static final String OTHER = "_other";

  /**
   * What a workflow type that did not come from a local {@link WorkflowContext} is recorded as, so
   * that values from outside the process never create series nor displace the service's own.
   */
  public static final String EXTERNAL = "_external";

  private final Set<String> providers = ConcurrentHashMap.newKeySet();
  private final Set<String> workflowTypes = ConcurrentHashMap.newKeySet();

  private final CostMetricAttributes attributeSets = new CostMetricAttributes();
  private final CostMetricSink sink;

  private final int maxValues;
  private final int maxValueLength;

  public CostMetric(CostMetricSink sink) {
    this(sink, Last9Limits.getDefault());
  }

  public CostMetric(CostMetricSink sink, Last9Limits limits) {
    this.sink = sink;
    this.maxValues = limits.getMaxCostMetricValues();
    this.maxValueLength = limits.getMaxCostMetricValueLength();
  }

  /**
   * The default sink: a counter on the meter provider {@code meterProvider} supplies, once it
   * supplies one.
   */
  public static CostMetricSink meterProviderSink(Supplier<MeterProvider> meterProvider) {
    return new MeterProviderSink(meterProvider);
  }

  /**
   * Records one priced call; {@code kind} is the span's kind as the processor classified it, or
   * {@code null} for a span whose operation names none; {@code inLocalWorkflow} is true when the
   * span started inside a workflow scope of this process, whose type the processor stamped on it.
   */
  public void record(
      ReadableSpan span,
      CostEstimate estimate,
      String provider,
      GenAiSpanKind kind,
      boolean inLocalWorkflow) {
    double usd = estimate.cost().totalUsd();
    if (!(usd >= 0) || Double.isInfinite(usd)) {
      return;
    }
    String workflowType = span.getAttribute(GenAiAttributes.WORKFLOW_TYPE);
    Attributes attributes =
        attributeSets.get(
            estimate.pricedModel(),
            provider == null ? null : bounded(providers, provider),
            kind != null ? kind : writtenKind(span),
            workflowType == null
                ? null
                : inLocalWorkflow ? bounded(workflowTypes, workflowType) : EXTERNAL);
    try {
      sink.record(usd, attributes);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "cost-metric-sink",
          Level.WARNING,
          "last9-genai's cost metric sink failed; the call's cost is on its span but not in the metric",
          t);
    }
  }

  private String bounded(Set<String> seen, String value) {
    if (seen.contains(value)) {
      return value;
    }
    if (seen.size() < maxValues && value.length() <= maxValueLength) {
      seen.add(value);
      return value;
    }
    return OTHER;
  }

  /** A priced span with no operation name: the kind written on it, else a model call. */
  private static GenAiSpanKind writtenKind(ReadableSpan span) {
    GenAiSpanKind written = GenAiSpanKind.ofValue(span.getAttribute(GenAiAttributes.L9_SPAN_KIND));
    return written != null ? written : GenAiSpanKind.LLM;
  }

  /**
   * Records on an OpenTelemetry counter, made on first use (the meter provider may be set up after
   * us).
   */
  private static final class MeterProviderSink implements CostMetricSink {
    private final Supplier<MeterProvider> meterProvider;
    private volatile DoubleCounter counter;

    MeterProviderSink(Supplier<MeterProvider> meterProvider) {
      this.meterProvider = meterProvider;
    }

    @Override
    public void record(double costUsd, Attributes attributes) {
      DoubleCounter c = counter();
      if (c != null) {
        c.add(costUsd, attributes);
      }
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
          counter =
              provider
                  .get("io.last9.genai")
                  .counterBuilder(NAME)
                  .ofDoubles()
                  .setUnit("USD")
                  .setDescription(
                      "USD cost of LLM calls, computed from token usage and model prices")
                  .build();
        }
        return counter;
      }
    }
  }
}
