/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.anthropic;

import static io.last9.genai.GenAiAttributes.CONVERSATION_TURN;
import static io.last9.genai.GenAiAttributes.COST_UNPRICED;
import static io.last9.genai.GenAiAttributes.COST_UNPRICED_REASON;
import static io.last9.genai.GenAiAttributes.ERROR_TYPE;
import static io.last9.genai.GenAiAttributes.RESPONSE_FINISH_REASONS;
import static io.last9.genai.GenAiAttributes.RESPONSE_ID;
import static io.last9.genai.GenAiAttributes.RESPONSE_MODEL;
import static io.last9.genai.GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS;
import static io.last9.genai.GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS;
import static io.last9.genai.GenAiAttributes.USAGE_COST_USD;
import static io.last9.genai.GenAiAttributes.USAGE_INPUT_TOKENS;
import static io.last9.genai.GenAiAttributes.USAGE_OUTPUT_TOKENS;
import static io.last9.genai.GenAiAttributes.WORKFLOW_ID;
import static io.last9.genai.GenAiAttributes.WORKFLOW_INPUT_TOKENS;
import static io.last9.genai.GenAiAttributes.WORKFLOW_LLM_CALLS;
import static io.last9.genai.GenAiAttributes.WORKFLOW_OUTPUT_TOKENS;
import static io.last9.genai.GenAiAttributes.WORKFLOW_TOTAL_COST_USD;
import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.core.RequestOptions;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.HttpClient;
import com.anthropic.core.http.HttpRequest;
import com.anthropic.core.http.HttpResponse;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.InternalServerException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.services.async.MessageServiceAsync;
import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.WorkflowContext;
import io.last9.genai.pricing.UsageComponent;
import io.last9.genai.testing.FakeAnthropic;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code async().messages().create}, {@code createStreaming} (blocking and async), early close,
 * workflows.
 */
class AsyncAndStreamingTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @RegisterExtension final FakeAnthropic server = FakeAnthropic.start();

  private AnthropicClient raw;
  private AnthropicClient client;

  /** The span current on the thread that hands each request to the HTTP client. */
  private final List<SpanContext> currentAtSend = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    raw =
        RawClients.builder(server)
            .addInterceptor(
                http ->
                    new HttpClient() {
                      @Override
                      public HttpResponse execute(HttpRequest request, RequestOptions options) {
                        return http.execute(request, options);
                      }

                      @Override
                      public CompletableFuture<HttpResponse> executeAsync(
                          HttpRequest request, RequestOptions options) {
                        currentAtSend.add(Span.current().getSpanContext());
                        return http.executeAsync(request, options);
                      }

                      @Override
                      public void close() {
                        http.close();
                      }
                    })
            .build();
    client = Last9Anthropic.wrap(raw, otel.openTelemetry());
  }

  @AfterEach
  void tearDown() {
    raw.close();
  }

  @Test
  void asyncCreateEndsTheSpanWhenTheFutureCompletesWithTheContextCurrentAtStart() throws Exception {
    server.enqueue(Payloads.plainMessage("msg_01AsyncReply", "Later."));
    // sees what is current on the caller's thread when the client's own async create is entered
    List<SpanContext> currentAtCreate = new CopyOnWriteArrayList<>();
    AnthropicClientAsync recording = recordingAsync(raw.async(), currentAtCreate);
    AnthropicClientAsync async = Last9Anthropic.wrap(recording, otel.openTelemetry());

    CompletableFuture<Message> future;
    try (ConversationContext c = ConversationContext.builder("conv-async").start()) {
      future = async.messages().create(SyncCallTest.params());
    }
    Message reply = future.get(10, TimeUnit.SECONDS);

    assertThat(reply.id()).isEqualTo("msg_01AsyncReply");
    SpanData span = otel.span("chat claude-sonnet-4-5");
    assertThat(span.hasEnded()).isTrue();
    assertThat(currentAtCreate).containsExactly(span.getSpanContext());
    assertThat(span.getAttributes().get(CONVERSATION_TURN)).isEqualTo(1L);
    assertThat(span.getAttributes().get(RESPONSE_ID)).isEqualTo("msg_01AsyncReply");
    assertThat(span.getAttributes().get(USAGE_INPUT_TOKENS)).isEqualTo(1_000L);
    assertThat(span.getAttributes().get(USAGE_OUTPUT_TOKENS)).isEqualTo(200L);
    // 1,000 x 3 + 200 x 15 = 6,000 -> $0.006
    assertThat(span.getAttributes().get(USAGE_COST_USD)).isCloseTo(0.006, within(1e-12));
  }

  @Test
  void theAsyncViewOfAWrappedClientIsTracedToo() throws Exception {
    server.enqueue(Payloads.plainMessage("msg_01AsyncView", "Yes."));

    client.async().messages().create(SyncCallTest.params()).get(10, TimeUnit.SECONDS);

    assertThat(otel.span("chat claude-sonnet-4-5").getAttributes().get(RESPONSE_ID))
        .isEqualTo("msg_01AsyncView");
    // anthropic-java hands the request to its HTTP client on another thread without the
    // OpenTelemetry context
    // (without the Java agent's executor instrumentation): recorded here so a change in the client
    // shows up
    assertThat(currentAtSend).containsExactly(SpanContext.getInvalid());
  }

  /**
   * An async client whose Messages service records the current span when {@code create} is entered.
   */
  private static AnthropicClientAsync recordingAsync(
      AnthropicClientAsync real, List<SpanContext> sink) {
    MessageServiceAsync messages =
        (MessageServiceAsync)
            Proxy.newProxyInstance(
                MessageServiceAsync.class.getClassLoader(),
                new Class<?>[] {MessageServiceAsync.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("create")) {
                    sink.add(Span.current().getSpanContext());
                  }
                  return invoke(method, real.messages(), args);
                });
    return (AnthropicClientAsync)
        Proxy.newProxyInstance(
            AnthropicClientAsync.class.getClassLoader(),
            new Class<?>[] {AnthropicClientAsync.class},
            (proxy, method, args) -> {
              if (method.getName().equals("messages")) {
                return messages;
              }
              if (method
                  .getName()
                  .equals("withOptions")) { // Last9Anthropic switches the client's own span off
                return recordingAsync((AnthropicClientAsync) invoke(method, real, args), sink);
              }
              return invoke(method, real, args);
            });
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void asyncErrorFailsTheFutureWithTheSameExceptionAndTheSpanOnce() {
    server.enqueue(FakeAnthropic.serverError());

    CompletableFuture<Message> future = client.async().messages().create(SyncCallTest.params());
    Throwable thrown = catchThrowable(() -> future.get(10, TimeUnit.SECONDS));

    assertThat(thrown).isInstanceOf(ExecutionException.class);
    Throwable cause = thrown.getCause();
    assertThat(cause).isInstanceOf(InternalServerException.class);
    SpanData span = otel.span("chat claude-sonnet-4-5");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo("500");
    assertThat(SyncCallTest.exceptions(span))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getAttributes().get(GenAiAttributes.EXCEPTION_TYPE))
                    .isEqualTo(cause.getClass().getName()));
    assertThat(span.getAttributes().get(USAGE_COST_USD)).isNull();
  }

  @Test
  void aWholeStreamIsAccumulatedAndPriced() {
    server.enqueue(Payloads.fullStream());

    List<String> types = new ArrayList<>();
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(SyncCallTest.params())) {
      stream.stream().forEach(e -> types.add(e.type().toString()));
    }

    assertThat(types)
        .contains("message_start", "content_block_delta", "message_delta", "message_stop");
    SpanData span = otel.span("chat claude-sonnet-4-5");
    assertThat(span.getAttributes().get(booleanKey("gen_ai.request.stream"))).isTrue();
    assertStreamedUsage(span);
  }

  @Test
  void aStreamWithWebSearchesAndOneHourCacheWritesIsPriced() {
    server.enqueue(Payloads.webSearchStream());

    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(SyncCallTest.params())) {
      stream.stream().forEach(e -> {});
    }

    Attributes a = otel.span("chat claude-sonnet-4-5").getAttributes();
    assertThat(a.get(UsageComponent.CACHE_WRITE_1H_TOKENS.attributeKey())).isEqualTo(20_000L);
    assertThat(a.get(UsageComponent.WEB_SEARCHES.attributeKey())).isEqualTo(3L);
    // as the unstreamed call: 5,000 x 3 + 20,000 x 6 + 1,000 x 15 = 150,000 -> $0.15, + 3 x 10 /
    // 1,000 = $0.18
    assertThat(a.get(USAGE_COST_USD)).isCloseTo(0.18, within(1e-12));
  }

  @Test
  void aStreamReadWithTheIteratorEndsTheSpanWhenExhaustedEvenBeforeClose() {
    server.enqueue(Payloads.fullStream());

    StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(SyncCallTest.params());
    Iterator<RawMessageStreamEvent> it = stream.iterator();
    while (it.hasNext()) {
      it.next();
    }
    assertStreamedUsage(otel.span("chat claude-sonnet-4-5"));
    stream.close();
    assertThat(otel.spans()).hasSize(1);
  }

  private static void assertStreamedUsage(SpanData span) {
    assertThat(span.getAttributes().get(RESPONSE_ID)).isEqualTo("msg_01StreamedReply7Yq");
    assertThat(span.getAttributes().get(RESPONSE_MODEL)).isEqualTo(Payloads.MODEL_DATED);
    assertThat(span.getAttributes().get(RESPONSE_FINISH_REASONS)).containsExactly("end_turn");
    // message_start: input 472 + cache read 3,000 + cache write 0 = 3,472; message_delta: output
    // 128 (final)
    assertThat(span.getAttributes().get(USAGE_INPUT_TOKENS)).isEqualTo(3_472L);
    assertThat(span.getAttributes().get(USAGE_CACHE_READ_INPUT_TOKENS)).isEqualTo(3_000L);
    assertThat(span.getAttributes().get(USAGE_CACHE_CREATION_INPUT_TOKENS)).isNull();
    assertThat(span.getAttributes().get(USAGE_OUTPUT_TOKENS)).isEqualTo(128L);
    // 472 x 3 + 3,000 x 0.30 + 128 x 15 = 1,416 + 900 + 1,920 = 4,236 -> $0.004236
    assertThat(span.getAttributes().get(USAGE_COST_USD)).isCloseTo(0.004236, within(1e-12));
  }

  @Test
  void aStreamClosedHalfwayEndsTheSpanMarkedNoUsageAndCountsInItsWorkflow() {
    server.enqueue(Payloads.stalledStream());

    List<String> seen = new ArrayList<>();
    try (WorkflowContext w =
            WorkflowContext.builder("wf_early")
                .type("early")
                .openTelemetry(otel.openTelemetry())
                .start();
        StreamResponse<RawMessageStreamEvent> stream =
            client.messages().createStreaming(SyncCallTest.params())) {
      Iterator<RawMessageStreamEvent> it = stream.iterator();
      while (it.hasNext()) {
        RawMessageStreamEvent e = it.next();
        seen.add(e.type().toString());
        if (e.isContentBlockDelta()) {
          break; // the caller has seen enough: it closes the stream before message_delta
        }
      }
    }

    assertThat(seen).containsExactly("message_start", "content_block_start", "content_block_delta");
    SpanData span = otel.span("chat claude-sonnet-4-5");
    assertThat(span.hasEnded()).isTrue();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getAttributes().get(RESPONSE_ID)).isEqualTo("msg_01StreamedReply7Yq");
    assertThat(span.getAttributes().get(RESPONSE_FINISH_REASONS)).isNull();
    assertThat(span.getAttributes().get(USAGE_INPUT_TOKENS)).isNull();
    assertThat(span.getAttributes().get(USAGE_OUTPUT_TOKENS)).isNull();
    assertThat(span.getAttributes().get(USAGE_COST_USD)).as("never a made-up $0").isNull();
    assertThat(span.getAttributes().get(COST_UNPRICED)).isTrue();
    assertThat(span.getAttributes().get(COST_UNPRICED_REASON)).isEqualTo("no_usage");
    Attributes workflow = otel.span("invoke_workflow early").getAttributes();
    assertThat(workflow.get(WORKFLOW_LLM_CALLS)).isEqualTo(1L);
    assertThat(workflow.get(WORKFLOW_TOTAL_COST_USD)).isZero();
  }

  @Test
  void anAsyncStreamIsAccumulatedAndEndsWithTheStream() throws Exception {
    server.enqueue(Payloads.fullStream());

    List<String> types = new CopyOnWriteArrayList<>();
    AsyncStreamResponse<RawMessageStreamEvent> stream =
        client.async().messages().createStreaming(SyncCallTest.params());
    stream.subscribe(
        new AsyncStreamResponse.Handler<RawMessageStreamEvent>() {
          @Override
          public void onNext(RawMessageStreamEvent event) {
            types.add(event.type().toString());
          }

          @Override
          public void onComplete(Optional<Throwable> error) {}
        });
    stream.onCompleteFuture().get(10, TimeUnit.SECONDS);

    assertThat(types).contains("message_start", "message_delta", "message_stop");
    assertStreamedUsage(otel.span("chat claude-sonnet-4-5"));
  }

  @Test
  void aWorkflowTurnTotalsASyncCallAndAStream() {
    server.enqueue(Payloads.CACHED_MESSAGE);
    server.enqueue(Payloads.fullStream());

    try (ConversationContext c =
            ConversationContext.builder("support_session_789").userId("user_456").start();
        WorkflowContext rag =
            WorkflowContext.builder("rag_001")
                .type("rag")
                .openTelemetry(otel.openTelemetry())
                .start()) {
      client.messages().create(SyncCallTest.params());
      try (StreamResponse<RawMessageStreamEvent> s =
          client.messages().createStreaming(SyncCallTest.params())) {
        s.stream().forEach(e -> {});
      }
    }

    assertThat(otel.spanNames())
        .containsExactly("chat claude-sonnet-4-5", "chat claude-sonnet-4-5", "invoke_workflow rag");
    SpanData workflow = otel.span("invoke_workflow rag");
    List<SpanData> chats = otel.spans().subList(0, 2);
    for (SpanData chat : chats) {
      assertThat(chat.getParentSpanContext()).isEqualTo(workflow.getSpanContext());
      assertThat(chat.getAttributes().get(WORKFLOW_ID)).isEqualTo("rag_001");
      // the workflow is the turn; every span inside carries its number
      assertThat(chat.getAttributes().get(CONVERSATION_TURN)).isEqualTo(1L);
    }
    assertThat(workflow.getAttributes().get(CONVERSATION_TURN)).isEqualTo(1L);
    // $0.01998 (cached sync call) + $0.004236 (stream) = $0.024216
    assertThat(workflow.getAttributes().get(WORKFLOW_TOTAL_COST_USD))
        .isCloseTo(0.024216, within(1e-12));
    assertThat(workflow.getAttributes().get(WORKFLOW_LLM_CALLS)).isEqualTo(2L);
    // 11,095 + 3,472 input; 503 + 128 output
    assertThat(workflow.getAttributes().get(WORKFLOW_INPUT_TOKENS)).isEqualTo(14_567L);
    assertThat(workflow.getAttributes().get(WORKFLOW_OUTPUT_TOKENS)).isEqualTo(631L);
    assertThat(workflow.getAttributes().get(USAGE_COST_USD)).isNull();
    assertThat(otel.sumOfSpanCosts()).isCloseTo(0.024216, within(1e-12));
  }
}
