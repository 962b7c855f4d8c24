/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.spring.ChatMemoryConversationAdvisor;
import org.springframework.ai.chat.client.ChatClientCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Spring AI: the chat-memory conversation id becomes the conversation id (see {@link
 * ChatMemoryConversationAdvisor}). Spring AI's chat, embedding, tool and advisor spans need nothing
 * else: the processor prices and numbers them wherever they are made.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@AutoConfiguration
@ConditionalOnClass(
    name = {
      "org.springframework.ai.chat.client.ChatClientCustomizer",
      "org.springframework.ai.chat.memory.ChatMemory",
      "reactor.core.publisher.Flux"
    })
@ConditionalOnProperty(
    prefix = "last9.genai",
    name = {"enabled", "spring-ai.chat-memory-conversation"},
    matchIfMissing = true)
public class Last9SpringAiAutoConfiguration {

  /** The advisor. */
  @Bean
  @ConditionalOnMissingBean
  public ChatMemoryConversationAdvisor last9ChatMemoryConversationAdvisor() {
    return new ChatMemoryConversationAdvisor();
  }

  /** Adds the advisor to the auto-configured {@code ChatClient.Builder}. */
  @Bean
  public ChatClientCustomizer last9ChatMemoryConversationCustomizer(
      ChatMemoryConversationAdvisor advisor) {
    return builder -> builder.defaultAdvisors(advisor);
  }
}
