/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.it;

import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.OpenAITokens;
import java.util.List;

/**
 * The loopback OpenAI-compatible server for looking at the Dev UI card by hand: run it, then start
 * this application in dev mode with {@code quarkus.langchain4j.openai.base-url} set to the URL it
 * prints (see {@code dev-ui.sh}). Every plain request gets the same answer (42 input, 11 output
 * tokens) and every streamed one the same three-chunk stream (96 input, 18 output tokens), so the
 * card shows the same costs however often it is run. Not a test: it runs until killed.
 */
public final class DevUiOpenAiServer {

  private DevUiOpenAiServer() {}

  /** Starts the server and prints its base URL on the first line of standard output. */
  public static void main(String... args) throws InterruptedException {
    FakeOpenAI server = FakeOpenAI.start();
    server.respondWith(
        request ->
            request.json().path("stream").asBoolean(false)
                ? FakeOpenAI.chatCompletionStream(
                    "chatcmpl-dev-2",
                    "gpt-4o-2024-08-06",
                    List.of("Day 1: Alfama. ", "Day 2: Belem. ", "Day 3: Sintra."),
                    OpenAITokens.of(96, 18))
                : FakeOpenAI.chatCompletion(
                    "chatcmpl-dev-1",
                    "gpt-4o-2024-08-06",
                    "Lisbon in May: 22 degrees and sunny.",
                    OpenAITokens.of(42, 11)));
    System.out.println(server.baseUrl());
    System.out.flush();
    Thread.currentThread().join();
  }
}
