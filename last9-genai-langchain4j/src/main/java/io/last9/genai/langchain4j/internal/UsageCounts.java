package io.last9.genai.langchain4j.internal;

import dev.langchain4j.model.output.TokenUsage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Token counts of one LangChain4j call in the semantic-convention shape: input includes cached input, output
 * includes reasoning. Provider-specific {@link TokenUsage} subclasses (OpenAI, Anthropic) are read for their cache
 * and reasoning details when their module is on the class path.
 */
public final class UsageCounts {

  private static final Logger logger = Logger.getLogger(UsageCounts.class.getName());
  private static final String OPENAI_USAGE = "dev.langchain4j.model.openai.OpenAiTokenUsage";
  private static final String ANTHROPIC_USAGE = "dev.langchain4j.model.anthropic.AnthropicTokenUsage";

  /** All input tokens, cached included, or {@code null}. */
  public Long input;
  /** All output tokens, reasoning included, or {@code null}. */
  public Long output;
  /** Cached input tokens read, or {@code null}. */
  public Long cacheRead;
  /** Input tokens written to the cache, or {@code null}. */
  public Long cacheCreation;
  /** Reasoning output tokens, or {@code null}. */
  public Long reasoning;

  private UsageCounts() {}

  /** Reads the counts of {@code usage}; {@code null} when there is none. */
  public static UsageCounts of(TokenUsage usage) {
    if (usage == null) {
      return null;
    }
    UsageCounts c = new UsageCounts();
    c.input = toLong(usage.inputTokenCount());
    c.output = toLong(usage.outputTokenCount());
    try {
      if (isA(usage, OPENAI_USAGE)) {
        OpenAiUsage.read(usage, c);
      } else if (isA(usage, ANTHROPIC_USAGE)) {
        AnthropicUsage.read(usage, c);
      }
    } catch (LinkageError | RuntimeException e) {
      // a LangChain4j version whose usage types differ from 1.19.0: keep the plain counts
      OnceLog.warn(logger, "usage:" + usage.getClass().getName(), Level.FINE,
          "last9-genai could not read the cache and reasoning token counts of " + usage.getClass().getName(), e);
    }
    return c;
  }

  static Long toLong(Integer v) {
    return v == null ? null : Long.valueOf(v.longValue());
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
