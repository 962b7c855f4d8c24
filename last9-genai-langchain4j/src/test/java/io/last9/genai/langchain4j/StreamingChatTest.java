/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.WorkflowContext;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.last9.genai.testing.OpenAITokens;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Streaming calls of a real OpenAiStreamingChatModel: LangChain4j calls onResponse/onError on the
 * HTTP client's thread, so the span must keep the parent and the scopes that were current when the
 * call was made.
 */
class StreamingChatTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @RegisterExtension final FakeOpenAI server = FakeOpenAI.start();

  private StreamingChatModel model;

  @BeforeEach
  void setUp() {
    model =
        OpenAiStreamingChatModel.builder()
            .baseUrl(server.baseUrl())
            .apiKey("test-key")
            .modelName("gpt-4o")
            .listeners(List.of(Last9ChatModelListener.create(otel.openTelemetry())))
            .build();
  }

  /** Collects a streamed answer and the thread LangChain4j completed it on. */
  static final class Collector implements StreamingChatResponseHandler {
    final StringBuilder text = new StringBuilder();
    final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    volatile Thread completedOn;

    @Override
    public void onPartialResponse(String partialResponse) {
      text.append(partialResponse);
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
      completedOn = Thread.currentThread();
      done.complete(completeResponse);
    }

    @Override
    public void onError(Throwable error) {
      completedOn = Thread.currentThread();
      done.completeExceptionally(error);
    }

    ChatResponse await() throws Exception {
      return done.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void streamedSpanKeepsItsParentAndScopesAcrossTheThreadHopAndEndsWithUsageAndCost()
      throws Exception {
    server.enqueue(
        FakeOpenAI.chatCompletionStream(
            "chatcmpl-s1",
            "gpt-4o-2024-08-06",
            List.of("Fog ", "until ", "noon."),
            OpenAITokens.of(1200, 300).withCachedTokens(1000)));
    Collector collector = new Collector();
    Span request =
        otel.openTelemetry()
            .getTracer("test")
            .spanBuilder("POST /ask")
            .setSpanKind(SpanKind.SERVER)
            .startSpan();

    try (Scope ignored = request.makeCurrent();
        ConversationContext c = ConversationContext.builder("conv-stream").userId("u-1").start();
        WorkflowContext wf =
            WorkflowContext.builder("wf-stream")
                .type("answer")
                .openTelemetry(otel.openTelemetry())
                .start()) {
      model.chat("Weather in SF?", collector);
      collector.await();
      // the span ends just after the handler returns; wait for it before the workflow closes
      otel.awaitSpans("chat gpt-4o", 1);
    } finally {
      request.end();
    }

    assertThat(collector.text.toString()).isEqualTo("Fog until noon.");
    assertThat(collector.completedOn).isNotEqualTo(Thread.currentThread());
    assertThat(otel.spanNames())
        .containsExactlyInAnyOrder("chat gpt-4o", "invoke_workflow answer", "POST /ask");

    SpanData workflow = otel.span("invoke_workflow answer");
    SpanData http = otel.span("POST /ask");
    SpanData chat = otel.span("chat gpt-4o");
    // tree: POST /ask -> invoke_workflow answer -> chat gpt-4o, one trace
    assertThat(http.getParentSpanContext().isValid()).isFalse();
    assertThat(workflow.getParentSpanId()).isEqualTo(http.getSpanId());
    assertThat(chat.getParentSpanId()).isEqualTo(workflow.getSpanId());
    assertThat(chat.getTraceId()).isEqualTo(http.getTraceId());
    assertThat(chat.getKind()).isEqualTo(SpanKind.CLIENT);

    var a = chat.getAttributes();
    assertThat(a.get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("conv-stream");
    assertThat(a.get(GenAiAttributes.USER_ID)).isEqualTo("u-1");
    assertThat(a.get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(1L);
    assertThat(a.get(GenAiAttributes.WORKFLOW_ID)).isEqualTo("wf-stream");
    assertThat(a.get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("openai");
    assertThat(a.get(GenAiAttributes.RESPONSE_ID)).isEqualTo("chatcmpl-s1");
    assertThat(a.get(GenAiAttributes.RESPONSE_MODEL)).isEqualTo("gpt-4o-2024-08-06");
    assertThat(a.get(GenAiAttributes.RESPONSE_FINISH_REASONS)).containsExactly("stop");
    assertThat(a.get(GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(1200L);
    assertThat(a.get(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS)).isEqualTo(1000L);
    assertThat(a.get(GenAiAttributes.USAGE_OUTPUT_TOKENS)).isEqualTo(300L);
    // 200 x 2.50 + 1000 x 1.25 + 300 x 10.00, per million
    assertThat(a.get(GenAiAttributes.USAGE_COST_USD)).isCloseTo(0.00475, within(1e-12));

    var w = workflow.getAttributes();
    assertThat(w.get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(1L);
    assertThat(w.get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD)).isCloseTo(0.00475, within(1e-12));
    assertThat(w.get(GenAiAttributes.WORKFLOW_LLM_CALLS)).isEqualTo(1L);
    assertThat(w.get(GenAiAttributes.WORKFLOW_INPUT_TOKENS)).isEqualTo(1200L);
    assertThat(w.get(GenAiAttributes.WORKFLOW_OUTPUT_TOKENS)).isEqualTo(300L);

    // the model asked for the usage chunk
    assertThat(server.requests())
        .singleElement()
        .satisfies(
            r -> {
              String compact = r.body().replaceAll("\\s", "");
              assertThat(compact).contains("\"stream\":true");
              assertThat(compact).contains("\"stream_options\":{\"include_usage\":true}");
            });
  }

  @Test
  void aStreamThatEndsWithoutUsageIsMarkedNoUsageAndCountsInItsWorkflow() throws Exception {
    // an OpenAI-compatible server that sends no usage chunk although the model asks for one
    server.enqueue(
        FakeOpenAI.chatCompletionStream(
            "chatcmpl-nousage", "gpt-4o-2024-08-06", List.of("Fog."), null),
        FakeOpenAI.chatCompletionStream(
            "chatcmpl-usage", "gpt-4o-2024-08-06", List.of("Sun."), OpenAITokens.of(1200, 300)));

    try (WorkflowContext wf =
        WorkflowContext.builder("wf-two").type("two").openTelemetry(otel.openTelemetry()).start()) {
      for (int i = 0; i < 2; i++) {
        Collector collector = new Collector();
        model.chat("Weather?", collector);
        collector.await();
        otel.awaitSpans("chat gpt-4o", i + 1);
      }
    }

    List<SpanData> chats = otel.spans("chat gpt-4o");
    var unpriced = chats.get(0).getAttributes();
    assertThat(unpriced.get(GenAiAttributes.USAGE_INPUT_TOKENS)).isNull();
    assertThat(unpriced.get(GenAiAttributes.USAGE_COST_USD)).as("never a made-up $0").isNull();
    assertThat(unpriced.get(GenAiAttributes.COST_UNPRICED)).isTrue();
    assertThat(unpriced.get(GenAiAttributes.COST_UNPRICED_REASON)).isEqualTo("no_usage");
    // 1,200 x 2.50 + 300 x 10.00 per million
    assertThat(chats.get(1).getAttributes().get(GenAiAttributes.USAGE_COST_USD))
        .isCloseTo(0.006, within(1e-12));
    var w = otel.span("invoke_workflow two").getAttributes();
    assertThat(w.get(GenAiAttributes.WORKFLOW_LLM_CALLS)).as("both calls").isEqualTo(2L);
    assertThat(w.get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD)).isCloseTo(0.006, within(1e-12));
  }

  @Test
  void streamedRateLimitEndsTheSpanWithErrorOnTheOtherThread() throws Exception {
    server.enqueue(FakeOpenAI.rateLimited());
    Collector collector = new Collector();

    try (ConversationContext c = ConversationContext.builder("conv-stream-err").start()) {
      model.chat("hi", collector);
    }
    Throwable thrown =
        ChatModelListenerTest.catchThrown(
                () -> {
                  try {
                    collector.await();
                  } catch (java.util.concurrent.ExecutionException e) {
                    throw new RuntimeException(e.getCause());
                  } catch (Exception e) {
                    throw new AssertionError(e);
                  }
                })
            .getCause();
    otel.awaitSpans("chat gpt-4o", 1);

    assertThat(thrown).isInstanceOf(RateLimitException.class);
    SpanData chat = otel.span("chat gpt-4o");
    assertThat(chat.getAttributes().get(GenAiAttributes.CONVERSATION_ID))
        .isEqualTo("conv-stream-err");
    assertThat(chat.getAttributes().get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(1L);
    assertThat(chat.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    ChatModelListenerTest.assertError(chat, thrown, RateLimitException.class.getName());
  }

  @Test
  void concurrentStreamsEachKeepTheirOwnParentAndConversation() throws Exception {
    int n = 8;
    for (int i = 0; i < n; i++) {
      server.enqueue(
          FakeOpenAI.chatCompletionStream(
              "chatcmpl-c" + i, "gpt-4o-2024-08-06", List.of("ok"), OpenAITokens.of(40, 4)));
    }
    var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
    var parents = new java.util.concurrent.ConcurrentHashMap<String, String>();
    try {
      List<java.util.concurrent.Future<?>> calls = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        String conversation = "conv-" + i;
        calls.add(
            pool.submit(
                () -> {
                  Span parent =
                      otel.openTelemetry()
                          .getTracer("test")
                          .spanBuilder("request " + conversation)
                          .startSpan();
                  parents.put(conversation, parent.getSpanContext().getSpanId());
                  Collector collector = new Collector();
                  try (Scope ignored = parent.makeCurrent();
                      ConversationContext c = ConversationContext.builder(conversation).start()) {
                    model.chat("hi", collector);
                  } finally {
                    parent.end();
                  }
                  collector.await();
                  return null;
                }));
      }
      for (var f : calls) {
        f.get(20, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdown();
    }
    List<SpanData> chats = otel.awaitSpans("chat gpt-4o", n);
    assertThat(chats).hasSize(n);
    for (SpanData chat : chats) {
      String conversation = chat.getAttributes().get(GenAiAttributes.CONVERSATION_ID);
      assertThat(chat.getParentSpanId()).as(conversation).isEqualTo(parents.get(conversation));
      assertThat(chat.getAttributes().get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(1L);
      assertThat(chat.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(40L);
      // 40 x 2.50 + 4 x 10.00, per million
      assertThat(chat.getAttributes().get(GenAiAttributes.USAGE_COST_USD))
          .isCloseTo(0.00014, within(1e-12));
    }
    assertThat(chats)
        .extracting(s -> s.getAttributes().get(GenAiAttributes.CONVERSATION_ID))
        .containsExactlyInAnyOrder(
            "conv-0", "conv-1", "conv-2", "conv-3", "conv-4", "conv-5", "conv-6", "conv-7");
  }
}
