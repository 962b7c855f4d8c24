/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import com.fasterxml.jackson.databind.JsonNode;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.FakeReply;
import io.last9.genai.testing.OpenAITokens;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scenario's server, on the test kit's {@link FakeOpenAI}: chat completions answered with the
 * dated model {@value #MODEL} and usage derived from the request (a token per 4 characters of each
 * message plus 10, of which half, rounded down, were read from the prompt cache, and {@value
 * #OUTPUT_TOKENS} output tokens), numbered {@code chatcmpl-fake-1, -2, ...} in the order they were
 * asked, streamed when the request asks (the usage chunk only with {@code
 * stream_options.include_usage}, as OpenAI does); and {@code GET /docs}, a document for a plain
 * HTTP call.
 */
final class ScenarioServer {

  static final String MODEL = "gpt-4o-2024-08-06";
  static final long OUTPUT_TOKENS = 42;

  private ScenarioServer() {}

  static FakeOpenAI start() {
    AtomicInteger completions = new AtomicInteger();
    return FakeOpenAI.start()
        .respondWith(
            request -> {
              switch (request.path()) {
                case "/v1/chat/completions":
                  return chat(request.json(), completions.incrementAndGet());
                case "/docs":
                  return FakeReply.json(
                      200,
                      "{\"doc\": \"Retrieval-augmented generation grounds a model's answer in "
                          + "documents it is given.\"}");
                default:
                  return FakeOpenAI.error(
                      404, "no such path: " + request.path(), "invalid_request_error", null);
              }
            });
  }

  /**
   * The server's origin, {@code http://127.0.0.1:<port>}; the client's base URL is this plus {@code
   * /v1}.
   */
  static String origin(FakeOpenAI server) {
    return "http://127.0.0.1:" + server.port();
  }

  private static FakeReply chat(JsonNode request, int n) {
    long input = 0;
    String last = "";
    for (JsonNode m : request.path("messages")) {
      last = m.path("content").asText("");
      input += 10 + (last.length() + 3) / 4;
    }
    // cached input, as on any turn that repeats a long prompt: an instrumentation that does not
    // report it leaves a cost that must say it is an upper bound
    OpenAITokens usage = OpenAITokens.of(input, OUTPUT_TOKENS).withCachedTokens(input / 2);
    if (request.path("stream").asBoolean(false)) {
      // as OpenAI streams: the usage chunk only when the request sets include_usage
      return FakeOpenAI.chatCompletionStream(
          "chatcmpl-fake-" + n, MODEL, List.of("Answer ", "to: ", last), usage);
    }
    return FakeOpenAI.chatCompletion("chatcmpl-fake-" + n, MODEL, "Answer to: " + last, usage);
  }
}
