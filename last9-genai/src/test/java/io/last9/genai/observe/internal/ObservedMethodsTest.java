/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.GenAiSpanKind;
import io.last9.genai.internal.HostTelemetry;
import io.last9.genai.internal.Registrations;
import io.last9.genai.observe.ObserveGenAi;
import io.last9.genai.testing.GenAiContentSchema;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The {@code @ObserveGenAi} runtime, called the way a weaver calls it (the agent's advice, the
 * Spring aspect): span kind, name, tags and metadata from the annotation, arguments as {@code
 * function.arg.<name>}, and spans of asynchronous results that end when the work completes, not
 * when the method returns.
 */
class ObservedMethodsTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  private Registrations.Registration preferred;

  @BeforeEach
  void preferTheTestSdk() {
    preferred = HostTelemetry.prefer(otel.openTelemetry());
  }

  @AfterEach
  void forgetIt() {
    preferred.close();
  }

  /**
   * Application code, compiled with -parameters as Maven's default compiler settings here do not
   * do.
   */
  static class Assistant {
    @ObserveGenAi(
        kind = GenAiSpanKind.TOOL,
        name = "retrieve_documents",
        tags = {"rag", "v2"},
        metadata = {"category=search", "team = core", "broken"})
    List<String> retrieve(String query, int limit, double minScore, boolean rerank) {
      return List.of("doc-1", "doc-2");
    }

    @ObserveGenAi
    String answer(String question) {
      return "42";
    }

    @ObserveGenAi(captureArguments = false, captureInput = false)
    String secret(String password) {
      return "ok";
    }

    @ObserveGenAi(name = "async_answer")
    CompletableFuture<String> later(CompletableFuture<String> pending) {
      return pending;
    }

    @ObserveGenAi(name = "mono_answer")
    Mono<String> mono(Mono<String> source) {
      return source;
    }

    @ObserveGenAi(name = "flux_answer")
    Flux<String> flux(Flux<String> source) {
      return source;
    }

    @ObserveGenAi(name = "streamed")
    Stream<String> stream(List<String> parts) {
      return parts.stream();
    }

    @ObserveGenAi(name = "custom_future")
    MyFuture<String> custom(MyFuture<String> f) {
      return f;
    }

    @ObserveGenAi(name = "failing")
    String fail(IllegalStateException own) {
      throw own;
    }
  }

  /** A future subtype: what whenComplete returns would not fit the declared type. */
  static final class MyFuture<T> extends CompletableFuture<T> {}

  private static Method method(String name) {
    for (Method m : Assistant.class.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new AssertionError(name);
  }

  /** What a weaver does around the method body. */
  @SuppressWarnings("unchecked")
  private static <T> T invoke(String name, Object... args) {
    Assistant target = new Assistant();
    Method m = method(name);
    Object token = ObservedMethods.enter(m, target, args);
    Object result;
    try {
      m.setAccessible(true);
      result = m.invoke(target, args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      ObservedMethods.exit(token, null, e.getCause());
      throw (RuntimeException) e.getCause();
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
    return (T) ObservedMethods.exit(token, result, null);
  }

  private Attributes attrs(String span) {
    return otel.span(span).getAttributes();
  }

  @Test
  void theAnnotationGivesKindNameTagsMetadataAndArguments() {
    List<String> docs = invoke("retrieve", "what is RAG?", 5, 0.7, true);
    assertThat(docs).containsExactly("doc-1", "doc-2");
    Attributes a = attrs("retrieve_documents");
    assertThat(a.get(GenAiAttributes.L9_SPAN_KIND)).isEqualTo("tool");
    assertThat(a.get(GenAiAttributes.OPERATION_NAME)).isEqualTo("execute_tool");
    assertThat(a.get(GenAiAttributes.TAGS)).containsExactly("rag", "v2");
    assertThat(a.get(AttributeKey.stringKey("metadata.category"))).isEqualTo("search");
    assertThat(a.get(GenAiAttributes.USER_CATEGORY)).isEqualTo("search");
    assertThat(a.get(AttributeKey.stringKey("metadata.team"))).isEqualTo("core");
    // argument names come from -parameters when present, else arg0, arg1, ...
    String q = a.get(AttributeKey.stringKey("function.arg.query")) != null ? "query" : "arg0";
    String limit = q.equals("query") ? "limit" : "arg1";
    String score = q.equals("query") ? "minScore" : "arg2";
    String rerank = q.equals("query") ? "rerank" : "arg3";
    assertThat(a.get(AttributeKey.stringKey("function.arg." + q))).isEqualTo("what is RAG?");
    assertThat(a.get(AttributeKey.longKey("function.arg." + limit))).isEqualTo(5L);
    assertThat(a.get(AttributeKey.doubleKey("function.arg." + score))).isEqualTo(0.7);
    assertThat(a.get(AttributeKey.booleanKey("function.arg." + rerank))).isTrue();
  }

  @Test
  void theDefaultsAreAnLlmSpanNamedAfterTheMethodWithInputAndOutput() {
    assertThat((String) invoke("answer", "meaning of life?")).isEqualTo("42");
    SpanData s = otel.span("answer");
    assertThat(s.getAttributes().get(GenAiAttributes.L9_SPAN_KIND)).isEqualTo("llm");
    GenAiContentSchema.assertValid(s);
    assertThat(GenAiContentSchema.texts(s, GenAiAttributes.INPUT_MESSAGES))
        .containsExactly("meaning of life?");
    assertThat(GenAiContentSchema.texts(s, GenAiAttributes.OUTPUT_MESSAGES)).containsExactly("42");
  }

  @Test
  void captureSwitchesKeepArgumentsAndInputOff() {
    invoke("secret", "hunter2");
    SpanData s = otel.span("secret");
    assertThat(s.getAttributes().asMap().keySet())
        .noneMatch(k -> k.getKey().startsWith("function.arg."));
    assertThat(s.getEvents().toString()).doesNotContain("hunter2");
  }

  @Test
  void aSetUpWithContentOffKeepsArgumentsOffToo() {
    Assistant target = new Assistant();
    Method m = method("answer");
    Object[] args = {"private question"};
    Object token = ObservedMethods.enter(m, target, args, false);
    ObservedMethods.exit(token, target.answer("private question"), null);
    assertThat(otel.span("answer").toString()).doesNotContain("private question");
  }

  @Test
  void aCompletionStageEndsItsSpanWhenItCompletes() {
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletableFuture<String> returned = invoke("later", pending);
    assertThat(otel.spans("async_answer")).as("still running").isEmpty();
    pending.complete("done");
    assertThat(returned.join()).isEqualTo("done");
    assertThat(GenAiContentSchema.texts(otel.span("async_answer"), GenAiAttributes.OUTPUT_MESSAGES))
        .containsExactly("done");
  }

  @Test
  void aFutureSubtypeIsReturnedAsItselfAndStillEndsTheSpan() {
    MyFuture<String> f = new MyFuture<>();
    MyFuture<String> returned = invoke("custom", f);
    assertThat(returned).isSameAs(f);
    f.complete("x");
    assertThat(otel.spans("custom_future")).hasSize(1);
  }

  @Test
  void aMonoEndsItsSpanWhenItTerminates() {
    Sinks.One<String> sink = Sinks.one();
    Mono<String> returned = invoke("mono", sink.asMono());
    CompletableFuture<String> subscribed = returned.toFuture();
    assertThat(otel.spans("mono_answer")).isEmpty();
    sink.tryEmitValue("from the model");
    assertThat(subscribed.join()).isEqualTo("from the model");
    assertThat(GenAiContentSchema.texts(otel.span("mono_answer"), GenAiAttributes.OUTPUT_MESSAGES))
        .containsExactly("from the model");
  }

  @Test
  void aFluxEndsItsSpanWhenItCompletesOrFails() {
    Flux<String> ok = invoke("flux", Flux.just("a", "b", "c"));
    assertThat(otel.spans("flux_answer")).isEmpty();
    assertThat(ok.collectList().block()).containsExactly("a", "b", "c");
    assertThat(otel.spans("flux_answer")).hasSize(1);
    IllegalStateException boom = new IllegalStateException("stream broke");
    Flux<String> failing = invoke("flux", Flux.<String>error(boom));
    assertThatThrownBy(failing::blockLast).isSameAs(boom);
    assertThat(otel.spans("flux_answer")).hasSize(2);
    assertThat(otel.spans("flux_answer").get(1).getAttributes().get(GenAiAttributes.ERROR_TYPE))
        .isEqualTo(IllegalStateException.class.getName());
  }

  @Test
  void aStreamEndsItsSpanWhenConsumedOrClosed() {
    Stream<String> s = invoke("stream", List.of("x", "y"));
    assertThat(otel.spans("streamed")).isEmpty();
    assertThat(s.collect(Collectors.toList())).containsExactly("x", "y");
    assertThat(otel.spans("streamed")).hasSize(1);
    Stream<String> closedEarly = invoke("stream", List.of("x", "y", "z"));
    try (closedEarly) {
      assertThat(closedEarly.findFirst()).hasValue("x");
    }
    assertThat(otel.spans("streamed")).hasSize(2);
  }

  @Test
  void theMethodsOwnExceptionIsRecordedOnceAndReachesTheCaller() {
    IllegalStateException own = new IllegalStateException("no answer");
    assertThatThrownBy(() -> invoke("fail", own)).isSameAs(own);
    SpanData s = otel.span("failing");
    assertThat(s.getEvents()).filteredOn(e -> e.getName().equals("exception")).hasSize(1);
  }

  @Test
  void aMethodWithoutTheAnnotationIsNotObserved() throws Exception {
    Method m = Object.class.getMethod("toString");
    assertThat(ObservedMethods.enter(m, new Object(), new Object[0])).isNull();
    assertThat(ObservedMethods.exit(null, "same", null)).isEqualTo("same");
    assertThat(otel.spans()).isEmpty();
  }

  @Test
  void inAConversationAnObservedMethodIsATurn() {
    try (ConversationContext c = ConversationContext.builder("conv").start()) {
      invoke("answer", "one");
      invoke("answer", "two");
    }
    assertThat(otel.spans("answer"))
        .extracting(s -> s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN))
        .containsExactly(1L, 2L);
  }

  @Test
  void stagesAreFollowedWithoutChangingTheirResult() {
    CompletionStage<String> failed =
        CompletableFuture.failedFuture(new IllegalArgumentException("x"));
    CompletableFuture<String> returned = invoke("later", failed.toCompletableFuture());
    assertThat(returned).isCompletedExceptionally();
    assertThat(otel.span("async_answer").getAttributes().get(GenAiAttributes.ERROR_TYPE))
        .isEqualTo(IllegalArgumentException.class.getName());
  }

  @Test
  void oneCallWovenTwiceMakesOneSpan() throws Exception {
    // the Spring starter's aspect around the bean's proxy, and the agent's advice inside the method
    Assistant target = new Assistant();
    Method m = method("answer");
    Object outer = ObservedMethods.enter(m, target, new Object[] {"q"});
    Object inner = ObservedMethods.enter(m, target, new Object[] {"q"});
    assertThat(inner).isNull();
    Object result =
        ObservedMethods.exit(outer, ObservedMethods.exit(inner, target.answer("q"), null), null);
    assertThat(result).isEqualTo("42");
    assertThat(otel.spans("answer")).hasSize(1);
  }
}
