/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import com.openai.core.JsonField;
import com.openai.core.JsonValue;
import com.openai.models.ChatModel;
import com.openai.models.ResponsesModel;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.responses.ResponseUsage;
import io.last9.genai.internal.SpanUsage;
import io.last9.genai.internal.TokenCounts;
import io.last9.genai.pricing.Usage;
import io.last9.genai.pricing.UsageComponent;
import io.opentelemetry.api.trace.Span;
import java.util.Map;
import java.util.Optional;

/**
 * Converts openai-java usage objects into the normalised {@link Usage} and writes the detail counts
 * the OpenTelemetry instrumentation does not write. Uses the typed accessors only (no reflection)
 * and the lenient {@code _field().asKnown()} form for fields a compatible server may leave out, so
 * a missing detail never throws.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class OpenAIUsage {

  private OpenAIUsage() {}

  /**
   * Chat Completions usage: {@code prompt_tokens} (cached, audio and image tokens included, as in
   * the semantic conventions), {@code completion_tokens} (reasoning and audio included), {@code
   * prompt_tokens_details} ({@code cached_tokens}, {@code cache_write_tokens}, {@code
   * audio_tokens}, {@code image_tokens}) and {@code completion_tokens_details} ({@code
   * reasoning_tokens}, {@code audio_tokens}).
   */
  public static Usage of(CompletionUsage u) {
    Usage.Builder b = Usage.builder();
    put(b, UsageComponent.INPUT_TOKENS, u._promptTokens());
    put(b, UsageComponent.OUTPUT_TOKENS, u._completionTokens());
    u._promptTokensDetails()
        .asKnown()
        .ifPresent(
            d -> {
              put(b, UsageComponent.CACHE_READ_TOKENS, d._cachedTokens());
              put(b, UsageComponent.INPUT_AUDIO_TOKENS, d._audioTokens());
              // fields of later openai-java releases: an older client has no accessor for them
              try {
                put(b, UsageComponent.CACHE_WRITE_TOKENS, d._cacheWriteTokens());
              } catch (LinkageError olderClient) {
                // not reported by this client: the count stays unset
              }
              try {
                put(b, UsageComponent.INPUT_IMAGE_TOKENS, d._imageTokens());
              } catch (LinkageError olderClient) {
                // as above
              }
            });
    u._completionTokensDetails()
        .asKnown()
        .ifPresent(
            d -> {
              put(b, UsageComponent.OUTPUT_REASONING_TOKENS, d._reasoningTokens());
              put(b, UsageComponent.OUTPUT_AUDIO_TOKENS, d._audioTokens());
            });
    return b.build();
  }

  /**
   * Responses API usage: {@code input_tokens} (cached included), {@code output_tokens} (reasoning
   * included), {@code input_tokens_details} ({@code cached_tokens}, {@code cache_write_tokens},
   * {@code audio_tokens}) and {@code output_tokens_details} ({@code reasoning_tokens}, {@code
   * audio_tokens}); the audio counts, which openai-java does not model for this API, are read from
   * the details' additional properties.
   */
  // openai-java does not model the audio counts of Responses usage: its raw properties are the only
  // way to them
  @SuppressWarnings("deprecation")
  public static Usage of(ResponseUsage u) {
    Usage.Builder b = Usage.builder();
    put(b, UsageComponent.INPUT_TOKENS, u._inputTokens());
    put(b, UsageComponent.OUTPUT_TOKENS, u._outputTokens());
    u._inputTokensDetails()
        .asKnown()
        .ifPresent(
            d -> {
              put(b, UsageComponent.CACHE_READ_TOKENS, d._cachedTokens());
              putAudio(b, UsageComponent.INPUT_AUDIO_TOKENS, d._additionalProperties());
              try {
                put(b, UsageComponent.CACHE_WRITE_TOKENS, d._cacheWriteTokens());
              } catch (LinkageError olderClient) {
                // a field of later openai-java releases: the count stays unset
              }
            });
    u._outputTokensDetails()
        .asKnown()
        .ifPresent(
            d -> {
              put(b, UsageComponent.OUTPUT_REASONING_TOKENS, d._reasoningTokens());
              putAudio(b, UsageComponent.OUTPUT_AUDIO_TOKENS, d._additionalProperties());
            });
    return b.build();
  }

  /**
   * Writes every count of {@code usage} other than the totals (cache, reasoning, audio, image) on
   * {@code span} when it is not zero, and the cache reads whenever the response reported them (0
   * included, so the pricer knows none were cached); input and output totals are left to the
   * instrumentation (or written by the caller).
   */
  public static void stampDetails(Span span, Usage usage) {
    SpanUsage.setUsageDetails(span, usage);
  }

  /** The model name of a Responses API model value. */
  public static String modelName(ResponsesModel model) {
    if (model == null) {
      return null;
    }
    Optional<String> s = model.string();
    if (s.isPresent()) {
      return s.get();
    }
    Optional<ChatModel> chat = model.chat();
    if (chat.isPresent()) {
      return chat.get().asString();
    }
    return model.only().map(o -> o.asString()).orElse(null);
  }

  /**
   * Sets the count of {@code component} when the response has the field: a field it left out stays
   * unreported (an OpenAI-compatible server without {@code cached_tokens} says nothing about its
   * cache), and a negative count counts as 0.
   */
  private static void put(Usage.Builder b, UsageComponent component, JsonField<Long> f) {
    Optional<Long> v = f.asKnown();
    if (v.isPresent() && v.get() != null) {
      // an absurd count is kept: the span pricer refuses to price it and marks the span, rather
      // than hiding it here
      b.count(component, Math.max(v.get(), 0));
    }
  }

  /** Sets an audio count, which openai-java does not model, from the raw property when present. */
  // JsonValue.asNumber() is declared with a raw Optional
  @SuppressWarnings("unchecked")
  private static void putAudio(
      Usage.Builder b, UsageComponent component, Map<String, JsonValue> properties) {
    JsonValue v = properties.get("audio_tokens");
    if (v == null) {
      return;
    }
    Optional<Number> n = v.asNumber();
    if (n.isEmpty()) {
      return;
    }
    long count = TokenCounts.count(n.get());
    b.count(
        component, count < 0 && n.get().doubleValue() > 0 ? Long.MAX_VALUE : Math.max(count, 0));
  }
}
