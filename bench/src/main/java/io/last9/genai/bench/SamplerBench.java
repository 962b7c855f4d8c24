/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench;

import io.last9.genai.sampling.ConversationSampler;
import io.last9.genai.sampling.CostPreservingSampler;
import io.last9.genai.testing.TestSpanProcessor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * M9: the conversation sampler's decision against the SDK's ratio samplers. M10: a span that the
 * sampler drops and that is no GenAI span (an HTTP server span), with the library installed (our
 * processor, the cost-preserving wrapper) against the SDK alone with the same sampler. Parents are
 * passed explicitly; results go to JMH.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class SamplerBench {

  private static final AttributeKey<String> HTTP_METHOD =
      AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final List<LinkData> NO_LINKS = List.of();

  Sampler sdkRatio;
  Sampler sdkParentBased;
  Sampler conversation;
  Context root;
  Context inConversation;
  Attributes httpAttributes;
  Tracer sdkDropping;
  Tracer last9Dropping;

  @Setup
  public void setUp() {
    sdkRatio = Sampler.traceIdRatioBased(0.1);
    sdkParentBased = Sampler.parentBased(Sampler.traceIdRatioBased(0.1));
    conversation = ConversationSampler.create(0.1);
    root = Context.root();
    // a conversation id of a typical length (20 characters), inside a conversation and a workflow
    // scope
    inConversation = Fixtures.conversationAndWorkflow("user_123_session_456");
    httpAttributes = Attributes.of(HTTP_METHOD, "GET", HTTP_ROUTE, "/users/{id}");
    sdkDropping = tracer(Sampler.alwaysOff(), TestSpanProcessor.noop());
    last9Dropping = tracer(CostPreservingSampler.wrap(Sampler.alwaysOff()), Fixtures.last9());
  }

  private static Tracer tracer(Sampler sampler, SpanProcessor processor) {
    OpenTelemetry otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder().setSampler(sampler).addSpanProcessor(processor).build())
            .build();
    return otel.getTracer("bench");
  }

  /** M9 baseline: the SDK's trace-id ratio decision (parses 16 hex digits of the trace id). */
  @Benchmark
  public SamplingResult m9_sdkRatio() {
    return sdkRatio.shouldSample(
        inConversation, TRACE_ID, "chat gpt-4o", SpanKind.CLIENT, Attributes.empty(), NO_LINKS);
  }

  /**
   * M9 candidate: the conversation sampler on a span inside a conversation (hashes the 20-character
   * id).
   */
  @Benchmark
  public SamplingResult m9_conversation() {
    return conversation.shouldSample(
        inConversation, TRACE_ID, "chat gpt-4o", SpanKind.CLIENT, Attributes.empty(), NO_LINKS);
  }

  /** M9b baseline: the SDK's parent-based ratio sampler on a root span. */
  @Benchmark
  public SamplingResult m9b_sdkParentBased() {
    return sdkParentBased.shouldSample(
        root, TRACE_ID, "GET /users/{id}", SpanKind.SERVER, httpAttributes, NO_LINKS);
  }

  /**
   * M9b candidate: the conversation sampler outside every conversation (looks, then delegates to
   * the same).
   */
  @Benchmark
  public SamplingResult m9b_conversationOutside() {
    return conversation.shouldSample(
        root, TRACE_ID, "GET /users/{id}", SpanKind.SERVER, httpAttributes, NO_LINKS);
  }

  /**
   * M10 baseline: an HTTP server span dropped by the SDK's sampler (provider with a NullProcessor).
   */
  @Benchmark
  public Span m10_sdkDropped() {
    Span s =
        sdkDropping
            .spanBuilder("GET /users/{id}")
            .setParent(root)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute(HTTP_METHOD, "GET")
            .setAttribute(HTTP_ROUTE, "/users/{id}")
            .startSpan();
    s.end();
    return s;
  }

  /**
   * M10 candidate: the same span and sampler, with our processor and the cost-preserving wrapper
   * installed.
   */
  @Benchmark
  public Span m10_last9Dropped() {
    Span s =
        last9Dropping
            .spanBuilder("GET /users/{id}")
            .setParent(root)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute(HTTP_METHOD, "GET")
            .setAttribute(HTTP_ROUTE, "/users/{id}")
            .startSpan();
    s.end();
    return s;
  }

  /**
   * M10b (context): a non-GenAI span that the sampler drops inside a conversation scope, which the
   * wrapper records (not exported) so that a late-named LLM span there is priced: what recording in
   * scope costs.
   */
  @Benchmark
  public Span m10b_last9InScope() {
    Span s =
        last9Dropping
            .spanBuilder("SELECT users")
            .setParent(inConversation)
            .setSpanKind(SpanKind.CLIENT)
            .startSpan();
    s.end();
    return s;
  }
}
