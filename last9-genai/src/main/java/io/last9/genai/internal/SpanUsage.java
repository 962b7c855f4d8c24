package io.last9.genai.internal;

import io.last9.genai.ContentRedactor;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.ResponseInfo;
import io.last9.genai.Usage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;

/**
 * Writes a response's model, id, finish reasons, token usage and captured content on a span with the
 * semantic-convention keys. One place for the observe wrapper and every client adapter, so all of them write the
 * same way: token totals always, the cache and reasoning subsets only when they are not zero, content as one
 * {@code gen_ai.content.prompt} or {@code gen_ai.content.completion} event.
 */
public final class SpanUsage {

  private SpanUsage() {}

  /** Writes response model, id and finish reasons, when known. */
  public static void setResponse(Span span, ResponseInfo info) {
    if (info.responseModel() != null) {
      span.setAttribute(GenAiAttributes.RESPONSE_MODEL, info.responseModel());
    }
    if (info.responseId() != null) {
      span.setAttribute(GenAiAttributes.RESPONSE_ID, info.responseId());
    }
    if (!info.finishReasons().isEmpty()) {
      span.setAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, info.finishReasons());
    }
  }

  /** Adds captured content (already redacted and truncated) as the prompt or completion event. */
  public static void addContent(Span span, ContentRedactor.Side side, String text) {
    if (side == ContentRedactor.Side.INPUT) {
      span.addEvent(GenAiAttributes.EVENT_PROMPT, Attributes.of(GenAiAttributes.PROMPT, text));
    } else {
      span.addEvent(GenAiAttributes.EVENT_COMPLETION, Attributes.of(GenAiAttributes.COMPLETION, text));
    }
  }

  /** Writes the input and output totals and the non-zero subsets. */
  public static void setUsage(Span span, Usage usage) {
    span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, usage.inputTokens());
    span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, usage.outputTokens());
    setUsageDetails(span, usage);
  }

  /** Writes only the non-zero cache-read, cache-creation and reasoning subsets. */
  public static void setUsageDetails(Span span, Usage usage) {
    if (usage.cacheReadInputTokens() > 0) {
      span.setAttribute(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, usage.cacheReadInputTokens());
    }
    if (usage.cacheCreationInputTokens() > 0) {
      span.setAttribute(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS, usage.cacheCreationInputTokens());
    }
    if (usage.reasoningOutputTokens() > 0) {
      span.setAttribute(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS, usage.reasoningOutputTokens());
    }
  }
}
