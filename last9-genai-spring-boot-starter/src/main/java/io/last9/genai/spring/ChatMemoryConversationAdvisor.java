/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring;

import io.last9.genai.ConversationContext;
import io.last9.genai.internal.RequestFrame;
import io.opentelemetry.context.Context;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.core.Ordered;
import reactor.core.publisher.Flux;

/**
 * A Spring AI advisor that runs a chat client call naming a chat-memory conversation ({@code
 * .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, id))}) inside a one-turn {@link
 * ConversationContext} of that id, so the advisor, chat model, tool and HTTP spans of the call
 * carry {@code gen_ai.conversation.id} and a turn.
 *
 * <p>The rule when both are known: <b>a conversation the application already opened wins over the
 * memory id</b>. A call made inside a conversation scope (one the controller opened, or the one the
 * request headers name) opens no scope of its own, whatever its memory id; the memory id stays on
 * Spring AI's own spans as Spring AI writes it. In a servlet request, the memory id's conversation
 * is the request's: the server span and the chat client span, which start before this advisor runs,
 * carry it too, with the request's turn and its user id (the user header) when the call names no
 * user. Outside a request, the chat client span starts before the advisors and carries no ids.
 *
 * <p>The starter adds it to the auto-configured {@code ChatClient.Builder}; add it yourself to a
 * chat client you build by hand: {@code ChatClient.builder(model).defaultAdvisors(new
 * ChatMemoryConversationAdvisor())}.
 */
public final class ChatMemoryConversationAdvisor implements CallAdvisor, StreamAdvisor {

  /** Runs outside every other advisor, so the whole call is in the conversation. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

  @Override
  public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
    ConversationContext.Builder scope = scopeFor(request);
    if (scope == null) {
      return chain.nextCall(request);
    }
    try (ConversationContext conversation = scope.start()) {
      return chain.nextCall(request);
    }
  }

  @Override
  public Flux<ChatClientResponse> adviseStream(
      ChatClientRequest request, StreamAdvisorChain chain) {
    ConversationContext.Builder scope = scopeFor(request);
    if (scope == null) {
      return chain.nextStream(request);
    }
    // the scope is current while the rest of the chain is subscribed, which is when the model call
    // starts
    return Flux.from(
        subscriber -> {
          try (ConversationContext conversation = scope.start()) {
            chain.nextStream(request).subscribe(subscriber);
          }
        });
  }

  private static ConversationContext.Builder scopeFor(ChatClientRequest request) {
    Object id = request.context().get(ChatMemory.CONVERSATION_ID);
    if (!(id instanceof String) || ((String) id).isBlank()) {
      return null;
    }
    // the application's conversation (a scope, or the one the request is bound to) wins
    if (RequestFrame.conversationIn(Context.current()) != null) {
      return null;
    }
    return ConversationContext.builder((String) id).singleTurn();
  }

  @Override
  public String getName() {
    return "last9_conversation";
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
