/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.examples.spring;

import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.FakeReply;
import io.last9.genai.testing.OpenAITokens;
import io.last9.genai.testing.RecordedRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The OpenAI-compatible server the sample talks to: the project's loopback fake of the OpenAI API
 * (127.0.0.1, an ephemeral port, OpenAI's wire format), answering each chat completion with the
 * dated model {@code gpt-4o-2024-08-06} and a usage block of a prompt token per 4 characters of the
 * request (a streamed answer word by word, with its usage when the request asks for it), so the
 * sample runs with no key and no network.
 */
final class LoopbackOpenAi implements AutoCloseable {

  private static final String[] ANSWERS = {
    "Sunny, 18 degrees, light wind from the west.",
    "No umbrella needed: the chance of rain stays under 10% all day."
  };

  private final FakeOpenAI openai = FakeOpenAI.start();
  private final AtomicInteger completions = new AtomicInteger();

  LoopbackOpenAi() {
    openai.respondWith(this::answer);
  }

  /** Spring AI 2 takes the URL with the API version, as OpenAI's own default has it. */
  String baseUrl() {
    return openai.baseUrl();
  }

  private FakeReply answer(RecordedRequest request) {
    int n = completions.incrementAndGet();
    String id = "chatcmpl-sample-" + n;
    String answer = ANSWERS[(n - 1) % ANSWERS.length];
    OpenAITokens usage = OpenAITokens.of(request.body().length() / 4, 12);
    if (request.json().path("stream").asBoolean(false)) {
      // word by word; the usage chunk only when the request asks for it, as OpenAI does
      return FakeOpenAI.chatCompletionStream(
          id, "gpt-4o-2024-08-06", List.of(answer.split("(?<= )")), usage);
    }
    return FakeOpenAI.chatCompletion(id, "gpt-4o-2024-08-06", answer, usage);
  }

  @Override
  public void close() {
    openai.close();
  }
}
