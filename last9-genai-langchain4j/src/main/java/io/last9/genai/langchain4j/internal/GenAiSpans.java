/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j.internal;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.content.ContentCapture;
import io.last9.genai.internal.SpanUsage;
import io.last9.genai.observe.internal.ErrorRecorder;
import io.last9.genai.pricing.Usage;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;
import java.util.Locale;

/**
 * Writes the GenAI semantic-convention attributes of LangChain4j calls on spans.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class GenAiSpans {

  /** Instrumentation scope of the spans this module makes. */
  public static final String INSTRUMENTATION_NAME = "io.last9.genai.langchain4j";

  /** Version reported with the instrumentation scope. */
  public static final String INSTRUMENTATION_VERSION = "0.1.0";

  private GenAiSpans() {}

  /** The tracer of this module. */
  public static Tracer tracer(OpenTelemetry openTelemetry) {
    return openTelemetry.getTracer(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION);
  }

  /** {@code operation model}, or the operation alone when the model is unknown. */
  public static String spanName(String operation, String model) {
    return model == null || model.isBlank() ? operation : operation + ' ' + model;
  }

  /** Sets the sampling-relevant and request attributes (at span start, as the conventions ask). */
  public static void setChatRequest(SpanBuilder span, ChatRequest request, String provider) {
    span.setAttribute(GenAiAttributes.OPERATION_NAME, "chat");
    span.setAttribute(GenAiAttributes.L9_SPAN_KIND, "llm");
    if (provider != null) {
      span.setAttribute(GenAiAttributes.PROVIDER_NAME, provider);
    }
    if (request == null) {
      return;
    }
    setIfPresent(span, GenAiAttributes.REQUEST_MODEL, request.modelName());
    setIfPresent(span, GenAiAttributes.REQUEST_TEMPERATURE, request.temperature());
    setIfPresent(span, GenAiAttributes.REQUEST_TOP_P, request.topP());
    if (request.topK() != null) {
      span.setAttribute(GenAiAttributes.REQUEST_TOP_K, request.topK().doubleValue());
    }
    if (request.maxOutputTokens() != null) {
      span.setAttribute(GenAiAttributes.REQUEST_MAX_TOKENS, request.maxOutputTokens().longValue());
    }
    setIfPresent(span, GenAiAttributes.REQUEST_FREQUENCY_PENALTY, request.frequencyPenalty());
    setIfPresent(span, GenAiAttributes.REQUEST_PRESENCE_PENALTY, request.presencePenalty());
    List<String> stop = request.stopSequences();
    if (stop != null && !stop.isEmpty()) {
      span.setAttribute(GenAiAttributes.REQUEST_STOP_SEQUENCES, List.copyOf(stop));
    }
  }

  /** Sets id, model, finish reason and usage from a chat response. */
  public static void setChatResponse(Span span, ChatResponse response) {
    if (response == null) {
      return;
    }
    setIfPresent(span, GenAiAttributes.RESPONSE_ID, response.id());
    setIfPresent(span, GenAiAttributes.RESPONSE_MODEL, response.modelName());
    FinishReason finish = response.finishReason();
    if (finish != null) {
      span.setAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of(finishReason(finish)));
    }
    setUsage(span, response.tokenUsage());
  }

  /** Sets the token counts of {@code usage}, normalised to the conventions. */
  public static void setUsage(Span span, TokenUsage usage) {
    Usage u = UsageCounts.of(usage);
    if (u == null) {
      return;
    }
    // a total LangChain4j did not report (an embedding's output) stays absent rather than 0
    if (usage.inputTokenCount() != null) {
      span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, u.inputTokens());
    }
    if (usage.outputTokenCount() != null) {
      span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, u.outputTokens());
    }
    SpanUsage.setUsageDetails(span, u);
  }

  /** Status ERROR, {@code error.type} (the exception class) and one {@code exception} event. */
  public static void setError(Span span, Throwable error) {
    setError(span, error, ContentCapture.isEnabled());
  }

  /**
   * {@link #setError(Span, Throwable)} for a caller with a content setting of its own: with {@code
   * captureMessages} false the exception's message, which often quotes the prompt, is left out.
   */
  public static void setError(Span span, Throwable error, boolean captureMessages) {
    if (error == null) {
      span.setStatus(StatusCode.ERROR);
      span.setAttribute(GenAiAttributes.ERROR_TYPE, "_OTHER");
      return;
    }
    // the message often quotes the prompt: redacted, or left out with capture off, as everywhere in
    // the library
    ErrorRecorder.record(
        span,
        error,
        captureMessages && ContentCapture.isEnabled(),
        null,
        ContentCapture.DEFAULT_MAX_LENGTH);
  }

  /**
   * LangChain4j's finish reason in the spelling of the OpenAI-style values the conventions show
   * ({@code stop}, {@code length}, {@code tool_calls}, {@code content_filter}).
   */
  static String finishReason(FinishReason reason) {
    switch (reason.name()) {
      case "STOP":
        return "stop";
      case "LENGTH":
        return "length";
      case "TOOL_EXECUTION":
        return "tool_calls";
      case "CONTENT_FILTER":
        return "content_filter";
      default:
        return reason.name().toLowerCase(Locale.ROOT);
    }
  }

  private static <T> void setIfPresent(SpanBuilder span, AttributeKey<T> key, T value) {
    if (value != null) {
      span.setAttribute(key, value);
    }
  }

  private static <T> void setIfPresent(Span span, AttributeKey<T> key, T value) {
    if (value != null) {
      span.setAttribute(key, value);
    }
  }
}
