/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.pricing.Usage;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
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
 * M2 and M2b: an observed LLM call against the same work written by hand, on the same provider (our
 * processor, which prices both in onEnding). Content capture is off in both (the hand-written code
 * captures nothing).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class ObserveBench {

  static final Attributes START =
      Attributes.builder()
          .put(GenAiAttributes.L9_SPAN_KIND, "llm")
          .put(GenAiAttributes.OPERATION_NAME, "chat")
          .put(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
          .put(GenAiAttributes.PROVIDER_NAME, "openai")
          .build();

  Tracer tracer;
  GenAiObservation observed;
  GenAiObservation observedCallPricing;
  GenAiObservation observedNoop;

  @Setup
  public void setUp() {
    OpenTelemetry otel = Fixtures.otel(Fixtures.last9());
    tracer = otel.getTracer("bench");
    observed =
        GenAiObservation.llm("chat")
            .model("gpt-4o")
            .provider("openai")
            .openTelemetry(otel)
            .captureInput(false)
            .captureOutput(false)
            .build();
    observedCallPricing =
        GenAiObservation.llm("chat")
            .model("gpt-4o")
            .provider("openai")
            .openTelemetry(otel)
            .pricing(Fixtures.PRICING)
            .captureInput(false)
            .captureOutput(false)
            .build();
    observedNoop =
        GenAiObservation.llm("chat")
            .model("gpt-4o")
            .provider("openai")
            .openTelemetry(OpenTelemetry.noop())
            .build();
  }

  /**
   * M2 baseline: span with start attributes, made current, code run, response read, 5 attributes,
   * end.
   */
  @Benchmark
  public ResponseInfo m2_hand() {
    Context parent = Context.current();
    Span span = tracer.spanBuilder("chat").setParent(parent).setAllAttributes(START).startSpan();
    ResponseInfo r;
    try (io.opentelemetry.context.Scope s = parent.with(span).makeCurrent()) {
      r = Fixtures.LLM.get();
    }
    span.setAttribute(GenAiAttributes.RESPONSE_MODEL, r.responseModel());
    span.setAttribute(GenAiAttributes.RESPONSE_ID, r.responseId());
    span.setAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, r.finishReasons());
    Usage u = r.usage();
    span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, u.inputTokens());
    span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, u.outputTokens());
    span.end();
    return r;
  }

  /** M2 candidate: GenAiObservation.get around the same code. */
  @Benchmark
  public ResponseInfo m2_observe() {
    return observed.get(Fixtures.LLM);
  }

  /**
   * M2 variant: with per-call pricing (.pricing(map)), which notes the span in the processor's
   * open-span table while it is open.
   */
  @Benchmark
  public ResponseInfo m2_observeCallPricing() {
    return observedCallPricing.get(Fixtures.LLM);
  }

  /** M2b baseline: the code called directly. */
  @Benchmark
  public ResponseInfo m2b_direct() {
    return Fixtures.LLM.get();
  }

  /** M2b candidate: observe on a no-op OpenTelemetry. */
  @Benchmark
  public ResponseInfo m2b_observeNoop() {
    return observedNoop.get(Fixtures.LLM);
  }
}
