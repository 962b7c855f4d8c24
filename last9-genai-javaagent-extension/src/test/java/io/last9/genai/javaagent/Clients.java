/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** The clients the scenario's calls use: openai-java for chat, and a GET of the document. */
final class Clients {

  private final OpenAIClient openai;
  private final Callable<String> get;

  Clients(OpenAIClient openai, Callable<String> get) {
    this.openai = openai;
    this.get = get;
  }

  /** A plain openai-java client of the fake server at {@code origin}, with no retries. */
  static OpenAIClient openai(String origin) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(origin + "/v1")
        .apiKey("sk-test")
        .maxRetries(0)
        .build();
  }

  String fetch() throws Exception {
    return get.call();
  }

  ChatCompletion completion(String message) {
    return openai
        .chat()
        .completions()
        .create(
            ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage(message).build());
  }

  String chat(String message) {
    return completion(message).choices().get(0).message().content().orElse("");
  }

  /** A chat call's response as the JSON-shaped map an application might pass on. */
  Map<String, Object> generate(String message) {
    ChatCompletion c = completion(message);
    Map<String, Object> usage = new LinkedHashMap<>();
    CompletionUsage u = c.usage().orElseThrow();
    usage.put("prompt_tokens", u.promptTokens());
    usage.put("completion_tokens", u.completionTokens());
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("id", c.id());
    response.put("model", c.model());
    response.put("usage", usage);
    return response;
  }
}
