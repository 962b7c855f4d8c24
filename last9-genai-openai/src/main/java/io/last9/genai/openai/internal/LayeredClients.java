package io.last9.genai.openai.internal;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.services.async.ChatServiceAsync;
import com.openai.services.blocking.ChatService;

/**
 * The one proxy chain over an openai-java client: proxies of the client, its async and sync views and its chat
 * service lead to the services a {@link ClientLayer} replaces; every other method goes to the client unchanged.
 */
final class LayeredClients {

  private LayeredClients() {}

  /** {@code client} with {@code layer}'s services in place of its own. */
  static OpenAIClient wrap(OpenAIClient client, ClientLayer layer) {
    return new ClientProxy(client, layer).proxy();
  }

  /** The async {@code client} with {@code layer}'s services in place of its own. */
  static OpenAIClientAsync wrap(OpenAIClientAsync client, ClientLayer layer) {
    return new AsyncClientProxy(client, layer).proxy();
  }

  private static final class ClientProxy extends Interceptor<OpenAIClient> {
    private final ClientLayer layer;

    ClientProxy(OpenAIClient delegate, ClientLayer layer) {
      super(delegate, OpenAIClient.class);
      this.layer = layer;
    }

    @Override
    Object intercept(String name, Class<?>[] params, Object[] args) {
      if (params.length != 0) {
        return PASS;
      }
      switch (name) {
        case "chat":
          return new ChatServiceProxy(delegate.chat(), layer).proxy();
        case "responses":
          return layer.responses(delegate.responses());
        case "async":
          return new AsyncClientProxy(delegate.async(), layer).proxy();
        default:
          return PASS;
      }
    }
  }

  private static final class ChatServiceProxy extends Interceptor<ChatService> {
    private final ClientLayer layer;

    ChatServiceProxy(ChatService delegate, ClientLayer layer) {
      super(delegate, ChatService.class);
      this.layer = layer;
    }

    @Override
    Object intercept(String name, Class<?>[] params, Object[] args) {
      if (name.equals("completions") && params.length == 0) {
        return layer.chatCompletions(delegate.completions());
      }
      return PASS;
    }
  }

  private static final class AsyncClientProxy extends Interceptor<OpenAIClientAsync> {
    private final ClientLayer layer;

    AsyncClientProxy(OpenAIClientAsync delegate, ClientLayer layer) {
      super(delegate, OpenAIClientAsync.class);
      this.layer = layer;
    }

    @Override
    Object intercept(String name, Class<?>[] params, Object[] args) {
      if (params.length != 0) {
        return PASS;
      }
      switch (name) {
        case "chat":
          return new AsyncChatServiceProxy(delegate.chat(), layer).proxy();
        case "sync":
          return new ClientProxy(delegate.sync(), layer).proxy();
        default:
          return PASS;
      }
    }
  }

  private static final class AsyncChatServiceProxy extends Interceptor<ChatServiceAsync> {
    private final ClientLayer layer;

    AsyncChatServiceProxy(ChatServiceAsync delegate, ClientLayer layer) {
      super(delegate, ChatServiceAsync.class);
      this.layer = layer;
    }

    @Override
    Object intercept(String name, Class<?>[] params, Object[] args) {
      if (name.equals("completions") && params.length == 0) {
        return layer.chatCompletionsAsync(delegate.completions());
      }
      return PASS;
    }
  }
}
