/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe.internal;

import static io.last9.genai.GenAiAttributes.CONVERSATION_TURN;
import static io.last9.genai.GenAiAttributes.COST_PRICED_BY_CHILD;
import static io.last9.genai.GenAiAttributes.ERROR_TYPE;
import static io.last9.genai.GenAiAttributes.PROVIDER_NAME;
import static io.last9.genai.GenAiAttributes.RESPONSE_ID;
import static io.last9.genai.GenAiAttributes.RESPONSE_MODEL;
import static io.last9.genai.GenAiAttributes.USAGE_INPUT_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiSpanKind;
import io.last9.genai.internal.ScopeState;
import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.pricing.Usage;
import io.last9.genai.pricing.internal.PricingTable;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One execution of an observed call: it opens its span and makes it current with its frame, takes
 * the conversation's next turn as the outermost operation, lets the processor find its per-call
 * pricing while its own span starts, records the outcome and ends the span exactly once, and never
 * throws into the caller but for a {@code VirtualMachineError}, after the span has ended.
 */
class ObservationRunTest {

  private static final PricingTable PRICING =
      PricingTable.of(Map.of("gpt-4o", ModelPricing.of(1, 2)));

  private static final PricingTable NO_PRICING = PricingTable.of(Map.of());

  /** What the processor can see of the innermost observed call when each span starts, by name. */
  private final Map<String, String> atStart = new ConcurrentHashMap<>();

  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  /** Notes, as each span starts, whether its parent context holds a run and in which state. */
  @RegisterExtension
  final Last9TelemetryExtension otel =
      Last9TelemetryExtension.builder()
          .addSpanProcessor(
              () ->
                  processor(
                      (parentContext, span) -> {
                        ObservationRun run = ObservationRun.fromContext(parentContext);
                        atStart.put(
                            span.getName(),
                            run == null
                                ? "no run"
                                : run.isStartingOwnSpan() ? "own span starting" : "inside");
                      },
                      null))
          .build();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private static ObservationSpec spec(
      OpenTelemetry openTelemetry, GenAiSpanKind kind, String name, PricingTable pricing) {
    return new ObservationSpec(
        kind,
        name,
        openTelemetry,
        pricing,
        false,
        false,
        false,
        1_000,
        null,
        null,
        Attributes.empty());
  }

  /** An observed model call named {@code call}. */
  private static ObservationSpec llm(OpenTelemetry openTelemetry, PricingTable pricing) {
    return spec(openTelemetry, GenAiSpanKind.LLM, "call", pricing);
  }

  private ObservationSpec spec(GenAiSpanKind kind) {
    return spec(otel.openTelemetry(), kind, "call", NO_PRICING);
  }

  /** Begins a run and leaves its context, as a caller does once its code has returned. */
  private static ObservationRun begun(ObservationSpec spec) {
    ObservationRun run = ObservationRun.begin(spec, null);
    assertThat(run).isNotNull();
    run.closeScope();
    return run;
  }

  /**
   * {@code delegate}, with every span its tracers start counting the calls to its {@code end}
   * methods in {@code ends}.
   */
  @SuppressWarnings("unchecked")
  private static <T> T countingEnds(Class<T> type, T delegate, AtomicInteger ends) {
    return (T)
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              if (type == Span.class && method.getName().equals("end")) {
                ends.incrementAndGet();
              }
              Object result;
              try {
                result = method.invoke(delegate, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (result == delegate) {
                return proxy; // a builder returning itself
              }
              if (result instanceof Span span && type == SpanBuilder.class) {
                return countingEnds(Span.class, span, ends);
              }
              if (result instanceof SpanBuilder builder) {
                return countingEnds(SpanBuilder.class, builder, ends);
              }
              if (result instanceof Tracer tracer) {
                return countingEnds(Tracer.class, tracer, ends);
              }
              if (result instanceof TracerProvider provider) {
                return countingEnds(TracerProvider.class, provider, ends);
              }
              return result;
            });
  }

  @Test
  void aRunMakesItsSpanAndFrameCurrentUntilTheCodeReturns() {
    Context before = Context.current();
    ObservationRun run = ObservationRun.begin(spec(GenAiSpanKind.LLM), "prompt");
    assertThat(run).isNotNull();
    assertThat(Span.current().getSpanContext()).isEqualTo(run.span().getSpanContext());
    assertThat(ObservationRun.fromContext(Context.current())).isSameAs(run);
    run.closeScope();
    assertThat(Context.current()).isSameAs(before);
    run.succeed("answer");
    assertThat(otel.spans("call")).hasSize(1);
    assertThat(otel.span("call").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void theSpanEndsOnceWhicheverWayTheRunEndsFirst() {
    AtomicInteger ends = new AtomicInteger();
    OpenTelemetry counted = countingEnds(OpenTelemetry.class, otel.openTelemetry(), ends);
    ObservationRun succeeded = begun(llm(counted, NO_PRICING));
    succeeded.succeed("answer");
    succeeded.fail(new IllegalStateException("late"));
    succeeded.cancel();
    succeeded.succeed("again");
    assertThat(ends).hasValue(1);

    ObservationRun failed = begun(llm(counted, NO_PRICING));
    failed.fail(new IllegalStateException("first"));
    failed.succeed("late");
    assertThat(ends).hasValue(2);

    ObservationRun cancelled = begun(llm(counted, NO_PRICING));
    cancelled.cancel();
    cancelled.fail(new IllegalStateException("late"));
    assertThat(ends).hasValue(3);

    assertThat(otel.spans("call"))
        .extracting(s -> s.getAttributes().get(ERROR_TYPE))
        .containsExactly(null, "java.lang.IllegalStateException", null);
  }

  @Test
  void runsEndedOnTwoThreadsAtOnceEndTheirSpansOnce() throws Exception {
    AtomicInteger ends = new AtomicInteger();
    ObservationSpec spec =
        llm(countingEnds(OpenTelemetry.class, otel.openTelemetry(), ends), NO_PRICING);
    int runs = 300;
    for (int i = 0; i < runs; i++) {
      ObservationRun run = begun(spec);
      // a result and a cancellation arriving together, as they do for a streamed call
      CountDownLatch start = new CountDownLatch(1);
      Future<?> result =
          pool.submit(
              () -> {
                start.await();
                run.succeed("answer");
                return null;
              });
      Future<?> cancel =
          pool.submit(
              () -> {
                start.await();
                run.cancel();
                return null;
              });
      start.countDown();
      result.get(10, TimeUnit.SECONDS);
      cancel.get(10, TimeUnit.SECONDS);
    }
    assertThat(ends).hasValue(runs);
  }

  @Test
  void aFailureIsRecordedAsTheExceptionInsideCompletionWrappers() {
    ObservationRun run = begun(spec(GenAiSpanKind.LLM));
    run.fail(new CompletionException(new ExecutionException(new IOException("disk"))));
    SpanData span = otel.span("call");
    assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo("java.io.IOException");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);

    CompletionException bare = new CompletionException("no cause", null);
    assertThat(ObservationRun.unwrap(bare))
        .as("a wrapper without a cause is itself")
        .isSameAs(bare);
  }

  @Test
  void theProcessorFindsARunWithItsOwnPricingWhileTheRunsSpanStarts() {
    ObservationRun run = ObservationRun.begin(llm(otel.openTelemetry(), PRICING), null);
    assertThat(run.isStartingOwnSpan()).as("once started").isFalse();
    assertThat(run.pricing()).isSameAs(PRICING);
    otel.tracer().spanBuilder("inside").startSpan().end();
    run.closeScope();
    run.succeed(null);
    assertThat(atStart)
        .containsEntry("call", "own span starting")
        .containsEntry("inside", "inside");
  }

  @Test
  void aRunWithoutPricingIsFoundOnlyBySpansInsideIt() {
    ObservationRun run = ObservationRun.begin(spec(GenAiSpanKind.LLM), null);
    otel.tracer().spanBuilder("inside").startSpan().end();
    run.closeScope();
    run.succeed(null);
    assertThat(atStart).containsEntry("call", "no run").containsEntry("inside", "inside");
    assertThat(run.pricing().isEmpty()).isTrue();
  }

  @Test
  void eachOutermostRunInAConversationTakesTheNextTurnForEverySpanInsideIt() {
    try (ConversationContext c = ConversationContext.builder("conv").start()) {
      for (int turn = 1; turn <= 2; turn++) {
        ObservationRun run = ObservationRun.begin(spec(GenAiSpanKind.LLM), null);
        assertThat(ScopeState.current().turnSlot()).isNotNull();
        assertThat(ScopeState.current().turnSlot().conversationId()).isEqualTo("conv");
        ObservationRun nested = ObservationRun.begin(spec(GenAiSpanKind.TOOL), null);
        otel.tracer().spanBuilder("inside").startSpan().end();
        nested.closeScope();
        nested.succeed(null);
        run.closeScope();
        run.succeed(null);
        assertThat(ScopeState.current().needsAutomaticTurn()).as("between the runs").isTrue();
      }
    }
    assertThat(otel.spans())
        .extracting(s -> s.getAttributes().get(CONVERSATION_TURN))
        .containsExactly(1L, 1L, 1L, 2L, 2L, 2L);
  }

  @Test
  void withNothingToRecordOrPropagateThereIsNoRun() {
    Context before = Context.current();
    ObservationSpec noop = llm(OpenTelemetry.noop(), NO_PRICING);
    assertThat(ObservationRun.begin(noop, "prompt")).isNull();
    assertThat(Context.current()).isSameAs(before);
    try (ConversationContext c = ConversationContext.builder("conv").start()) {
      ObservationRun run = ObservationRun.begin(noop, "prompt");
      assertThat(run).as("a turn to hand to the code inside").isNotNull();
      assertThat(ScopeState.current().turnSlot()).isNotNull();
      run.closeScope();
      run.succeed("answer");
    }
  }

  @Test
  void aProcessorThatThrowsWhileTheSpanStartsLeavesTheCodeUnobserved() {
    Last9TelemetryExtension broken =
        Last9TelemetryExtension.builder()
            .addSpanProcessor(
                () -> throwing(() -> new IllegalStateException("another's bug"), null))
            .build()
            .start();
    try {
      Context before = Context.current();
      assertThat(ObservationRun.begin(llm(broken.openTelemetry(), NO_PRICING), null)).isNull();
      assertThat(ObservationRun.begin(llm(broken.openTelemetry(), PRICING), null)).isNull();
      assertThat(Context.current()).isSameAs(before);
    } finally {
      broken.close();
    }
  }

  @Test
  void aProcessorThatThrowsWhileTheSpanEndsReachesTheCallerOnlyAsAVirtualMachineError() {
    OutOfMemoryError oom = new OutOfMemoryError("injected");
    AtomicInteger calls = new AtomicInteger();
    Last9TelemetryExtension broken =
        Last9TelemetryExtension.builder()
            .addSpanProcessor(
                () ->
                    throwing(
                        null,
                        () ->
                            calls.incrementAndGet() == 1
                                ? new IllegalStateException("another's bug")
                                : oom))
            .build()
            .start();
    try {
      ObservationSpec spec = llm(broken.openTelemetry(), NO_PRICING);
      ObservationRun quiet = begun(spec);
      quiet.succeed("answer");

      ObservationRun fatal = begun(spec);
      assertThatThrownBy(() -> fatal.succeed("answer")).isSameAs(oom);
      assertThat(((ReadableSpan) fatal.span()).hasEnded()).as("ended before rethrowing").isTrue();
      fatal.succeed("again"); // already ended: nothing more, nothing thrown
    } finally {
      broken.close();
    }
  }

  /**
   * A span processor of the application's that runs {@code onStart} and {@code onEnd}, if given.
   */
  private static SpanProcessor processor(
      BiConsumer<Context, ReadWriteSpan> onStart, Consumer<ReadableSpan> onEnd) {
    return new SpanProcessor() {
      @Override
      public void onStart(Context parentContext, ReadWriteSpan span) {
        onStart.accept(parentContext, span);
      }

      @Override
      public boolean isStartRequired() {
        return onStart != null;
      }

      @Override
      public void onEnd(ReadableSpan span) {
        onEnd.accept(span);
      }

      @Override
      public boolean isEndRequired() {
        return onEnd != null;
      }
    };
  }

  /** A span processor of the application's that throws what it is given at start or end. */
  private static SpanProcessor throwing(Supplier<Throwable> atStart, Supplier<Throwable> atEnd) {
    return processor(
        atStart == null ? null : (parentContext, span) -> throwFrom(atStart),
        atEnd == null ? null : span -> throwFrom(atEnd));
  }

  private static void throwFrom(Supplier<Throwable> fault) {
    Throwable t = fault.get();
    if (t instanceof Error e) {
      throw e;
    }
    throw (RuntimeException) t;
  }

  @Test
  void aModelCallWhoseTokensASpanInsideCarriedIsMarkedSo() {
    ObservationRun llm = begun(spec(GenAiSpanKind.LLM));
    assertThat(llm.hasInstrumentedChild()).isFalse();
    llm.markInstrumentedChild();
    assertThat(llm.hasInstrumentedChild()).isTrue();
    llm.succeed("the answer's text");
    assertThat(otel.span("call").getAttributes().get(COST_PRICED_BY_CHILD)).isTrue();

    ObservationRun tool = begun(spec(otel.openTelemetry(), GenAiSpanKind.TOOL, "tool", NO_PRICING));
    tool.markInstrumentedChild();
    tool.succeed("result");
    assertThat(otel.span("tool").getAttributes().get(COST_PRICED_BY_CHILD))
        .as("not a model call")
        .isNull();
  }

  @Test
  void reportsByHandMergeFieldByFieldTheLaterWinning() {
    ObservationRun run = begun(spec(GenAiSpanKind.LLM));
    run.report(ResponseInfo.builder().responseModel("gpt-4o-a").usage(Usage.of(100, 10)).build());
    run.report(ResponseInfo.builder().responseModel("gpt-4o-b").responseId("r-1").build());
    run.succeed("text");
    Attributes a = otel.span("call").getAttributes();
    assertThat(a.get(RESPONSE_MODEL)).isEqualTo("gpt-4o-b");
    assertThat(a.get(RESPONSE_ID)).isEqualTo("r-1");
    assertThat(a.get(USAGE_INPUT_TOKENS)).isEqualTo(100);
  }

  @Test
  void reportsFromManyThreadsAtOnceAreAllKept() throws Exception {
    List<ResponseInfo> parts =
        List.of(
            ResponseInfo.builder().responseModel("gpt-4o").build(),
            ResponseInfo.builder().responseId("r-1").build(),
            ResponseInfo.builder().provider("openai").build(),
            ResponseInfo.builder().usage(Usage.of(100, 10)).build());
    for (int i = 0; i < 100; i++) {
      ObservationRun run = begun(spec(GenAiSpanKind.LLM));
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Object>> reported = new ArrayList<>();
      for (ResponseInfo part : parts) {
        Callable<Object> report =
            () -> {
              start.await();
              run.report(part);
              return null;
            };
        reported.add(pool.submit(report));
      }
      start.countDown();
      for (Future<Object> f : reported) {
        f.get(10, TimeUnit.SECONDS);
      }
      run.succeed("text");
    }
    assertThat(otel.spans("call"))
        .hasSize(100)
        .allSatisfy(
            s -> {
              Attributes a = s.getAttributes();
              assertThat(a.get(RESPONSE_MODEL)).isEqualTo("gpt-4o");
              assertThat(a.get(RESPONSE_ID)).isEqualTo("r-1");
              assertThat(a.get(PROVIDER_NAME)).isEqualTo("openai");
              assertThat(a.get(USAGE_INPUT_TOKENS)).isEqualTo(100);
            });
  }

  @Test
  void aMirrorSharesTheFlagsOfTheRunOfAnotherCopyOfTheLibrary() {
    ObservationRun run = begun(spec(GenAiSpanKind.LLM));
    ObservationRun mirror = ObservationRun.mirror(run.flags(), PRICING);
    assertThat(mirror.pricing()).isSameAs(PRICING);
    assertThat(mirror.span().getSpanContext().isValid()).as("never begun").isFalse();
    mirror.markInstrumentedChild();
    assertThat(run.hasInstrumentedChild()).isTrue();
    assertThat(ObservationRun.fromContext(mirror.storeIn(Context.root()))).isSameAs(mirror);
    run.succeed("text");

    ObservationRun starting =
        ObservationRun.mirror(new AtomicInteger(ObservationRun.OWN_SPAN_STARTING), PRICING);
    assertThat(starting.isStartingOwnSpan()).isTrue();
    assertThat(starting.hasInstrumentedChild()).isFalse();
  }
}
