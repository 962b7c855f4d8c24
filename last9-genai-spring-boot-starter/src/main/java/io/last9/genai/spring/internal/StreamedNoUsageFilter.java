/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.MessageAggregator;
import org.springframework.ai.chat.observation.ChatModelObservationContext;

/**
 * Takes the token counts Spring AI makes up for a streamed call that reported no usage off its chat
 * span, so the call is marked unpriced ({@code no_usage}) instead of priced at $0.
 *
 * <p>Spring AI (1.1 and 2.0) builds a streamed call's final response with its {@code
 * MessageAggregator}, whose usage starts at 0 and keeps only the positive counts the stream's
 * chunks report. A stream that reported none (an OpenAI stream that did not ask for its usage) ends
 * with prompt, completion and total counts of 0, which its chat span carries as {@code
 * gen_ai.usage.input_tokens="0"} and so on. Those zeros are the aggregator's starting value, not
 * usage: this filter removes them. Only that shape is touched: the aggregator's own usage type with
 * every count 0. A call that reported a count, and every unstreamed call, keeps what Spring AI
 * wrote.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class StreamedNoUsageFilter implements ObservationFilter {

  private static final Logger logger = Logger.getLogger(StreamedNoUsageFilter.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  /** The keys Spring AI's chat model convention writes token counts under (1.1 and 2.0). */
  static final String[] USAGE_KEYS = {
    "gen_ai.usage.input_tokens",
    "gen_ai.usage.output_tokens",
    "gen_ai.usage.total_tokens",
    "gen_ai.usage.cache_read.input_tokens",
    "gen_ai.usage.cache_creation.input_tokens"
  };

  @Override
  public Observation.Context map(Observation.Context context) {
    if (!(context instanceof ChatModelObservationContext)) {
      return context;
    }
    try {
      if (hasMadeUpUsage(((ChatModelObservationContext) context).getResponse())) {
        context.removeHighCardinalityKeyValues(USAGE_KEYS);
      }
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "streamed-no-usage",
          Level.WARNING,
          "last9-genai could not read a Spring AI streamed call's usage; its span keeps Spring AI's counts",
          t);
    }
    return context;
  }

  /** True for the aggregator's usage of a stream that reported no count at all. */
  static boolean hasMadeUpUsage(ChatResponse response) {
    ChatResponseMetadata metadata = response == null ? null : response.getMetadata();
    Usage usage = metadata == null ? null : metadata.getUsage();
    return usage instanceof MessageAggregator.DefaultUsage
        && isZero(usage.getPromptTokens())
        && isZero(usage.getCompletionTokens())
        && isZero(usage.getTotalTokens());
  }

  private static boolean isZero(Integer count) {
    return count == null || count == 0;
  }
}
