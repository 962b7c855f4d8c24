/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j.internal;

import dev.langchain4j.model.output.TokenUsage;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import io.last9.genai.pricing.Usage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The usage of one LangChain4j call in the semantic-convention shape: input includes cached input,
 * output includes reasoning. Provider-specific {@link TokenUsage} subclasses are read for the
 * details they carry when their module is on the class path: OpenAI's cached and reasoning tokens
 * ({@code OpenAiTokenUsage}), Anthropic's cache reads and writes ({@code AnthropicTokenUsage},
 * added back to the input, which Anthropic reports without them), Gemini's cached and thinking
 * tokens ({@code GoogleAiGeminiTokenUsage}, the thinking added back to the output). LangChain4j
 * 1.19 carries no audio, image, cache-TTL or web-search counts in any of its usage types.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class UsageCounts {

  private static final Logger logger = Logger.getLogger(UsageCounts.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  private static final String OPENAI_USAGE = "dev.langchain4j.model.openai.OpenAiTokenUsage";
  private static final String ANTHROPIC_USAGE =
      "dev.langchain4j.model.anthropic.AnthropicTokenUsage";
  private static final String GEMINI_USAGE =
      "dev.langchain4j.model.googleai.GoogleAiGeminiTokenUsage";

  private UsageCounts() {}

  /**
   * The usage of {@code usage}; {@code null} when there is none or it has neither an input nor an
   * output count.
   */
  public static Usage of(TokenUsage usage) {
    if (usage == null || (usage.inputTokenCount() == null && usage.outputTokenCount() == null)) {
      return null;
    }
    long input = toLong(usage.inputTokenCount());
    long output = toLong(usage.outputTokenCount());
    try {
      if (isA(usage, OPENAI_USAGE)) {
        return OpenAiUsage.read(usage, input, output);
      } else if (isA(usage, ANTHROPIC_USAGE)) {
        return AnthropicUsage.read(usage, input, output);
      } else if (isA(usage, GEMINI_USAGE)) {
        return GeminiUsage.read(usage, input, output);
      }
    } catch (Throwable e) {
      // a LangChain4j version whose usage types differ from 1.19.0: keep the plain counts
      Throwables.rethrowIfFatal(e);
      warnings.warn(
          "langchain4j-usage",
          Level.FINE,
          "last9-genai could not read the cache and reasoning token counts of "
              + usage.getClass().getName(),
          e);
    }
    return Usage.of(input, output);
  }

  static long toLong(Integer v) {
    return v == null || v < 0 ? 0 : v.longValue();
  }

  private static boolean isA(Object o, String className) {
    for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      if (c.getName().equals(className)) {
        return true;
      }
    }
    return false;
  }
}
