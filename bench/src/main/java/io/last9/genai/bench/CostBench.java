/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench;

import io.last9.genai.Last9SpanProcessor;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * M8: the cost of pricing one LLM span in {@code onEnding}: a span written the way an
 * instrumentation writes it (operation, model, provider, input, output and cached tokens), ended on
 * a processor that prices it (catalog gpt-4o) vs the same processor with cost tracking off. Outside
 * every scope, so nothing but pricing differs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class CostBench {

  private static final AttributeKey<String> OPERATION =
      AttributeKey.stringKey("gen_ai.operation.name");
  private static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");
  private static final AttributeKey<String> RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");
  private static final AttributeKey<String> PROVIDER =
      AttributeKey.stringKey("gen_ai.provider.name");
  private static final AttributeKey<Long> INPUT = AttributeKey.longKey("gen_ai.usage.input_tokens");
  private static final AttributeKey<Long> OUTPUT =
      AttributeKey.longKey("gen_ai.usage.output_tokens");
  private static final AttributeKey<Long> CACHED =
      AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");

  Tracer priced;
  Tracer unpriced;
  Context root;

  @Setup
  public void setUp() {
    priced =
        Fixtures.tracer(Last9SpanProcessor.builder().meterProvider(MeterProvider.noop()).build());
    unpriced = Fixtures.tracer(Last9SpanProcessor.builder().costTracking(false).build());
    root = Context.root();
  }

  private Span llmSpan(Tracer tracer) {
    Span span =
        tracer
            .spanBuilder("chat gpt-4o")
            .setParent(root)
            .setAttribute(OPERATION, "chat")
            .setAttribute(MODEL, "gpt-4o")
            .setAttribute(PROVIDER, "openai")
            .startSpan();
    span.setAttribute(RESPONSE_MODEL, "gpt-4o-2024-08-06");
    span.setAttribute(INPUT, 2_000L);
    span.setAttribute(OUTPUT, 150L);
    span.setAttribute(CACHED, 1_536L);
    span.end();
    return span;
  }

  /** M8 baseline: the LLM span, cost tracking off. */
  @Benchmark
  public Span m8_unpriced() {
    return llmSpan(unpriced);
  }

  /** M8 candidate: the same span, priced in onEnding. */
  @Benchmark
  public Span m8_priced() {
    return llmSpan(priced);
  }
}
