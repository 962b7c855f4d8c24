/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring;

import io.last9.genai.ContextSnapshot;
import io.last9.genai.ConversationContext;
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
 * carry {@code gen_ai.conversation.id} and a turn. A call already inside a conversation of the same
 * id (a request filter's, say) keeps it.
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
    String conversationId = (String) id;
    if (ContextSnapshot.current().conversationId().filter(conversationId::equals).isPresent()) {
      return null;
    }
    return ConversationContext.builder(conversationId).singleTurn();
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
