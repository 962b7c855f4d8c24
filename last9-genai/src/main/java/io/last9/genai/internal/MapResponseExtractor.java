/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.observe.UsageExtractor;
import io.last9.genai.pricing.Usage;
import io.last9.genai.pricing.UsageComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code Map}-shaped responses: the JSON of an OpenAI Chat Completions, Responses or
 * Embeddings call, or of an Anthropic Messages call, decoded into maps and lists (by Jackson, say).
 *
 * <ul>
 *   <li>OpenAI chat: {@code usage.prompt_tokens} (cached and audio included: {@code
 *       prompt_tokens_details} {@code .cached_tokens}, {@code .cache_write_tokens}, {@code
 *       .audio_tokens}), {@code usage.completion_tokens} (reasoning and audio included: {@code
 *       completion_tokens_details.reasoning_tokens}, {@code .audio_tokens}), {@code
 *       choices[].finish_reason}, {@code choices[0].message.content}.
 *   <li>OpenAI Responses: {@code usage.input_tokens} with {@code
 *       input_tokens_details.cached_tokens} (and {@code .audio_tokens}), {@code
 *       usage.output_tokens} with {@code output_tokens_details.reasoning_tokens}.
 *   <li>OpenAI embeddings: {@code usage.prompt_tokens} only.
 *   <li>Anthropic: {@code usage.input_tokens} excludes {@code cache_read_input_tokens} and {@code
 *       cache_creation_input_tokens}; they are added back so input includes cached tokens. Cache
 *       writes by TTL ({@code cache_creation.ephemeral_5m_input_tokens}, {@code
 *       .ephemeral_1h_input_tokens}), web searches ({@code server_tool_use.web_search_requests}),
 *       {@code stop_reason}, {@code content[].text}.
 *   <li>Gemini: {@code usageMetadata} (prompt, cached, candidates and thoughts counts, per-modality
 *       details).
 * </ul>
 *
 * <p>A count that is present but not a whole number from 0 to 10^12 (a string, NaN, a fraction, a
 * huge {@code BigInteger}) makes the usage untrusted: no usage is reported and the response is
 * marked ({@link ResponseInfo#usageInvalid()}), so the span says why it has no cost.
 *
 * <p>Only the counts present in the response are reported ({@link Usage#isReported}): a usage
 * object with every field missing ({@code "usage": {}}) is no usage, never a usage of 0, and OpenAI
 * cached tokens are reported only when {@code cached_tokens} is there (an OpenAI-compatible server
 * that leaves the details out says nothing about its cache). Anthropic and Gemini leave their cache
 * counts out when nothing was cached, so for them a missing cache read is a reported 0.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class MapResponseExtractor implements UsageExtractor {

  @Override
  public Class<?> responseType() {
    return Map.class;
  }

  @Override
  public ResponseInfo extract(Object response) {
    Map<?, ?> map = (Map<?, ?>) response;
    ResponseInfo.Builder b =
        ResponseInfo.builder()
            .responseModel(string(map.get("model")))
            .responseId(string(map.get("id")));
    boolean[] invalid = new boolean[1];
    Object usage = map.get("usage");
    Object gemini = map.get("usageMetadata");
    if (usage instanceof Map) {
      b.usage(usage((Map<?, ?>) usage, invalid));
    } else if (gemini instanceof Map) {
      b.usage(geminiUsage((Map<?, ?>) gemini, invalid));
      if (b.build().responseModel() == null) {
        b.responseModel(string(map.get("modelVersion")));
      }
    }
    b.usageInvalid(invalid[0]);
    List<String> finish = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    Object choices = map.get("choices");
    if (choices instanceof List) {
      for (Object c : (List<?>) choices) {
        if (c instanceof Map) {
          String reason = string(((Map<?, ?>) c).get("finish_reason"));
          if (reason != null) {
            finish.add(reason);
          }
          Object message = ((Map<?, ?>) c).get("message");
          if (text.length() == 0 && message instanceof Map) {
            String content = string(((Map<?, ?>) message).get("content"));
            if (content != null) {
              text.append(content);
            }
          }
        }
      }
    }
    String stopReason = string(map.get("stop_reason"));
    if (stopReason != null) {
      finish.add(stopReason);
      b.provider("anthropic");
    }
    Object content = map.get("content");
    if (content instanceof List) {
      for (Object block : (List<?>) content) {
        if (block instanceof Map && "text".equals(((Map<?, ?>) block).get("type"))) {
          String t = string(((Map<?, ?>) block).get("text"));
          if (t != null) {
            text.append(text.length() == 0 ? "" : " ").append(t);
          }
        }
      }
    }
    b.finishReasons(finish);
    if (text.length() > 0) {
      b.outputText(text.toString());
    }
    return b.build();
  }

  /**
   * The usage of a response, or null; {@code invalid[0]} is set when a count present cannot be
   * trusted.
   */
  private static Usage usage(Map<?, ?> u, boolean[] invalid) {
    Counts n = new Counts();
    Usage usage;
    // an Anthropic usage without a single count (no totals, no cache counts) is no usage either
    boolean anthropicCounts =
        u.get("input_tokens") != null
            || u.get("output_tokens") != null
            || u.get("cache_read_input_tokens") != null
            || u.get("cache_creation_input_tokens") != null;
    if (u.containsKey("prompt_tokens")) {
      // OpenAI Chat Completions and Embeddings: prompt_tokens includes cached and audio tokens
      usage =
          openAi(
              n,
              u,
              "prompt_tokens",
              "completion_tokens",
              "prompt_tokens_details",
              "completion_tokens_details");
    } else if (u.containsKey("cache_read_input_tokens")
        || u.containsKey("cache_creation_input_tokens")
        || u.containsKey("cache_creation")
        || u.containsKey("server_tool_use")) {
      // Anthropic: input_tokens excludes cache reads and writes
      usage =
          AnthropicCounts.usage(
              n.orZero(n.at(u, "input_tokens")),
              n.orZero(n.at(u, "cache_read_input_tokens")),
              n.orZero(n.at(u, "cache_creation_input_tokens")),
              n.orZero(n.at(u, "cache_creation", "ephemeral_5m_input_tokens")),
              n.orZero(n.at(u, "cache_creation", "ephemeral_1h_input_tokens")),
              n.orZero(n.at(u, "output_tokens")),
              0,
              n.orZero(n.at(u, "server_tool_use", "web_search_requests")));
      if (!anthropicCounts) {
        usage = Usage.empty();
      }
    } else {
      // OpenAI Responses API (and plain Anthropic without caching): input_tokens includes cached
      // tokens
      usage =
          openAi(
              n,
              u,
              "input_tokens",
              "output_tokens",
              "input_tokens_details",
              "output_tokens_details");
    }
    invalid[0] = n.invalid;
    return n.invalid ? null : usage;
  }

  /**
   * OpenAI's usage shape, under the names of Chat Completions or of the Responses API; only the
   * counts present are reported.
   */
  private static Usage openAi(
      Counts n,
      Map<?, ?> u,
      String input,
      String output,
      String inputDetails,
      String outputDetails) {
    Usage.Builder b = Usage.builder();
    n.put(b, UsageComponent.INPUT_TOKENS, n.at(u, input));
    n.put(b, UsageComponent.OUTPUT_TOKENS, n.at(u, output));
    n.put(b, UsageComponent.CACHE_READ_TOKENS, n.at(u, inputDetails, "cached_tokens"));
    n.put(b, UsageComponent.CACHE_WRITE_TOKENS, n.at(u, inputDetails, "cache_write_tokens"));
    n.put(b, UsageComponent.INPUT_AUDIO_TOKENS, n.at(u, inputDetails, "audio_tokens"));
    n.put(b, UsageComponent.OUTPUT_REASONING_TOKENS, n.at(u, outputDetails, "reasoning_tokens"));
    n.put(b, UsageComponent.OUTPUT_AUDIO_TOKENS, n.at(u, outputDetails, "audio_tokens"));
    return b.build();
  }

  /**
   * Gemini's {@code usageMetadata}: {@code promptTokenCount} (cached included), {@code
   * cachedContentTokenCount}, {@code candidatesTokenCount} plus {@code thoughtsTokenCount} as
   * output, and the per-modality details ({@code promptTokensDetails}, {@code cacheTokensDetails},
   * {@code candidatesTokensDetails}: TEXT, AUDIO, IMAGE, VIDEO, DOCUMENT, the last counted as
   * image, as genai-prices does).
   */
  private static Usage geminiUsage(Map<?, ?> u, boolean[] invalid) {
    Counts n = new Counts();
    long prompt = n.at(u, "promptTokenCount");
    long thoughts = n.at(u, "thoughtsTokenCount");
    long candidates = n.at(u, "candidatesTokenCount");
    if (prompt == Counts.ABSENT && thoughts == Counts.ABSENT && candidates == Counts.ABSENT) {
      invalid[0] = n.invalid;
      return n.invalid ? null : Usage.empty(); // "usageMetadata": {} is no usage
    }
    Usage.Builder b = Usage.builder();
    n.put(b, UsageComponent.INPUT_TOKENS, prompt);
    // Gemini leaves cachedContentTokenCount out when nothing was read from its cache
    b.cacheReadInputTokens(n.orZero(n.at(u, "cachedContentTokenCount")));
    if (candidates != Counts.ABSENT || thoughts != Counts.ABSENT) {
      b.outputTokens(Math.min(n.orZero(candidates) + n.orZero(thoughts), TokenCounts.MAX_COUNT));
    }
    n.put(b, UsageComponent.OUTPUT_REASONING_TOKENS, thoughts);
    n.modalities(
        u.get("promptTokensDetails"),
        b,
        UsageComponent.INPUT_TEXT_TOKENS,
        UsageComponent.INPUT_AUDIO_TOKENS,
        UsageComponent.INPUT_IMAGE_TOKENS,
        UsageComponent.INPUT_VIDEO_TOKENS);
    n.modalities(
        u.get("cacheTokensDetails"),
        b,
        UsageComponent.CACHE_TEXT_READ_TOKENS,
        UsageComponent.CACHE_AUDIO_READ_TOKENS,
        UsageComponent.CACHE_IMAGE_READ_TOKENS,
        UsageComponent.CACHE_VIDEO_READ_TOKENS);
    n.modalities(
        u.get("candidatesTokensDetails"),
        b,
        UsageComponent.OUTPUT_TEXT_TOKENS,
        UsageComponent.OUTPUT_AUDIO_TOKENS,
        UsageComponent.OUTPUT_IMAGE_TOKENS,
        UsageComponent.OUTPUT_VIDEO_TOKENS);
    invalid[0] = n.invalid;
    return n.invalid ? null : b.build();
  }

  /**
   * Reads counts ({@link #ABSENT} when missing), remembering whether one that was present could not
   * be trusted.
   */
  private static final class Counts {
    /** The count is not in the response (or is JSON null). */
    static final long ABSENT = -1;

    boolean invalid;

    long at(Map<?, ?> map, String key) {
      return count(map.get(key));
    }

    long at(Map<?, ?> map, String first, String second) {
      Object inner = map.get(first);
      return inner instanceof Map ? count(((Map<?, ?>) inner).get(second)) : ABSENT;
    }

    /** Sets {@code count} when it was present: a missing count is left unreported. */
    void put(Usage.Builder b, UsageComponent component, long count) {
      if (count != ABSENT) {
        b.count(component, count);
      }
    }

    long orZero(long count) {
      return count == ABSENT ? 0 : count;
    }

    void modalities(
        Object details,
        Usage.Builder b,
        UsageComponent text,
        UsageComponent audio,
        UsageComponent image,
        UsageComponent video) {
      if (!(details instanceof List)) {
        return;
      }
      long imageTotal = ABSENT;
      for (Object d : (List<?>) details) {
        if (!(d instanceof Map)) {
          continue;
        }
        Object modality = ((Map<?, ?>) d).get("modality");
        long tokens = orZero(count(((Map<?, ?>) d).get("tokenCount")));
        if ("TEXT".equals(modality)) {
          b.count(text, tokens);
        } else if ("AUDIO".equals(modality)) {
          b.count(audio, tokens);
        } else if ("IMAGE".equals(modality) || "DOCUMENT".equals(modality)) {
          imageTotal = Math.min(orZero(imageTotal) + tokens, TokenCounts.MAX_COUNT);
        } else if ("VIDEO".equals(modality)) {
          b.count(video, tokens);
        }
      }
      put(b, image, imageTotal);
    }

    /**
     * A count: absent (or JSON null) is {@link #ABSENT}; a whole number from 0 to 10^12 of any
     * {@code Number} type is taken; anything else (a string, NaN, a fraction, a negative number, a
     * {@code BigInteger} beyond range) is untrusted, and read as absent.
     */
    long count(Object v) {
      if (v == null) {
        return ABSENT;
      }
      long n = TokenCounts.count(v);
      if (n < 0) {
        invalid = true;
        return ABSENT;
      }
      return n;
    }
  }

  private static String string(Object v) {
    return v instanceof CharSequence ? v.toString() : null;
  }
}
