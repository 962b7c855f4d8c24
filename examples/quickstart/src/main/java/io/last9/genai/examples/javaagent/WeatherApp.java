/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.examples.javaagent;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.last9.genai.ConversationContext;
import io.last9.genai.WorkflowContext;
import java.net.URI;

/**
 * The application the sample runs under the Java agent: a three-turn weather conversation, the
 * second turn inside a workflow. It sets up no OpenTelemetry at all; the agent does.
 *
 * <p>Arguments: the OpenAI base URL, the forecast service's URL.
 */
public final class WeatherApp {

  static final String CONVERSATION = "user_123_session_456";
  static final String USER = "user_123";
  static final String WORKFLOW = "umbrella_check_1";

  private WeatherApp() {}

  public static void main(String[] args) throws Exception {
    OpenAIClient openai =
        OpenAIOkHttpClient.builder().baseUrl(args[0]).apiKey("sk-demo").maxRetries(0).build();
    WeatherAssistant assistant = new WeatherAssistant(openai, URI.create(args[1]));
    try (ConversationContext conversation =
        ConversationContext.builder(CONVERSATION).userId(USER).start()) {
      System.out.println("turn 1: " + assistant.ask("What's the weather in SF?"));
      try (WorkflowContext advice = WorkflowContext.builder(WORKFLOW).type("advice").start()) {
        System.out.println("turn 2: " + assistant.ask("Will I need an umbrella?"));
      }
      System.out.println("turn 3: " + assistant.ask("What about tomorrow?"));
    } finally {
      openai.close();
    }
  }
}
