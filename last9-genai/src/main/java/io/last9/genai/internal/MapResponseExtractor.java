package io.last9.genai.internal;

import io.last9.genai.ResponseInfo;
import io.last9.genai.Usage;
import io.last9.genai.UsageExtractor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code Map}-shaped responses: the JSON of an OpenAI Chat Completions, Responses or Embeddings call, or of
 * an Anthropic Messages call, decoded into maps and lists (by Jackson, say).
 *
 * <ul>
 *   <li>OpenAI chat: {@code usage.prompt_tokens} (cached included, {@code prompt_tokens_details.cached_tokens}),
 *       {@code usage.completion_tokens} (reasoning included, {@code completion_tokens_details.reasoning_tokens}),
 *       {@code choices[].finish_reason}, {@code choices[0].message.content}.
 *   <li>OpenAI Responses: {@code usage.input_tokens} with {@code input_tokens_details.cached_tokens},
 *       {@code usage.output_tokens} with {@code output_tokens_details.reasoning_tokens}.
 *   <li>OpenAI embeddings: {@code usage.prompt_tokens} only.
 *   <li>Anthropic: {@code usage.input_tokens} excludes {@code cache_read_input_tokens} and
 *       {@code cache_creation_input_tokens}; they are added back so input includes cached tokens.
 *       {@code stop_reason}, {@code content[].text}.
 * </ul>
 */
public final class MapResponseExtractor implements UsageExtractor {

  @Override
  public Class<?> responseType() {
    return Map.class;
  }

  @Override
  public ResponseInfo extract(Object response) {
    Map<?, ?> map = (Map<?, ?>) response;
    ResponseInfo.Builder b = ResponseInfo.builder()
        .responseModel(string(map.get("model")))
        .responseId(string(map.get("id")));
    Object usage = map.get("usage");
    if (usage instanceof Map) {
      b.usage(usage((Map<?, ?>) usage));
    }
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

  private static Usage usage(Map<?, ?> u) {
    Usage.Builder b = Usage.builder();
    if (u.containsKey("prompt_tokens")) {
      // OpenAI Chat Completions and Embeddings: prompt_tokens includes cached tokens
      b.inputTokens(number(u.get("prompt_tokens")))
          .outputTokens(number(u.get("completion_tokens")))
          .cacheReadInputTokens(number(path(u, "prompt_tokens_details", "cached_tokens")))
          .cacheCreationInputTokens(number(path(u, "prompt_tokens_details", "cache_write_tokens")))
          .reasoningOutputTokens(number(path(u, "completion_tokens_details", "reasoning_tokens")));
    } else if (u.containsKey("cache_read_input_tokens") || u.containsKey("cache_creation_input_tokens")) {
      // Anthropic: input_tokens excludes cache reads and writes
      b.anthropicStyleInput(number(u.get("input_tokens")), number(u.get("cache_read_input_tokens")),
              number(u.get("cache_creation_input_tokens")))
          .outputTokens(number(u.get("output_tokens")));
    } else {
      // OpenAI Responses API (and plain Anthropic without caching): input_tokens includes cached tokens
      b.inputTokens(number(u.get("input_tokens")))
          .outputTokens(number(u.get("output_tokens")))
          .cacheReadInputTokens(number(path(u, "input_tokens_details", "cached_tokens")))
          .reasoningOutputTokens(number(path(u, "output_tokens_details", "reasoning_tokens")));
    }
    return b.build();
  }

  private static Object path(Map<?, ?> map, String first, String second) {
    Object inner = map.get(first);
    return inner instanceof Map ? ((Map<?, ?>) inner).get(second) : null;
  }

  private static long number(Object v) {
    if (v instanceof Number) {
      long n = ((Number) v).longValue();
      return Math.max(n, 0);
    }
    return 0;
  }

  private static String string(Object v) {
    return v instanceof CharSequence ? v.toString() : null;
  }
}
