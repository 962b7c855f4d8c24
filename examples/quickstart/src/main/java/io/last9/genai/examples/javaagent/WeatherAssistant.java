/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.examples.javaagent;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.last9.genai.observe.ObserveGenAi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Answers a weather question: fetches the forecast over plain {@code java.net.http}, then asks the
 * model with the plain openai-java client. Nothing here is instrumented by hand: under the agent,
 * the agent traces both clients and the last9-genai extension weaves {@link ObserveGenAi}.
 */
public class WeatherAssistant {

  private final OpenAIClient openai;
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI forecast;

  public WeatherAssistant(OpenAIClient openai, URI forecast) {
    this.openai = openai;
    this.forecast = forecast;
  }

  /**
   * One turn of the conversation: the span {@code ask_weather}, with the question and the answer.
   */
  @ObserveGenAi(
      name = "ask_weather",
      tags = {"weather"})
  public String ask(String question) throws IOException, InterruptedException {
    String forecastJson =
        http.send(
                HttpRequest.newBuilder(forecast).GET().build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    ChatCompletion c =
        openai
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o")
                    .addSystemMessage("You are a weather assistant. Forecast: " + forecastJson)
                    .addUserMessage(question)
                    .build());
    return c.choices().get(0).message().content().orElse("");
  }
}
