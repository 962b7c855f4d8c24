/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.services.async.ChatServiceAsync;
import com.openai.services.blocking.ChatService;
import java.util.Map;
import java.util.function.Function;

/**
 * The one proxy chain over an openai-java client: proxies of the client, its async and sync views
 * and its chat services lead to the services a {@link ClientLayer} replaces; every other method
 * goes to the client unchanged.
 */
final class LayeredClients {

  private LayeredClients() {}

  /** {@code client} with {@code layer}'s services in place of its own. */
  static OpenAIClient wrap(OpenAIClient client, ClientLayer layer) {
    return new Step<>(
            client,
            OpenAIClient.class,
            Map.of(
                "chat",
                    c ->
                        new Step<>(
                                c.chat(),
                                ChatService.class,
                                Map.<String, Function<ChatService, Object>>of(
                                    "completions",
                                    chat -> layer.chatCompletions(chat.completions())))
                            .proxy(),
                "responses", c -> layer.responses(c.responses()),
                "async", c -> wrap(c.async(), layer)))
        .proxy();
  }

  /** The async {@code client} with {@code layer}'s services in place of its own. */
  static OpenAIClientAsync wrap(OpenAIClientAsync client, ClientLayer layer) {
    return new Step<>(
            client,
            OpenAIClientAsync.class,
            Map.of(
                "chat",
                    c ->
                        new Step<>(
                                c.chat(),
                                ChatServiceAsync.class,
                                Map.<String, Function<ChatServiceAsync, Object>>of(
                                    "completions",
                                    chat -> layer.chatCompletionsAsync(chat.completions())))
                            .proxy(),
                "responses", c -> layer.responsesAsync(c.responses()),
                "sync", c -> wrap(c.sync(), layer)))
        .proxy();
  }

  /**
   * A proxy whose no-argument methods named in {@code next} lead on, each to what its function
   * makes.
   */
  private static final class Step<T> extends Interceptor<T> {
    private final Map<String, Function<T, Object>> next;

    Step(T delegate, Class<T> type, Map<String, Function<T, Object>> next) {
      super(delegate, type);
      this.next = next;
    }

    @Override
    Object intercept(String name, Class<?>[] params, Object[] args) {
      Function<T, Object> step = params.length == 0 ? next.get(name) : null;
      return step == null ? PASS : step.apply(delegate);
    }
  }
}
