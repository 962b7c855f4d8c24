/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.content.ContentCapture;
import io.last9.genai.spring.ChatMemoryConversationAdvisor;
import io.last9.genai.spring.Last9GenAiProperties;
import io.micrometer.core.instrument.binder.okhttp3.OkHttpContext;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.chat.client.ChatClientCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring AI: the chat-memory conversation id becomes the conversation id (see {@link
 * ChatMemoryConversationAdvisor}), the chat spans of a tool loop that Spring AI's model runs itself
 * count the tokens of their own call (see {@link ToolLoopUsageFilter}), streams ask for their usage
 * (see {@link SpringAiStreamUsageDefault}) and a stream that reported none is marked, not priced at
 * $0 (see {@link StreamedNoUsageFilter}), and chat spans carry their messages in the conventions'
 * keys (see {@link SpringAiChatContent}). Spring AI's chat, embedding, tool and advisor spans need
 * nothing else: the processor prices, classifies and numbers them wherever they are made.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.ai.chat.observation.ChatModelObservationContext")
@EnableConfigurationProperties(Last9GenAiProperties.class)
@ConditionalOnProperty(prefix = "last9.genai", name = "enabled", matchIfMissing = true)
public class Last9SpringAiAutoConfiguration {

  /** Boot adds every {@code ObservationFilter} bean to the application's observation registry. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnClass(name = "io.micrometer.observation.ObservationFilter")
  public ToolLoopUsageFilter last9ToolLoopUsageFilter() {
    return new ToolLoopUsageFilter();
  }

  /** The chat call's messages on its span, in the semantic conventions' keys. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnClass(name = "io.micrometer.observation.ObservationFilter")
  @ConditionalOnProperty(
      prefix = "last9.genai.spring-ai",
      name = "capture-content",
      matchIfMissing = true)
  public SpringAiChatContent last9SpringAiChatContent(Last9GenAiProperties properties) {
    return new SpringAiChatContent(
        ContentCapture.DEFAULT_MAX_LENGTH, properties.getCapture().allows());
  }

  /**
   * Takes the token counts Spring AI makes up for a stream that reported no usage off its span, so
   * it is marked unpriced, not priced at $0.
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnClass(
      name = {
        "io.micrometer.observation.ObservationFilter",
        "org.springframework.ai.chat.model.MessageAggregator"
      })
  public StreamedNoUsageFilter last9StreamedNoUsageFilter() {
    return new StreamedNoUsageFilter();
  }

  /**
   * Spring AI 1.x's OpenAI chat model asks for a stream's usage unless the application says
   * otherwise (Spring AI 2.0 does by default).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.ai.openai.api.OpenAiApi")
  @ConditionalOnProperty(
      prefix = "last9.genai.spring-ai",
      name = "stream-usage",
      matchIfMissing = true)
  static class StreamUsage {

    /** Static: a {@code BeanFactoryPostProcessor} is created before the other beans. */
    @Bean
    static SpringAiStreamUsageDefault last9SpringAiStreamUsageDefault() {
      return new SpringAiStreamUsageDefault();
    }
  }

  /**
   * Spring AI 2.0's streamed OpenAI calls: their HTTP client span in the caller's trace, with its
   * scopes (see {@link ContextCarryingOpenAiClient}).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "org.springframework.ai.openai.http.okhttp.SpringAiOpenAiHttpClient",
        "com.openai.client.OpenAIClientAsync",
        "io.micrometer.core.instrument.binder.okhttp3.OkHttpContext",
        "okhttp3.Request"
      })
  @ConditionalOnProperty(
      prefix = "last9.genai.spring-ai",
      name = "stream-trace-context",
      matchIfMissing = true)
  static class StreamTraceContext {

    /** The parents of streams in flight. */
    @Bean
    static StreamParentRegistry last9StreamParentRegistry() {
      return new StreamParentRegistry();
    }

    /** Static: a {@code BeanPostProcessor} is created before the beans it processes. */
    @Bean
    static OpenAiStreamContextPostProcessor last9OpenAiStreamContextPostProcessor(
        ObjectProvider<ObservationRegistry> registry, StreamParentRegistry parents) {
      return new OpenAiStreamContextPostProcessor(registry, parents);
    }

    /** Boot adds every {@code ObservationPredicate} bean to the application's registry. */
    @Bean
    StreamParentPredicate last9StreamParentPredicate(StreamParentRegistry parents) {
      return new StreamParentPredicate(parents);
    }

    /** Boot adds every {@code ObservationHandler} bean, after its tracing handlers. */
    @Bean
    ObservationHandler<OkHttpContext> last9StreamParentScopeCloser() {
      return StreamParentPredicate.scopeCloser();
    }

    /** The streamed chat observation a call made where nothing is current belongs to. */
    @Bean
    StartedChatStreams last9StartedChatStreams() {
      return new StartedChatStreams();
    }
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
