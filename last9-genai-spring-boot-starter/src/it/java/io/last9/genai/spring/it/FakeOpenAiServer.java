/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.it;

import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.FakeReply;
import io.last9.genai.testing.OpenAITokens;
import io.last9.genai.testing.RecordedRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.util.ClassUtils;

/**
 * The test kit's loopback OpenAI server, answering every chat completion Spring AI sends (streamed
 * when the request asks), with a prompt token count that grows with the request, so calls of
 * different sizes cost different amounts.
 */
final class FakeOpenAiServer implements AutoCloseable {

  static final String MODEL = "gpt-4o-2024-08-06";
  static final long COMPLETION_TOKENS = 8;

  private final FakeOpenAI openai = FakeOpenAI.start();
  private final AtomicInteger ids = new AtomicInteger();

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

  private FakeReply reply(RecordedRequest request) {
    String id = "chatcmpl-" + ids.incrementAndGet();
    OpenAITokens usage = OpenAITokens.of(10 + request.body().length() / 10, COMPLETION_TOKENS);
    if (request.json().path("stream").asBoolean(false)) {
      return FakeOpenAI.chatCompletionStream(id, MODEL, List.of("It ", "will ", "rain."), usage);
    }
    return FakeOpenAI.chatCompletion(id, MODEL, "It will rain tomorrow.", usage);
  }

  @Override
  public void close() {
    openai.close();
  }
}
