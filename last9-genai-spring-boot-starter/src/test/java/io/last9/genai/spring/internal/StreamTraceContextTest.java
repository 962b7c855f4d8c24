/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClientAsync;
import com.openai.core.RequestOptions;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.services.async.ChatServiceAsync;
import com.openai.services.async.chat.ChatCompletionServiceAsync;
import io.micrometer.core.instrument.binder.okhttp3.OkHttpContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/**
 * A streamed OpenAI call's HTTP observation, made on another thread where nothing is current, gets
 * the context its caller had: the wrapped client tags the request with an id, the predicate gives
 * the HTTP observation the caller's observation as parent and the caller's OpenTelemetry context
 * while its handlers start it, and takes the id off the request.
 */
class StreamTraceContextTest {

  static final ContextKey<String> SCOPE = ContextKey.named("scope");

  final StreamParentRegistry callers = new StreamParentRegistry();
  final ObservationRegistry registry = ObservationRegistry.create();

  /** What the handler standing in for the tracing handler saw at start. */
  final List<String> seenAtStart = new CopyOnWriteArrayList<>();

  final AtomicReference<ChatCompletionCreateParams> sent = new AtomicReference<>();
  final FakeStream stream = new FakeStream();

  StreamTraceContextTest() {
    registry.observationConfig().observationPredicate(new StreamParentPredicate(callers));
    registry
        .observationConfig()
        .observationHandler(
            new ObservationHandler<OkHttpContext>() {
              @Override
              public void onStart(OkHttpContext context) {
                seenAtStart.add(String.valueOf(Context.current().get(SCOPE)));
              }

              @Override
              public boolean supportsContext(Observation.Context context) {
                return context instanceof OkHttpContext;
              }
            });
    registry.observationConfig().observationHandler(StreamParentPredicate.scopeCloser());
  }

  /** An async client whose streamed chat completions record their params. */
  OpenAIClientAsync rawClient() {
    ChatCompletionServiceAsync completions =
        proxy(
            ChatCompletionServiceAsync.class,
            (m, args) -> {
              sent.set((ChatCompletionCreateParams) args[0]);
              return stream;
            });
    ChatServiceAsync chat = proxy(ChatServiceAsync.class, (m, args) -> completions);
    return proxy(OpenAIClientAsync.class, (m, args) -> chat);
  }

  interface Answer {
    Object answer(java.lang.reflect.Method m, Object[] args);
  }

  static <T> T proxy(Class<T> type, Answer answer) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> answer.answer(m, a)));
  }

  static ChatCompletionCreateParams params() {
    return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Hi").build();
  }

  /** Starts the HTTP observation of a request the way Micrometer's OkHttp interceptor does. */
  OkHttpContext startHttpObservation(String parentHeader) {
    Request.Builder request = new Request.Builder().url("http://127.0.0.1/v1/chat/completions");
    if (parentHeader != null) {
      request.header(StreamParentRegistry.HEADER, parentHeader);
    }
    Request built = request.build();
    OkHttpContext context =
        new OkHttpContext(
            r -> "/v1/chat/completions", List.of(), List.of(), List.of(), true, built);
    context.setCarrier(built.newBuilder()); // as the interceptor does (newer Micrometers: in here)
    Observation.createNotStarted("okhttp.requests", () -> context, registry).start().stop();
    return context;
  }

  @Test
  void theHttpObservationOfAStreamGetsTheCallersObservationAndContext() throws Exception {
    OpenAIClientAsync client =
        ContextCarryingOpenAiClient.wrap(rawClient(), () -> registry, callers);
    Observation caller = Observation.start("http.server.requests", registry);
    AsyncStreamResponse<ChatCompletionChunk> s;
    try (Observation.Scope o = caller.openScope();
        Scope c = Context.current().with(SCOPE, "conversation-1").makeCurrent()) {
      s = client.chat().completions().createStreaming(params(), RequestOptions.none());
    }
    List<String> id = sent.get()._headers().values(StreamParentRegistry.HEADER);
    assertThat(id).hasSize(1);
    assertThat(callers.size()).isEqualTo(1);

    // on another thread, where nothing is current, as OkHttp's dispatcher
    CompletableFuture<OkHttpContext> http =
        CompletableFuture.supplyAsync(() -> startHttpObservation(id.get(0)), Runnable::run);
    OkHttpContext context = http.get();

    assertThat(context.getParentObservation()).isSameAs(caller);
    assertThat(seenAtStart).containsExactly("conversation-1");
    assertThat(Context.current().get(SCOPE)).as("closed again after the start").isNull();
    assertThat(context.getCarrier().build().header(StreamParentRegistry.HEADER))
        .as("the id is not sent")
        .isNull();

    s.close();
    assertThat(callers.size()).as("forgotten once the stream is closed").isZero();
    caller.stop();
  }

  @Test
  void theCallerIsForgottenWhenTheStreamCompletes() {
    OpenAIClientAsync client =
        ContextCarryingOpenAiClient.wrap(rawClient(), () -> registry, callers);
    Observation caller = Observation.start("caller", registry);
    AsyncStreamResponse<ChatCompletionChunk> s;
    try (Observation.Scope o = caller.openScope()) {
      s = client.chat().completions().createStreaming(params(), RequestOptions.none());
    }
    s.subscribe(chunk -> {});
    assertThat(callers.size()).isEqualTo(1);

    stream.done.complete(null);

    assertThat(callers.size()).isZero();
    caller.stop();
  }

  @Test
  void withNothingCurrentTheRequestGoesOutAsItWas() {
    OpenAIClientAsync client =
        ContextCarryingOpenAiClient.wrap(rawClient(), () -> registry, callers);

    client.chat().completions().createStreaming(params(), RequestOptions.none());

    assertThat(sent.get()._headers().values(StreamParentRegistry.HEADER)).isEmpty();
    assertThat(callers.size()).isZero();
  }

  @Test
  void anHttpObservationWithoutTheIdOrWithAnUnknownOneIsLeftAlone() {
    OkHttpContext plain = startHttpObservation(null);
    OkHttpContext unknown = startHttpObservation("not-an-id");

    assertThat(plain.getParentObservation()).isNull();
    assertThat(unknown.getParentObservation()).isNull();
    assertThat(unknown.getCarrier().build().header(StreamParentRegistry.HEADER)).isNull();
    assertThat(seenAtStart).containsExactly("null", "null");
  }

  @Test
  void thePostProcessorReplacesTheModelsAsyncClient() {
    Model model = new Model(rawClient());
    OpenAiStreamContextPostProcessor processor =
        new OpenAiStreamContextPostProcessor(
            new DefaultListableBeanFactory().getBeanProvider(ObservationRegistry.class), callers);

    processor.replaceClient(model);

    assertThat(model.client).isNotNull();
    assertThat(Proxy.isProxyClass(model.client.getClass())).isTrue();
    model.client.chat().completions().createStreaming(params(), RequestOptions.none());
    assertThat(sent.get()).as("calls still reach the client").isNotNull();
  }

  /** Stands in for Spring AI 2.0's chat model, which keeps its async client in a final field. */
  static final class Model {
    private final OpenAIClientAsync client;

    Model(OpenAIClientAsync client) {
      this.client = client;
    }
  }

  /** A stream that completes when the test says. */
  static final class FakeStream implements AsyncStreamResponse<ChatCompletionChunk> {
    final CompletableFuture<Void> done = new CompletableFuture<>();

    @Override
    public AsyncStreamResponse<ChatCompletionChunk> subscribe(
        Handler<? super ChatCompletionChunk> handler) {
      return this;
    }

    @Override
    public AsyncStreamResponse<ChatCompletionChunk> subscribe(
        Handler<? super ChatCompletionChunk> handler, Executor executor) {
      return this;
    }

    @Override
    public CompletableFuture<Void> onCompleteFuture() {
      return done;
    }

    @Override
    public void close() {}
  }
}
