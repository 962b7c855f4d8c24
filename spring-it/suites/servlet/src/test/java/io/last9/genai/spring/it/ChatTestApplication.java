/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.it;

import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.GenAiSpanKind;
import io.last9.genai.WorkflowContext;
import io.last9.genai.observe.ObserveGenAi;
import io.last9.genai.testing.GenAiLogEvents;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.client.advisor.SimpleLoggerAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A chat service as an application would write it: Spring AI's ChatClient behind a controller. */
@SpringBootApplication
@EnableAsync
public class ChatTestApplication {

  public static void main(String[] args) {
    SpringApplication.run(ChatTestApplication.class, args);
  }

  /**
   * Boot's tracing (3.5's actuator, 4's OpenTelemetry starter) exports to every SpanExporter bean.
   */
  @Bean
  InMemorySpanExporter inMemorySpanExporter() {
    return InMemorySpanExporter.create();
  }

  /** Spans recorded but not sampled (Boot's tracing adds every SpanProcessor bean). */
  @Bean
  UnsampledSpans unsampledSpans() {
    return new UnsampledSpans();
  }

  /**
   * OpenTelemetry's Spring Boot starter takes exporters and processors through its autoconfigure
   * customizers.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = "io.opentelemetry.instrumentation.spring.autoconfigure.OpenTelemetryAutoConfiguration")
  static class OtelStarterExport {
    @Bean
    AutoConfigurationCustomizerProvider testSpanExport(
        InMemorySpanExporter exporter, UnsampledSpans unsampled) {
      return c ->
          c.addTracerProviderCustomizer(
              (b, config) ->
                  b.addSpanProcessor(SimpleSpanProcessor.create(exporter))
                      .addSpanProcessor(unsampled));
    }
  }

  /** A service whose reactive method is observed with the annotation. */
  @Service
  public static class ForecastService {
    @ObserveGenAi(kind = GenAiSpanKind.CHAIN, name = "forecast_pipeline")
    public Mono<String> forecast(String city) {
      // the value arrives on another thread, after the method has returned
      return Mono.delay(Duration.ofMillis(50)).map(tick -> "Rain in " + city);
    }
  }

  /** A service that answers on another thread and opens its own conversation there. */
  @Service
  public static class AsyncSummaries {
    private final ChatClient chat;

    AsyncSummaries(ChatClient.Builder builder) {
      this.chat = builder.build();
    }

    @Async
    public CompletableFuture<String> summarize(String conversationId, String text) {
      try (ConversationContext c =
          ConversationContext.builder(conversationId).userId("async-user").singleTurn().start()) {
        return CompletableFuture.completedFuture(
            chat.prompt().user("Summarize: " + text).call().content());
      }
    }
  }

  /** A tool the model may call: Spring AI runs it between the two model calls of one prompt. */
  @Service
  public static class WeatherTools {
    @Tool(description = "The current weather in a city")
    public String currentWeather(String city) {
      return "Rain, 12°C in " + city;
    }
  }

  /**
   * A model call as OpenTelemetry's library instrumentations of openai-java or the AWS SDK make it
   * with Boot's {@code OpenTelemetry}: a client span, and the call's messages as log events emitted
   * while it is current.
   */
  @RestController
  static class InstrumentedCallController {
    private final OpenTelemetry otel;

    InstrumentedCallController(OpenTelemetry otel) {
      this.otel = otel;
    }

    @PostMapping("/instrumented-call")
    String instrumentedCall(@RequestBody String question) {
      String answer = "It will rain.";
      Span span =
          otel.getTracer("io.opentelemetry.openai-java-1.1")
              .spanBuilder("chat gpt-4o")
              .setSpanKind(SpanKind.CLIENT)
              .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
              .setAttribute(GenAiAttributes.PROVIDER_NAME, "openai")
              .setAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
              .startSpan();
      try (Scope s = span.makeCurrent()) {
        Logger events = otel.getLogsBridge().get("io.opentelemetry.openai-java-1.1");
        GenAiLogEvents.userMessage(events, question);
        GenAiLogEvents.openAiChoice(events, answer, "stop");
        span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 12L);
        span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 4L);
      } finally {
        span.end();
      }
      return answer;
    }
  }

  @RestController
  static class ChatController {
    private final ChatClient chat;
    private final ForecastService forecasts;
    private final AsyncSummaries summaries;
    private final EmbeddingModel embeddings;
    private final WeatherTools weather;
    private final MessageChatMemoryAdvisor memory =
        MessageChatMemoryAdvisor.builder(MessageWindowChatMemory.builder().build()).build();

    ChatController(
        ChatClient.Builder builder,
        ForecastService forecasts,
        AsyncSummaries summaries,
        EmbeddingModel embeddings,
        WeatherTools weather) {
      this.chat = builder.build();
      this.forecasts = forecasts;
      this.summaries = summaries;
      this.embeddings = embeddings;
      this.weather = weather;
    }

    /** The number of dimensions of the text's embedding. */
    @PostMapping("/embed")
    String embed(@RequestBody String text) {
      return Integer.toString(embeddings.embed(text).length);
    }

    /** A prompt the model answers by calling a tool first. */
    @PostMapping("/tool")
    String tool(@RequestBody String message) {
      return chat.prompt().user(message).tools(weather).call().content();
    }

    /** A streamed answer to a prompt with system instructions. */
    @PostMapping("/instructed-stream")
    String instructedStream(@RequestBody String message) {
      return joined(
          chat.prompt().system("You answer in one sentence.").user(message).stream().content());
    }

    /** The same, inside a workflow: the workflow counts both model calls and the tool call. */
    @PostMapping("/tool-workflow")
    Map<String, Object> toolWorkflow(@RequestBody String message) {
      try (WorkflowContext w =
          WorkflowContext.builder("weather-" + UUID.randomUUID()).type("weather").start()) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("answer", chat.prompt().user(message).tools(weather).call().content());
        out.put("workflowId", w.workflowId());
        return out;
      }
    }

    /** A call through an advisor of the application's own. */
    @PostMapping("/advised")
    String advised(@RequestBody String message) {
      return chat.prompt().user(message).advisors(new SimpleLoggerAdvisor()).call().content();
    }

    /** A streamed call through the same advisor. */
    @PostMapping("/advised-stream")
    String advisedStream(@RequestBody String message) {
      return joined(
          chat.prompt().user(message).advisors(new SimpleLoggerAdvisor()).stream().content());
    }

    @PostMapping("/summarize")
    String summarize(
        @RequestBody String text, @RequestHeader("X-Summary-Conversation") String conversation)
        throws Exception {
      return summaries.summarize(conversation, text).get(30, TimeUnit.SECONDS);
    }

    @PostMapping("/forecast")
    String forecast(@RequestBody String city) {
      return forecasts.forecast(city).block();
    }

    @PostMapping("/chat")
    String chat(@RequestBody String message) {
      return chat.prompt().user(message).call().content();
    }

    @PostMapping("/stream")
    String stream(@RequestBody String message) {
      return joined(chat.prompt().user(message).stream().content());
    }

    @PostMapping("/memory")
    String memory(@RequestBody String message) {
      return chat.prompt()
          .user(message)
          .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "memory-conversation-7"))
          .call()
          .content();
    }

    /** A call of the chat memory conversation the request names. */
    @PostMapping("/memory-call")
    String memoryCall(@RequestBody String message, @RequestHeader("X-Memory-Id") String memoryId) {
      return chat.prompt()
          .user(message)
          .advisors(memory)
          .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, memoryId))
          .call()
          .content();
    }

    /** The same, streamed. */
    @PostMapping("/memory-stream")
    String memoryStream(
        @RequestBody String message, @RequestHeader("X-Memory-Id") String memoryId) {
      return joined(
          chat
              .prompt()
              .user(message)
              .advisors(memory)
              .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, memoryId))
              .stream()
              .content());
    }

    /** {@code body} inside a conversation the controller opens itself (not the header filter's). */
    private static String inAppConversation(
        String conversation, String user, Supplier<String> body) {
      try (ConversationContext c = ConversationContext.builder(conversation).userId(user).start()) {
        return body.get();
      }
    }

    /** A streamed answer, collected. */
    private static String joined(Flux<String> content) {
      List<String> parts = content.collectList().block();
      return parts == null ? "" : String.join("", parts);
    }

    /**
     * A tool-calling prompt inside a conversation the controller opens (not the header filter's):
     * the README's "scopes reach Micrometer's spans".
     */
    @PostMapping("/scoped-tool")
    String scopedTool(
        @RequestBody String message,
        @RequestHeader("X-App-Conversation") String conversation,
        @RequestHeader("X-App-User") String user) {
      return inAppConversation(
          conversation, user, () -> chat.prompt().user(message).tools(weather).call().content());
    }

    /**
     * A retrieval-style answer inside a conversation the controller opens: an embedding, an
     * {@code @ObserveGenAi} method and a chat call.
     */
    @PostMapping("/scoped-rag")
    String scopedRag(
        @RequestBody String message,
        @RequestHeader("X-App-Conversation") String conversation,
        @RequestHeader("X-App-User") String user) {
      return inAppConversation(
          conversation,
          user,
          () -> {
            embeddings.embed(message);
            String forecast = forecasts.forecast("Paris").block();
            return chat.prompt().user(message + " " + forecast).call().content();
          });
    }

    /** A streamed answer inside a conversation the controller opens. */
    @PostMapping("/scoped-stream")
    String scopedStream(
        @RequestBody String message,
        @RequestHeader("X-App-Conversation") String conversation,
        @RequestHeader("X-App-User") String user) {
      return inAppConversation(
          conversation, user, () -> joined(chat.prompt().user(message).stream().content()));
    }

    /** A streamed call and a blocking one in one workflow. */
    @PostMapping("/stream-workflow")
    Map<String, Object> streamWorkflow(@RequestBody String message) {
      try (WorkflowContext w =
          WorkflowContext.builder("support-" + UUID.randomUUID()).type("support").start()) {
        String streamed = joined(chat.prompt().user(message).stream().content());
        String answer = chat.prompt().user("And briefly: " + message).call().content();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflowId", w.workflowId());
        out.put("streamed", streamed);
        out.put("answer", answer);
        return out;
      }
    }

    /**
     * A streamed answer handed to the client as server-sent events: the workflow closes when this
     * method returns, while the answer is still streaming.
     */
    @PostMapping("/stream-events-workflow")
    SseEmitter streamEventsWorkflow(@RequestBody String message) {
      SseEmitter events = new SseEmitter(30_000L);
      try (WorkflowContext w =
          WorkflowContext.builder("support-" + UUID.randomUUID()).type("support").start()) {
        chat.prompt().user(message).stream()
            .content()
            .subscribe(part -> send(events, part), events::completeWithError, events::complete);
      }
      return events;
    }

    private static void send(SseEmitter events, String part) {
      try {
        events.send(part);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Two calls in one workflow: a rewrite, then the answer. */
    @PostMapping("/workflow")
    Map<String, Object> workflow(@RequestBody String message) {
      try (WorkflowContext w =
          WorkflowContext.builder("support-" + UUID.randomUUID()).type("support").start()) {
        String rewritten = chat.prompt().user("Rewrite as a question: " + message).call().content();
        String answer = chat.prompt().user(rewritten).call().content();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflowId", w.workflowId());
        out.put("answer", answer);
        return out;
      }
    }
  }
}
