/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.internal.HostTelemetry;
import io.last9.genai.internal.Registrations;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.observe.GenAiObservationBuilder;
import io.last9.genai.observe.ObserveGenAi;
import io.last9.genai.observe.internal.ObservedMethods;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.turns.InMemoryTurnStore;
import io.last9.genai.turns.TurnStore;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every extension point the library calls into, made to throw each kind of throwable, under the
 * entry points the application calls that a subclass names (each in the package of the code its
 * entry points run). For each combination, with the application's own code succeeding and failing:
 *
 * <ul>
 *   <li>the caller sees only its own throwable (the same instance), or none; the exceptions are an
 *       injected {@code VirtualMachineError} (rethrown after cleanup), and, for a span the
 *       application starts and ends itself, what the SDK passes on from the application's other
 *       processors or exporters, which the library does not run;
 *   <li>the context is restored;
 *   <li>the processor's table of open spans is back to its size before the call. When another
 *       processor throws in the SDK's span start after ours, or in the SDK's span end before ours,
 *       the SDK never completes the span and ours never sees its end: its entry then goes once
 *       nothing holds the span any more, so the test lets the garbage collector run until it has.
 * </ul>
 */
public abstract class FaultInjection {

  /** The kinds of throwable injected. */
  enum Fault {
    RUNTIME(() -> new IllegalStateException("injected")),
    STACK_OVERFLOW(StackOverflowError::new),
    OUT_OF_MEMORY(() -> new OutOfMemoryError("injected by hand")),
    LINKAGE(() -> new NoSuchMethodError("injected"));

    final Supplier<Throwable> make;

    Fault(Supplier<Throwable> make) {
      this.make = make;
    }

    boolean fatal() {
      return this == OUT_OF_MEMORY;
    }
  }

  /** Where the throwable is injected. */
  enum Point {
    TURN_STORE,
    USAGE_EXTRACTOR,
    REDACTOR,
    INPUT_TO_STRING,
    PROCESSOR_BEFORE_ON_START,
    PROCESSOR_AFTER_ON_START,
    PROCESSOR_BEFORE_ON_ENDING,
    PROCESSOR_AFTER_ON_ENDING,
    PROCESSOR_ON_END,
    EXPORTER;

    boolean foreign() {
      return name().startsWith("PROCESSOR") || this == EXPORTER;
    }
  }

  /** What the application calls. */
  public enum Entry {
    OBSERVATION_CALL,
    OBSERVATION_GET,
    OBSERVATION_RUN,
    OBSERVATION_ASYNC,
    OBSERVATION_WRAP,
    OBSERVE_METHOD,
    CONVERSATION,
    WORKFLOW,
    AGENT,
    PROPAGATED_ATTRIBUTES,
    OWN_SPAN
  }

  private static volatile Point point;
  private static volatile Fault fault;
  private static final List<Throwable> injected = new ArrayList<>();

  static void inject(Point at) {
    if (point == at) {
      Throwable t = fault.make.get();
      synchronized (injected) {
        injected.add(t);
      }
      throw FaultInjection.<RuntimeException>sneaky(t);
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }

  /** A response type of this test, read by an extractor that may throw. */
  static final class Reply {
    @Override
    public String toString() {
      return "reply";
    }
  }

  /** An application service with an @ObserveGenAi method. */
  static final class Service {
    @ObserveGenAi(name = "answer")
    Object answer(Object prompt, RuntimeException own) {
      if (own != null) {
        throw own;
      }
      return new Reply();
    }
  }

  @AfterEach
  protected void reset() {
    point = null;
    fault = null;
    synchronized (injected) {
      injected.clear();
    }
    Context.root().makeCurrent();
  }

  /**
   * Every injection point and fault under {@code entries}, with the application's own code
   * succeeding and failing: what a subclass's {@code cases()} returns.
   */
  protected static Stream<Arguments> casesOf(Entry... entries) {
    List<Arguments> all = new ArrayList<>();
    for (Entry e : entries) {
      for (Point p : Point.values()) {
        for (Fault f : Fault.values()) {
          all.add(Arguments.of(e, p, f, false));
          all.add(Arguments.of(e, p, f, true));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} with {2} at {1}, own code throws: {3}")
  @MethodSource("cases")
  protected void theCallerSeesOnlyItsOwnThrowableAndNothingIsLeftBehind(
      Entry entry, Point at, Fault kind, boolean ownCodeThrows) throws Exception {
    InMemorySpanExporter exported = InMemorySpanExporter.create();
    Last9SpanProcessor last9 =
        Last9SpanProcessor.builder()
            .pricing(Map.of("gpt-4o", ModelPricing.of(2.5, 10)))
            .turnStore(
                new TurnStore() {
                  final InMemoryTurnStore delegate = InMemoryTurnStore.create();

                  @Override
                  public long nextTurn(String conversationId) {
                    inject(Point.TURN_STORE);
                    return delegate.nextTurn(conversationId);
                  }
                })
            .build();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(
                        new InjectingProcessor(
                            Point.PROCESSOR_BEFORE_ON_START, Point.PROCESSOR_BEFORE_ON_ENDING))
                    .addSpanProcessor(last9)
                    .addSpanProcessor(
                        new InjectingProcessor(
                            Point.PROCESSOR_AFTER_ON_START, Point.PROCESSOR_AFTER_ON_ENDING))
                    .addSpanProcessor(SimpleSpanProcessor.create(new InjectingExporter()))
                    .addSpanProcessor(SimpleSpanProcessor.create(exported))
                    .build())
            .build();
    Registrations.Registration preferred = HostTelemetry.prefer(sdk);
    RuntimeException own = ownCodeThrows ? new RuntimeException("the application's own") : null;
    Context before = Context.current();
    int entriesBefore = last9.openSpanEntries();
    point = at;
    fault = kind;

    Throwable seen = null;
    try {
      run(entry, sdk, own);
    } catch (Throwable t) {
      seen = t;
    }
    point = null;

    Throwable cause =
        seen instanceof CompletionException && seen.getCause() != null ? seen.getCause() : seen;
    List<Throwable> injectedNow;
    synchronized (injected) {
      injectedNow = List.copyOf(injected);
    }
    boolean isInjected = cause != null && injectedNow.stream().anyMatch(t -> t == cause);
    if (isInjected) {
      assertThat(kind.fatal() || (entry == Entry.OWN_SPAN && at.foreign()))
          .as(
              "only a VirtualMachineError, or the SDK passing on another processor's failure for the "
                  + "application's own span, may reach the caller; got %s",
              cause)
          .isTrue();
    } else if (own != null) {
      assertThat(cause).as("the caller's own exception, as the same instance").isSameAs(own);
    } else {
      assertThat(cause).as("nothing reaches the caller").isNull();
    }
    assertThat(Context.current()).as("context restored").isSameAs(before);
    Collected.await(
        "the open-span table back to its size before the call",
        () -> last9.openSpanEntries() == entriesBefore);
    preferred.close();
    sdk.close();
    List<SpanData> spans = exported.getFinishedSpanItems();
    assertThat(spans).allSatisfy(s -> assertThat(s.hasEnded()).isTrue());
  }

  private static Object input() {
    return new Object() {
      @Override
      public String toString() {
        inject(Point.INPUT_TO_STRING);
        return "the prompt";
      }
    };
  }

  private static GenAiObservationBuilder observation(OpenTelemetrySdk sdk) {
    return GenAiObservation.llm("chat")
        .openTelemetry(sdk)
        .redactor(
            (field, text) -> {
              inject(Point.REDACTOR);
              return text;
            });
  }

  private static Reply body(RuntimeException own) {
    if (own != null) {
      throw own;
    }
    return new Reply();
  }

  /**
   * The body of a scope under test: a span made by hand, as an instrumentation does. What the SDK
   * passes on from the application's other processors and exporters while starting or ending it is
   * the application's business, so the body keeps it to itself; whatever then reaches the caller
   * came from the scope's own code.
   */
  private static void spanInsideScope(Tracer tracer, RuntimeException own) {
    Span span = null;
    try {
      span =
          tracer
              .spanBuilder("chat gpt-4o")
              .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
              .setAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
              .startSpan();
    } catch (Throwable t) {
      keepIfFromTheSdk(t);
    }
    try {
      if (own != null) {
        throw own;
      }
    } finally {
      if (span != null) {
        try {
          span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 100L);
          span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 10L);
          span.end();
        } catch (Throwable t) {
          keepIfFromTheSdk(t);
        }
      }
    }
  }

  /**
   * Swallows what the SDK passed on from the application's other processors or exporters; rethrows
   * the rest.
   */
  private static void keepIfFromTheSdk(Throwable t) {
    boolean fromTheSdk;
    synchronized (injected) {
      fromTheSdk = injected.contains(t) && point != null && point.foreign();
    }
    if (!fromTheSdk) {
      throw FaultInjection.<RuntimeException>sneaky(t);
    }
  }

  /** A span the application makes itself, the way an instrumentation does. */
  private static void inferenceSpan(Tracer tracer, RuntimeException own) {
    Span span =
        tracer
            .spanBuilder("chat gpt-4o")
            .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
            .setAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
            .startSpan();
    try {
      if (own != null) {
        throw own;
      }
    } finally {
      span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 100L);
      span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 10L);
      span.end();
    }
  }

  private static void run(Entry entry, OpenTelemetrySdk sdk, RuntimeException own)
      throws Exception {
    Tracer tracer = sdk.getTracer("application");
    try (ConversationContext conversation =
        ConversationContext.builder("conv").userId("u").start()) {
      switch (entry) {
        case OBSERVATION_CALL:
          observation(sdk).input(input()).call(() -> body(own));
          break;
        case OBSERVATION_GET:
          observation(sdk).input(input()).get(() -> body(own));
          break;
        case OBSERVATION_RUN:
          observation(sdk).input(input()).run(() -> body(own));
          break;
        case OBSERVATION_ASYNC:
          observation(sdk)
              .input(input())
              .async(
                  () ->
                      own == null
                          ? CompletableFuture.supplyAsync(Reply::new)
                          : CompletableFuture.<Reply>failedFuture(own))
              .toCompletableFuture()
              .join();
          break;
        case OBSERVATION_WRAP:
          observation(sdk).wrap((Object in) -> body(own)).apply(input());
          break;
        case OBSERVE_METHOD:
          callObserved(new Service(), own);
          break;
        case CONVERSATION:
          try (ConversationContext inner =
              ConversationContext.builder("conv-2").attribute("tenant", input()).start()) {
            spanInsideScope(tracer, own);
          }
          break;
        case WORKFLOW:
          try (WorkflowContext w =
              WorkflowContext.builder("wf")
                  .type("rag")
                  .openTelemetry(sdk)
                  .attribute("tenant", input())
                  .start()) {
            spanInsideScope(tracer, own);
          }
          break;
        case AGENT:
          try (AgentContext a =
              AgentContext.builder("agent").attribute("tenant", input()).start()) {
            spanInsideScope(tracer, own);
          }
          break;
        case PROPAGATED_ATTRIBUTES:
          try (PropagatedAttributes p =
              PropagatedAttributes.builder().put("tenant", input()).start()) {
            spanInsideScope(tracer, own);
          }
          break;
        case OWN_SPAN:
          try (WorkflowContext w = WorkflowContext.builder("wf").contextOnly().start()) {
            inferenceSpan(tracer, own);
          }
          break;
        default:
          throw new AssertionError(entry);
      }
    }
  }

  /** Calls the annotated method the way a weaver (the agent's advice, the Spring aspect) does. */
  private static Object callObserved(Service service, RuntimeException own) throws Exception {
    Method m = Service.class.getDeclaredMethod("answer", Object.class, RuntimeException.class);
    Object prompt = input();
    Object token = ObservedMethods.enter(m, service, new Object[] {prompt, own});
    Object result;
    try {
      result = service.answer(prompt, own);
    } catch (Throwable t) {
      ObservedMethods.exit(token, null, t);
      throw t;
    }
    return ObservedMethods.exit(token, result, null);
  }

  /** Another span processor of the application, which throws at its points. */
  static final class InjectingProcessor implements ExtendedSpanProcessor {
    private final Point onStart;
    private final Point onEnding;

    InjectingProcessor(Point onStart, Point onEnding) {
      this.onStart = onStart;
      this.onEnding = onEnding;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
      inject(onStart);
    }

    @Override
    public boolean isStartRequired() {
      return true;
    }

    @Override
    public void onEnding(ReadWriteSpan span) {
      inject(onEnding);
    }

    @Override
    public boolean isOnEndingRequired() {
      return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      if (onStart == Point.PROCESSOR_AFTER_ON_START) {
        inject(Point.PROCESSOR_ON_END);
      }
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }
  }

  /** An exporter of the application's, which throws when it exports. */
  static final class InjectingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      inject(Point.EXPORTER);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
