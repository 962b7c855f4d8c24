/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.last9.genai.testing.AnthropicTokens;
import io.last9.genai.testing.FakeAnthropic;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.FakeReply;
import io.last9.genai.testing.OpenAITokens;
import io.last9.genai.testing.RecordedRequest;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's deterministic models, served on 127.0.0.1 by the test kit's {@link FakeOpenAI} and
 * {@link FakeAnthropic} (the real clients talk to them exactly as to api.openai.com and
 * api.anthropic.com). They answer from what was asked, with realistic usage:
 *
 * <ul>
 *   <li>a token is 4 characters (rounded up); every chat prompt carries a 1,200-token shared prefix
 *       (tools, instructions);
 *   <li>OpenAI ({@code POST /v1/chat/completions}): prompt tokens = 1,200 + tokens(system) +
 *       tokens(user); the prefix is in the prompt cache from the second call on ({@code
 *       cached_tokens} = 1,200); the response model is the dated {@code gpt-4o-2024-08-06};
 *   <li>OpenAI ({@code POST /v1/embeddings}): prompt tokens = tokens(input);
 *   <li>Anthropic ({@code POST /v1/messages}): {@code input_tokens} is the uncached rest, as
 *       Anthropic reports it, tokens(system) + tokens(last user message); the first call writes the
 *       prefix to the 5-minute cache ({@code cache_creation_input_tokens} = 1,200), later calls
 *       read it ({@code cache_read_input_tokens} = 1,200); the response model is the dated {@code
 *       claude-sonnet-4-5-20250929};
 *   <li>output tokens = tokens(answer) + 40; the answer depends on the question ({@link
 *       #answerFor}).
 * </ul>
 */
public final class DemoModels {

  static final int PROMPT_PREFIX_TOKENS = 1_200;
  static final String OPENAI_MODEL = "gpt-4o-2024-08-06";
  static final String ANTHROPIC_MODEL = "claude-sonnet-4-5-20250929";

  private DemoModels() {}

  /** An OpenAI-compatible server answering chat completions and embeddings. */
  public static FakeOpenAI startOpenAI() {
    AtomicInteger chatCalls = new AtomicInteger();
    return FakeOpenAI.start()
        .respondWith(
            request ->
                switch (request.path()) {
                  case "/v1/chat/completions" ->
                      chatCompletion(request.json(), chatCalls.incrementAndGet());
                  case "/v1/embeddings" -> embeddings(request.json());
                  default -> notFound(request);
                });
  }

  /** An Anthropic-compatible server answering messages. */
  static FakeAnthropic startAnthropic() {
    AtomicInteger calls = new AtomicInteger();
    return FakeAnthropic.start()
        .respondWith(
            request ->
                "/v1/messages".equals(request.path())
                    ? message(request.json(), calls.incrementAndGet())
                    : FakeAnthropic.error(
                        404, "not_found_error", "the demo server only answers POST /v1/messages"));
  }

  static long tokens(String text) {
    return text == null ? 0 : (text.length() + 3) / 4;
  }

  static String answerFor(String question) {
    String q = question.toLowerCase(Locale.ROOT);
    if (q.contains("weather")) {
      return "It's 18°C and foggy in San Francisco this morning, clearing to sunshine by the afternoon.";
    }
    if (q.contains("umbrella")) {
      return "No umbrella needed today: there's less than a 10% chance of rain.";
    }
    if (q.contains("tomorrow")) {
      return "Tomorrow brings light rain from mid-afternoon, so take an umbrella then.";
    }
    if (q.contains("rerank")) {
      return "[\"doc2\", \"doc1\", \"doc3\"]";
    }
    return "RAG (retrieval-augmented generation) answers a question by first retrieving relevant documents and "
        + "then letting the model generate an answer grounded in them. Based on: "
        + question;
  }

  private static FakeReply chatCompletion(JsonNode request, int call) {
    String system = "";
    String user = "";
    for (JsonNode m : request.path("messages")) {
      String role = m.path("role").asText();
      if (role.equals("system")) {
        system = m.path("content").asText();
      } else if (role.equals("user")) {
        user = m.path("content").asText();
      }
    }
    String answer = answerFor(user);
    long prompt = PROMPT_PREFIX_TOKENS + tokens(system) + tokens(user);
    OpenAITokens usage =
        OpenAITokens.of(prompt, tokens(answer) + 40)
            .withCachedTokens(call == 1 ? 0 : PROMPT_PREFIX_TOKENS);
    return FakeOpenAI.chatCompletion("chatcmpl-demo" + call, OPENAI_MODEL, answer, usage);
  }

  private static FakeReply embeddings(JsonNode request) {
    JsonNode input = request.path("input");
    long prompt = 0;
    if (input.isArray()) {
      for (JsonNode i : input) {
        prompt += tokens(i.asText());
      }
    } else {
      prompt = tokens(input.asText());
    }
    return FakeOpenAI.embeddings(
        request.path("model").asText("text-embedding-3-small"), 1, 3, prompt);
  }

  private static FakeReply message(JsonNode request, int call) {
    String system = text(request.path("system"));
    String user = "";
    for (JsonNode m : request.path("messages")) {
      if ("user".equals(m.path("role").asText())) {
        user = text(m.path("content"));
      }
    }
    String answer = answerFor(user);
    AnthropicTokens usage =
        AnthropicTokens.of(tokens(system) + tokens(user), tokens(answer) + 40)
            .withCacheWrite5mInputTokens(call == 1 ? PROMPT_PREFIX_TOKENS : 0)
            .withCacheReadInputTokens(call == 1 ? 0 : PROMPT_PREFIX_TOKENS);
    return FakeAnthropic.message(
        String.format(Locale.ROOT, "msg_01Demo%014d", call), ANTHROPIC_MODEL, answer, usage);
  }

  /**
   * A system prompt or message content: a string, or an array of content blocks whose text is
   * joined.
   */
  private static String text(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder b = new StringBuilder();
    for (JsonNode block : content) {
      if ("text".equals(block.path("type").asText())) {
        b.append(block.path("text").asText());
      }
    }
    return b.toString();
  }

  private static FakeReply notFound(RecordedRequest request) {
    return FakeOpenAI.error(
        404,
        "the demo server does not answer " + request.method() + " " + request.path(),
        "invalid_request_error",
        "unknown_url");
  }
}
