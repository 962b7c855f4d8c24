/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationView;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;

/**
 * Gives each chat model span of a Spring AI tool loop the tokens of its own call.
 *
 * <p>When a chat model runs the tools the model asked for itself (Spring AI 1.x's models by
 * default) and calls the model again with their results, the follow-up's response reports the usage
 * of every call of the loop so far, added up ({@code UsageCalculator.getCumulativeUsage}), and its
 * span says so. Priced as it stands, the first call would be paid twice. Spring AI marks such a
 * sum: it is a new {@code Usage} without the provider's native usage. This filter remembers, on the
 * parent observation the calls of one loop share, what the last step reported, and writes the
 * difference on the follow-up's span. A call outside every observation, or a usage that did not
 * grow, is left as it is.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ToolLoopUsageFilter implements ObservationFilter {

  private static final Logger logger = Logger.getLogger(ToolLoopUsageFilter.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  /** The keys Spring AI's chat model convention writes the token counts under. */
  static final String INPUT_TOKENS = "gen_ai.usage.input_tokens";

  static final String OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
  static final String TOTAL_TOKENS = "gen_ai.usage.total_tokens";

  /** Where the parent observation keeps what the last step of its tool loop reported. */
  private static final Object LAST_STEP = new Object();

  @Override
  public Observation.Context map(Observation.Context context) {
    if (!(context instanceof ChatModelObservationContext)) {
      return context;
    }
    try {
      correct((ChatModelObservationContext) context);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "tool-loop-usage",
          Level.WARNING,
          "last9-genai could not read a Spring AI tool loop's usage; its span keeps Spring AI's counts",
          t);
    }
    return context;
  }

  private static void correct(ChatModelObservationContext chat) {
    Observation.Context loop = parentContext(chat);
    ChatResponse response = chat.getResponse();
    ChatResponseMetadata metadata = response == null ? null : response.getMetadata();
    Usage usage = metadata == null ? null : metadata.getUsage();
    if (loop == null || usage == null) {
      return;
    }
    Counts reported = Counts.of(usage);
    Counts before = loop.get(LAST_STEP);
    if (before != null && usage.getNativeUsage() == null && reported.covers(before)) {
      Counts own = reported.minus(before);
      chat.addHighCardinalityKeyValue(KeyValue.of(INPUT_TOKENS, Long.toString(own.input)));
      chat.addHighCardinalityKeyValue(KeyValue.of(OUTPUT_TOKENS, Long.toString(own.output)));
      chat.addHighCardinalityKeyValue(
          KeyValue.of(TOTAL_TOKENS, Long.toString(own.input + own.output)));
    }
    if (response.hasToolCalls()) {
      // the model asked for tools: the next call under the same parent may add to this
      loop.put(LAST_STEP, reported);
    } else {
      loop.remove(LAST_STEP);
    }
  }

  private static Observation.Context parentContext(Observation.Context context) {
    ObservationView parent = context.getParentObservation();
    if (parent == null) {
      return null;
    }
    Object view = parent.getContextView();
    return view instanceof Observation.Context ? (Observation.Context) view : null;
  }

  /** Token counts as Spring AI reported them. */
  private static final class Counts {
    final long input;
    final long output;

    private Counts(long input, long output) {
      this.input = input;
      this.output = output;
    }

    static Counts of(Usage usage) {
      return new Counts(count(usage.getPromptTokens()), count(usage.getCompletionTokens()));
    }

    private static long count(Integer n) {
      return n == null ? 0 : n;
    }

    boolean covers(Counts earlier) {
      return input >= earlier.input && output >= earlier.output;
    }

    Counts minus(Counts earlier) {
      return new Counts(input - earlier.input, output - earlier.output);
    }
  }
}
