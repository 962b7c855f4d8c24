package io.last9.genai.openai.internal;

import com.openai.core.JsonField;
import com.openai.models.ChatModel;
import com.openai.models.ResponsesModel;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.responses.ResponseUsage;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.Usage;
import io.last9.genai.internal.SpanUsage;
import io.opentelemetry.api.trace.Span;
import java.util.Optional;

/**
 * Converts openai-java usage objects into the normalised {@link Usage} and writes the detail counts the
 * OpenTelemetry instrumentation does not write. Uses the typed accessors only (no reflection) and the lenient
 * {@code _field().asKnown()} form for fields a compatible server may leave out, so a missing detail never throws.
 */
public final class OpenAIUsage {

  private OpenAIUsage() {}

  /**
   * Chat Completions usage: {@code prompt_tokens} (cached included, as in the semantic conventions),
   * {@code completion_tokens} (reasoning included), {@code prompt_tokens_details.cached_tokens},
   * {@code prompt_tokens_details.cache_write_tokens}, {@code completion_tokens_details.reasoning_tokens}.
   */
  public static Usage of(CompletionUsage u) {
    Usage.Builder b = Usage.builder()
        .inputTokens(known(u._promptTokens()))
        .outputTokens(known(u._completionTokens()));
    u._promptTokensDetails().asKnown().ifPresent(d -> {
      b.cacheReadInputTokens(known(d._cachedTokens()));
      b.cacheCreationInputTokens(known(d._cacheWriteTokens()));
    });
    u._completionTokensDetails().asKnown()
        .ifPresent(d -> b.reasoningOutputTokens(known(d._reasoningTokens())));
    return b.build();
  }

  /**
   * Responses API usage: {@code input_tokens} (cached included), {@code output_tokens} (reasoning included),
   * {@code input_tokens_details.cached_tokens}, {@code output_tokens_details.reasoning_tokens}.
   */
  public static Usage of(ResponseUsage u) {
    Usage.Builder b = Usage.builder()
        .inputTokens(known(u._inputTokens()))
        .outputTokens(known(u._outputTokens()));
    u._inputTokensDetails().asKnown().ifPresent(d -> {
      b.cacheReadInputTokens(known(d._cachedTokens()));
      b.cacheCreationInputTokens(known(d._cacheWriteTokens()));
    });
    u._outputTokensDetails().asKnown().ifPresent(d -> b.reasoningOutputTokens(known(d._reasoningTokens())));
    return b.build();
  }

  /**
   * Writes the cache and reasoning counts of {@code usage} on {@code span} when they are not zero; input and
   * output totals are left to the instrumentation (or written by the caller).
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

  private static long known(JsonField<Long> f) {
    Optional<Long> v = f.asKnown();
    return v.isPresent() && v.get() != null && v.get() > 0 ? v.get() : 0;
  }
}
