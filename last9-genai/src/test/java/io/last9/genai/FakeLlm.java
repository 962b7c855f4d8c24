/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny deterministic stand-in for LLM APIs: responses shaped like the JSON of OpenAI Chat
 * Completions, OpenAI Embeddings and Anthropic Messages decoded into maps (as Jackson would), and a
 * span made the way OpenTelemetry's own GenAI client instrumentation makes one.
 */
public final class FakeLlm {

  private FakeLlm() {}

  /** An OpenAI chat completion. */
  public static Map<String, Object> openAiChat(
      String id, String model, String content, long promptTokens, long completionTokens) {
    return openAiChat(id, model, content, promptTokens, completionTokens, 0, 0);
  }

  /** An OpenAI chat completion with cached prompt tokens and reasoning tokens. */
  public static Map<String, Object> openAiChat(
      String id,
      String model,
      String content,
      long promptTokens,
      long completionTokens,
      long cachedTokens,
      long reasoningTokens) {
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", promptTokens + completionTokens);
    usage.put("prompt_tokens_details", Map.of("cached_tokens", cachedTokens, "audio_tokens", 0));
    usage.put(
        "completion_tokens_details",
        Map.of("reasoning_tokens", reasoningTokens, "audio_tokens", 0));
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("object", "chat.completion");
    r.put("created", 1_727_000_000L);
    r.put("model", model);
    r.put(
        "choices",
        List.of(
            Map.of(
                "index",
                0,
                "message",
                Map.of("role", "assistant", "content", content),
                "finish_reason",
                "stop")));
    r.put("usage", usage);
    return r;
  }

  /** An OpenAI embeddings response. */
  public static Map<String, Object> openAiEmbedding(String model, long promptTokens) {
    return Map.of(
        "object",
        "list",
        "model",
        model,
        "data",
        List.of(Map.of("object", "embedding", "index", 0, "embedding", List.of(0.1, -0.2, 0.3))),
        "usage",
        Map.of("prompt_tokens", promptTokens, "total_tokens", promptTokens));
  }

  /**
   * An Anthropic message; {@code inputTokens} excludes the cache tokens, as Anthropic reports it.
   */
  public static Map<String, Object> anthropicMessage(
      String id,
      String model,
      String text,
      long inputTokens,
      long outputTokens,
      long cacheRead,
      long cacheCreation) {
    return Map.of(
        "id",
        id,
        "type",
        "message",
        "role",
        "assistant",
        "model",
        model,
        "content",
        List.of(Map.of("type", "text", "text", text)),
        "stop_reason",
        "end_turn",
        "usage",
        Map.of(
            "input_tokens",
            inputTokens,
            "output_tokens",
            outputTokens,
            "cache_read_input_tokens",
            cacheRead,
            "cache_creation_input_tokens",
            cacheCreation));
  }

  /**
   * Runs {@code body} inside a span made the way OpenTelemetry's openai-java instrumentation makes
   * one: {@code chat <model>}, kind CLIENT, operation and request model set at start, response and
   * usage at end.
   */
  public static <T> T instrumentedChat(
      Tracer tracer,
      String requestModel,
      String responseModel,
      long input,
      long output,
      java.util.function.Supplier<T> body) {
    Span span =
        tracer
            .spanBuilder("chat " + requestModel)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
            .setAttribute(GenAiAttributes.PROVIDER_NAME, "openai")
            .setAttribute(GenAiAttributes.REQUEST_MODEL, requestModel)
            .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      T result = body.get();
      span.setAttribute(GenAiAttributes.RESPONSE_MODEL, responseModel);
      span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, input);
      span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, output);
      span.setAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("stop"));
      return result;
    } finally {
      span.end();
    }
  }

  /** An instrumented chat span with no body. */
  public static void instrumentedChat(Tracer tracer, String model, long input, long output) {
    instrumentedChat(tracer, model, model, input, output, () -> null);
  }
}
