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
import org.springframework.context.annotation.Configuration;

/**
 * Spring AI: the chat-memory conversation id becomes the conversation id (see {@link
 * ChatMemoryConversationAdvisor}), and the chat spans of a tool loop that Spring AI's model runs
 * itself count the tokens of their own call (see {@link ToolLoopUsageFilter}). Spring AI's chat,
 * embedding, tool and advisor spans need nothing else: the processor prices, classifies and numbers
 * them wherever they are made.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.ai.chat.observation.ChatModelObservationContext")
@ConditionalOnProperty(prefix = "last9.genai", name = "enabled", matchIfMissing = true)
public class Last9SpringAiAutoConfiguration {

  /** Boot adds every {@code ObservationFilter} bean to the application's observation registry. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnClass(name = "io.micrometer.observation.ObservationFilter")
  public ToolLoopUsageFilter last9ToolLoopUsageFilter() {
    return new ToolLoopUsageFilter();
  }

  /** The chat-memory conversation id as the conversation id. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "org.springframework.ai.chat.client.ChatClientCustomizer",
        "org.springframework.ai.chat.memory.ChatMemory",
        "reactor.core.publisher.Flux"
      })
  @ConditionalOnProperty(
      prefix = "last9.genai.spring-ai",
      name = "chat-memory-conversation",
      matchIfMissing = true)
  static class ChatMemoryConversation {

    /** The advisor. */
    @Bean
    @ConditionalOnMissingBean
    ChatMemoryConversationAdvisor last9ChatMemoryConversationAdvisor() {
      return new ChatMemoryConversationAdvisor();
    }

    /** Adds the advisor to the auto-configured {@code ChatClient.Builder}. */
    @Bean
    ChatClientCustomizer last9ChatMemoryConversationCustomizer(
        ChatMemoryConversationAdvisor advisor) {
      return builder -> builder.defaultAdvisors(advisor);
    }
  }
}
