/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.sampling;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.internal.SamplerInputs;
import io.last9.genai.internal.Throwables;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Keeps cost complete under any sampler: a span that the delegate drops is still recorded, but not
 * exported, when it may carry an LLM call's cost, so {@link Last9SpanProcessor} prices it, counts
 * it in its workflow's totals and in the {@code gen_ai.client.cost} metric, exactly as if it were
 * sampled.
 *
 * <pre>{@code
 * SdkTracerProvider.builder()
 *     .setSampler(CostPreservingSampler.wrap(Sampler.parentBased(Sampler.traceIdRatioBased(0.01))))
 *     ...
 * }</pre>
 *
 * <p>Under autoconfigure and the Java agent this wrapper is applied to whatever sampler is
 * configured ({@code otel.last9.genai.sampler.record-dropped=false} turns it off).
 *
 * <p>A dropped span is turned into {@link SamplingDecision#RECORD_ONLY} when, at its start, it
 *
 * <ul>
 *   <li>carries {@code gen_ai.operation.name} or {@code gen_ai.l9.span.kind} among its start
 *       attributes (the OpenTelemetry GenAI instrumentations, and this library's own workflow,
 *       agent and observed spans), or
 *   <li>starts inside a scope or an observed call of this library. This covers spans that are named
 *       and described only when they end, such as Spring AI's through Micrometer's bridge.
 * </ul>
 *
 * <p>Any other dropped span stays dropped, at the cost of the check: two attribute reads and two
 * context lookups. A recorded-only span costs what a recorded span costs in this process, but it is
 * not sampled, so the SDK's exporting processors ({@code BatchSpanProcessor}, {@code
 * SimpleSpanProcessor}) leave it out and its children in other services see it as not sampled. (A
 * {@code BatchSpanProcessor} built with {@code setExportUnsampledSpans(true)} would export it.)
 */
public final class CostPreservingSampler implements Sampler {

  private final Sampler delegate;
  private final String description;

  private CostPreservingSampler(Sampler delegate) {
    this.delegate = delegate;
    this.description = "CostPreservingSampler{" + delegate.getDescription() + '}';
  }

  /** Wraps {@code delegate}; a sampler that is already wrapped is returned as it is. */
  public static CostPreservingSampler wrap(Sampler delegate) {
    if (delegate == null) {
      throw new IllegalArgumentException("delegate must not be null");
    }
    if (delegate instanceof CostPreservingSampler) {
      return (CostPreservingSampler) delegate;
    }
    return new CostPreservingSampler(delegate);
  }

  /** The wrapped sampler. */
  public Sampler delegate() {
    return delegate;
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext,
      String traceId,
      String name,
      SpanKind spanKind,
      Attributes attributes,
      List<LinkData> parentLinks) {
    SamplingResult result =
        delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    if (result.getDecision() != SamplingDecision.DROP || !mayCarryCost(parentContext, attributes)) {
      return result;
    }
    return result == SamplingResult.drop() ? SamplingResult.recordOnly() : new RecordOnly(result);
  }

  private static boolean mayCarryCost(Context parentContext, Attributes attributes) {
    try {
      return attributes != null
              && (attributes.get(GenAiAttributes.OPERATION_NAME) != null
                  || attributes.get(GenAiAttributes.L9_SPAN_KIND) != null)
          || SamplerInputs.insideLibraryScope(parentContext);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      return false;
    }
  }

  @Override
  public String getDescription() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }

  /** A delegate's DROP with its attributes and trace state, recorded. */
  private static final class RecordOnly implements SamplingResult {
    private final SamplingResult dropped;

    RecordOnly(SamplingResult dropped) {
      this.dropped = dropped;
    }

    @Override
    public SamplingDecision getDecision() {
      return SamplingDecision.RECORD_ONLY;
    }

    @Override
    public Attributes getAttributes() {
      return dropped.getAttributes();
    }

    @Override
    public TraceState getUpdatedTraceState(TraceState parentTraceState) {
      return dropped.getUpdatedTraceState(parentTraceState);
    }
  }
}
