/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.pricing.Usage;
import io.last9.genai.pricing.UsageComponent;
import io.opentelemetry.api.trace.Span;

/**
 * Writes a response's model, id, finish reasons and token usage on a span with the
 * semantic-convention keys. One place for the observe wrapper and every client adapter, so all of
 * them write the same way: token totals always, the cache reads whenever they were reported (0
 * included: a span without them tells the pricer they were not, and its cost may be an upper
 * bound), every other count (cache writes, reasoning, modalities, web searches) only when it is not
 * zero. A usage with no count reported at all is not written as zeros: the span is marked {@value
 * #NO_USAGE} instead. (Captured content: {@code internal.content.SpanContent}.)
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class SpanUsage {

  /** The {@code gen_ai.l9.cost.unpriced_reason} of a call that reported no token count at all. */
  public static final String NO_USAGE = "no_usage";

  private static final UsageComponent[] COMPONENTS = UsageComponent.values();

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
    if (info.usageInvalid() && info.usage() == null) {
      span.setAttribute(GenAiAttributes.COST_UNPRICED, true);
      span.setAttribute(GenAiAttributes.COST_UNPRICED_REASON, "invalid_usage");
    }
  }

  /**
   * Writes the input and output totals and the details ({@link #setUsageDetails}); a usage with no
   * count reported at all (a usage object with every field missing) is no usage: nothing is
   * written, and the span is marked unpriced with the reason {@value #NO_USAGE}, never priced at
   * $0.
   */
  public static void setUsage(Span span, Usage usage) {
    if (!usage.isReported()) {
      markNoUsage(span);
      return;
    }
    span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, usage.inputTokens());
    span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, usage.outputTokens());
    setUsageDetails(span, usage);
  }

  /**
   * Writes every count other than the input and output totals, each under its {@link
   * UsageComponent#attributeKey()} (cache reads and writes, reasoning, audio, images, web
   * searches...): the cache reads when they were reported, 0 included, every other count when it is
   * not zero.
   */
  public static void setUsageDetails(Span span, Usage usage) {
    for (UsageComponent c : COMPONENTS) {
      if (c == UsageComponent.INPUT_TOKENS || c == UsageComponent.OUTPUT_TOKENS) {
        continue;
      }
      long v = usage.get(c);
      if (v > 0 || (c == UsageComponent.CACHE_READ_TOKENS && usage.isReported(c))) {
        span.setAttribute(c.attributeKey(), v);
        if (c == UsageComponent.CACHE_WRITE_TOKENS) {
          // the conventions renamed cache_creation to cache_write: both spellings, so backends
          // reading either see the cache writes (the old one goes with the removed keys)
          span.setAttribute(GenAiAttributes.USAGE_CACHE_WRITE_INPUT_TOKENS, v);
        }
      }
    }
  }

  /** Marks a call that reported no token count at all: no cost, and the reason why. */
  public static void markNoUsage(Span span) {
    span.setAttribute(GenAiAttributes.COST_UNPRICED, true);
    span.setAttribute(GenAiAttributes.COST_UNPRICED_REASON, NO_USAGE);
  }
}
