/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench;

import io.last9.genai.ConversationContext;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.WorkflowContext;
import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.pricing.Usage;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Shared set-up: providers, parent contexts, the hand-written baselines. */
final class Fixtures {

  private Fixtures() {}

  static final Map<String, ModelPricing> PRICING = Map.of("gpt-4o", ModelPricing.of(2.50, 10.0));

  /** What the "LLM" returns: read by the built-in ResponseInfo extractor. */
  static final ResponseInfo RESPONSE =
      ResponseInfo.builder()
          .responseModel("gpt-4o-2024-08-06")
          .responseId("chatcmpl-123")
          .finishReasons(List.of("stop"))
          .usage(Usage.of(1_000, 500))
          .build();

  static final Supplier<ResponseInfo> LLM = () -> RESPONSE;

  /**
   * The ids a hand-written processor would keep in the Context: the same values our scopes hold.
   */
  record HandState(
      String conversationId,
      long turn,
      String userId,
      String workflowId,
      String workflowType,
      String tenant) {}

  static final ContextKey<HandState> HAND_KEY = ContextKey.named("hand-state");
  static final AttributeKey<String> CONVERSATION_ID =
      AttributeKey.stringKey("gen_ai.conversation.id");
  static final AttributeKey<Long> TURN = AttributeKey.longKey("gen_ai.conversation.turn");
  static final AttributeKey<String> USER_ID = AttributeKey.stringKey("user.id");
  static final AttributeKey<String> WORKFLOW_ID = AttributeKey.stringKey("workflow.id");
  static final AttributeKey<String> WORKFLOW_TYPE = AttributeKey.stringKey("workflow.type");
  static final AttributeKey<String> TENANT = AttributeKey.stringKey("custom.tenant");

  /** The hooks the benchmark's hand-written processors leave alone: each overrides what it uses. */
  abstract static class HandWrittenProcessor implements ExtendedSpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return true;
    }

    @Override
    public void onEnding(ReadWriteSpan span) {}

    @Override
    public boolean isOnEndingRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
      return false;
    }
  }

  /**
   * The M1 baseline: the same 6 attributes set by hand in onStart, from a state object in the
   * Context.
   */
  static final class HandProcessor extends HandWrittenProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
      HandState s = parentContext.get(HAND_KEY);
      if (s == null) {
        return;
      }
      span.setAttribute(CONVERSATION_ID, s.conversationId());
      span.setAttribute(TURN, s.turn());
      span.setAttribute(USER_ID, s.userId());
      span.setAttribute(WORKFLOW_ID, s.workflowId());
      span.setAttribute(WORKFLOW_TYPE, s.workflowType());
      span.setAttribute(TENANT, s.tenant());
    }
  }

  /**
   * The M6 floor: the same 4 keys set by hand in onStart (what any processor stamping 4 keys must
   * pay).
   */
  static final class Hand4Processor extends HandWrittenProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
      HandState s = parentContext.get(HAND_KEY);
      if (s == null) {
        return;
      }
      span.setAttribute(WORKFLOW_ID, s.workflowId());
      span.setAttribute(WORKFLOW_TYPE, s.workflowType());
      span.setAttribute(USER_ID, s.userId());
      span.setAttribute(TENANT, s.tenant());
    }
  }

  static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<String> RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");

  /**
   * The floor of "every span is priced, whoever made it": what any processor must do at the end of
   * a span that is not a model call to learn that it is not one (its operation, its request and
   * response models: three reads, each behind the span's lock). Nothing is stamped.
   */
  static class PricingReadsProcessor extends HandWrittenProcessor {
    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnding(ReadWriteSpan span) {
      if (span.getAttribute(OPERATION_NAME) == null
          && span.getAttribute(REQUEST_MODEL) == null
          && span.getAttribute(RESPONSE_MODEL) == null) {
        return;
      }
      throw new AssertionError("the benchmark's spans are no model calls");
    }

    @Override
    public boolean isOnEndingRequired() {
      return true;
    }
  }

  /**
   * The M1 and M4 floor with that guarantee: {@link HandProcessor}'s six attributes at the start
   * and {@link PricingReadsProcessor}'s three reads at the end, in one processor.
   */
  static final class HandPricingReadsProcessor extends PricingReadsProcessor {
    private final HandProcessor stamp = new HandProcessor();

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
      stamp.onStart(parentContext, span);
    }

    @Override
    public boolean isStartRequired() {
      return true;
    }
  }

  static Tracer tracer(SpanProcessor... processors) {
    return otel(processors).getTracer("bench");
  }

  static OpenTelemetry otel(SpanProcessor... processors) {
    var b = SdkTracerProvider.builder();
    for (SpanProcessor p : processors) {
      b.addSpanProcessor(p);
    }
    return OpenTelemetrySdk.builder().setTracerProvider(b.build()).build();
  }

  static Last9SpanProcessor last9() {
    return Last9SpanProcessor.builder()
        .pricing(PRICING)
        .meterProvider(MeterProvider.noop())
        .build();
  }

  /**
   * The context inside {@code ConversationContext(conv, user)} and {@code WorkflowContext(wf, rag,
   * tenant)}: six attributes stamped (conversation, user, workflow id and type, custom.tenant,
   * turn). The scopes are closed again; the captured Context keeps their state.
   */
  static Context conversationAndWorkflow(String conversationId) {
    try (ConversationContext c =
            ConversationContext.builder(conversationId).userId("user-1").start();
        WorkflowContext w =
            WorkflowContext.builder("wf-1")
                .type("rag")
                .attribute("tenant", "acme")
                .contextOnly()
                .start()) {
      return Context.current();
    }
  }

  /** The same ids, for the hand-written processor. */
  static Context handContext() {
    return Context.root()
        .with(HAND_KEY, new HandState("conv-1", 1, "user-1", "wf-1", "rag", "acme"));
  }
}
