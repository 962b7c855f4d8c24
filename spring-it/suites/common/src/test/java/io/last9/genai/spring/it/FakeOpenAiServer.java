/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.FakeReply;
import io.last9.genai.testing.OpenAITokens;
import io.last9.genai.testing.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.springframework.util.ClassUtils;

/**
 * The test kit's loopback OpenAI server, answering every chat completion Spring AI sends (streamed
 * when the request asks), with a prompt token count that grows with the request, so calls of
 * different sizes cost different amounts. A request that offers tools and carries no tool result
 * yet is answered with a call of {@link #TOOL}, as a model does; embeddings requests get one vector
 * per input, at {@link #embeddingTokens} prompt tokens.
 */
final class FakeOpenAiServer implements AutoCloseable {

  static final String MODEL = "gpt-4o-2024-08-06";
  static final long COMPLETION_TOKENS = 8;
  static final String EMBEDDING_MODEL = "text-embedding-3-small";
  static final int EMBEDDING_DIMENSIONS = 8;

  /** The tool the model asks for when a request offers tools and has no tool result yet. */
  static final String TOOL = "currentWeather";

  static final String TOOL_ARGUMENTS = "{\"city\":\"Paris\"}";

  private final FakeOpenAI openai = FakeOpenAI.start();
  private final AtomicInteger ids = new AtomicInteger();
  private final List<Long> embeddingTokens = new CopyOnWriteArrayList<>();
  private final List<Long> chatPromptTokens = new CopyOnWriteArrayList<>();
  private final Map<String, CountDownLatch> paused = new ConcurrentHashMap<>();

  private FakeOpenAiServer() {
    openai.respondWith(this::reply);
  }

  static FakeOpenAiServer start() {
    return new FakeOpenAiServer();
  }

  /**
   * One server for the test run, closed when the JVM exits (cached application contexts keep its
   * address).
   */
  static FakeOpenAiServer shared() {
    return Shared.SERVER;
  }

  private static final class Shared {
    static final FakeOpenAiServer SERVER = start();

    static {
      Runtime.getRuntime().addShutdownHook(new Thread(SERVER::close));
    }
  }

  /**
   * The base URL in the form the Spring AI on the class path wants: Spring AI 1.x appends {@code
   * /v1/...} itself, Spring AI 2 (on openai-java) expects it in the URL, as OpenAI's own default
   * has it.
   */
  String baseUrl() {
    boolean springAi1 =
        ClassUtils.isPresent(
            "org.springframework.ai.openai.api.OpenAiApi", FakeOpenAiServer.class.getClassLoader());
    String v1 = openai.baseUrl();
    return springAi1 ? v1.substring(0, v1.length() - "/v1".length()) : v1;
  }

  /** The prompt token counts of the chat completions answered so far, each call's own. */
  List<Long> chatPromptTokensSent() {
    return List.copyOf(chatPromptTokens);
  }

  /**
   * The chat completion request whose body contains {@code text} (a marker the test put in its
   * message); fails unless there is exactly one.
   */
  RecordedRequest chatRequestContaining(String text) {
    List<RecordedRequest> found =
        openai.requests().stream()
            .filter(r -> r.path().endsWith("/chat/completions") && r.body().contains(text))
            .collect(Collectors.toList());
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " chat requests contain " + text);
    }
    return found.get(0);
  }

  /**
   * Streams whose request contains {@code marker} send their first event, then wait until the
   * returned latch is counted down (a model still generating while the test looks).
   */
  CountDownLatch pauseStreamsContaining(String marker) {
    return paused.computeIfAbsent(marker, m -> new CountDownLatch(1));
  }

  /** The prompt token counts of the embeddings answered so far. */
  List<Long> embeddingTokensSent() {
    return List.copyOf(embeddingTokens);
  }

  private static long embeddingTokens(String body) {
    return 3 + body.length() / 8;
  }

  private FakeReply reply(RecordedRequest request) {
    if (request.path().endsWith("/embeddings")) {
      int inputs = request.json().path("input").isArray() ? request.json().path("input").size() : 1;
      long tokens = embeddingTokens(request.body());
      embeddingTokens.add(tokens);
      return FakeOpenAI.embeddings(EMBEDDING_MODEL, inputs, EMBEDDING_DIMENSIONS, tokens);
    }
    int n = ids.incrementAndGet();
    String id = "chatcmpl-" + n;
    OpenAITokens usage = OpenAITokens.of(10 + request.body().length() / 10, COMPLETION_TOKENS);
    chatPromptTokens.add(usage.inputTokens());
    if (asksForTool(request)) {
      return FakeOpenAI.chatCompletionToolCall(
          id, MODEL, String.format("call_%024d", n), TOOL, TOOL_ARGUMENTS, usage);
    }
    if (request.json().path("stream").asBoolean(false)) {
      FakeReply stream =
          FakeOpenAI.chatCompletionStream(id, MODEL, List.of("It ", "will ", "rain."), usage);
      for (Map.Entry<String, CountDownLatch> p : paused.entrySet()) {
        if (request.body().contains(p.getKey())) {
          return stream.pauseAfter(1, p.getValue());
        }
      }
      return stream;
    }
    return FakeOpenAI.chatCompletion(id, MODEL, "It will rain tomorrow.", usage);
  }

  private static boolean asksForTool(RecordedRequest request) {
    if (request.json().path("tools").isEmpty()) {
      return false;
    }
    for (JsonNode m : request.json().path("messages")) {
      if ("tool".equals(m.path("role").asText())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    openai.close();
  }
}
