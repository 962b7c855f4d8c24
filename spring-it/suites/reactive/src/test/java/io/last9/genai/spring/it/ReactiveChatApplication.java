/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.it;

import io.last9.genai.WorkflowContext;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.util.UUID;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A WebFlux chat service as an application would write it: Spring AI's ChatClient behind a
 * controller that returns {@code Mono}s, blocking calls moved off the event loop.
 */
@SpringBootApplication
public class ReactiveChatApplication {

  public static void main(String[] args) {
    SpringApplication.run(ReactiveChatApplication.class, args);
  }

  /**
   * Boot's tracing (3.5's actuator, 4's OpenTelemetry starter) exports to every SpanExporter bean.
   */
  @Bean
  InMemorySpanExporter inMemorySpanExporter() {
    return InMemorySpanExporter.create();
  }

  @RestController
  static class ChatController {
    private final ChatClient chat;
    private final MessageChatMemoryAdvisor memory =
        MessageChatMemoryAdvisor.builder(MessageWindowChatMemory.builder().build()).build();

    ChatController(ChatClient.Builder builder) {
      this.chat = builder.build();
    }

    /** The blocking call, on the scheduler meant for blocking work. */
    @PostMapping({"/chat", "/chat/{tag}"})
    Mono<String> chat(@RequestBody String message) {
      return call(message);
    }

    /** The streaming call: Spring AI's Flux, collected into the answer. */
    @PostMapping("/stream")
    Mono<String> stream(@RequestBody String message) {
      return chat.prompt().user(message).stream()
          .content()
          .collectList()
          .map(parts -> String.join("", parts));
    }

    /**
     * A streamed call of the chat memory conversation the request names in {@code X-Memory-Id}: the
     * conversation is known only once the memory advisor runs.
     */
    @PostMapping("/memory-stream")
    Mono<String> memoryStream(
        @RequestBody String message, @RequestHeader("X-Memory-Id") String memoryId) {
      return chat
          .prompt()
          .user(message)
          .advisors(memory)
          .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, memoryId))
          .stream()
          .content()
          .collectList()
          .map(parts -> String.join("", parts));
    }

    /** Two calls answering one request: a rewrite, then the answer to the rewritten question. */
    @PostMapping("/rewrite-and-answer")
    Mono<String> rewriteAndAnswer(@RequestBody String message) {
      return call("Rewrite as a question: " + message).flatMap(this::call);
    }

    /**
     * A workflow of two calls in blocking code on the blocking scheduler: the scope is opened and
     * closed on the thread that runs it.
     */
    @PostMapping("/workflow")
    Mono<String> workflow(@RequestBody String message) {
      return Mono.fromCallable(
              () -> {
                try (WorkflowContext w =
                    WorkflowContext.builder("support-" + UUID.randomUUID())
                        .type("support")
                        .start()) {
                  String question =
                      chat.prompt().user("Rewrite as a question: " + message).call().content();
                  return chat.prompt().user(question).call().content();
                }
              })
          .subscribeOn(Schedulers.boundedElastic());
    }

    private Mono<String> call(String message) {
      return Mono.fromCallable(() -> chat.prompt().user(message).call().content())
          .subscribeOn(Schedulers.boundedElastic());
    }
  }
}
