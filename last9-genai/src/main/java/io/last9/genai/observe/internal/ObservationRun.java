/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe.internal;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.GenAiSpanKind;
import io.last9.genai.bridge.ContextHook;
import io.last9.genai.bridge.Payload;
import io.last9.genai.bridge.SharedCells;
import io.last9.genai.content.internal.ObservedContent;
import io.last9.genai.content.internal.SpanContent;
import io.last9.genai.internal.BaggageBridge;
import io.last9.genai.internal.ContentFormatter;
import io.last9.genai.internal.LibraryContextKeys;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.ScopeActivation;
import io.last9.genai.internal.ScopeState;
import io.last9.genai.internal.SpanUsage;
import io.last9.genai.internal.Throwables;
import io.last9.genai.internal.TurnSlot;
import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.pricing.UsageComponent;
import io.last9.genai.pricing.internal.PricingTable;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One execution of an observed call, and its frame in the {@code Context} of the code it wraps.
 *
 * <p>It opens the span (taking the conversation's next turn when it is the outermost operation),
 * makes it current with this frame, and on the way out records the outcome and ends the span
 * exactly once. Spans started inside the call find the frame in their parent context: an
 * instrumented GenAI span marks it, so the observed span does not price the same tokens again, and
 * borrows its per-call pricing.
 *
 * <p>Nothing in here throws into the caller: every step that runs library or plug-in code
 * (extractors, the redactor, a user object's {@code toString()}, other span processors) catches
 * {@code Throwable}, reports it once and degrades to "no attribute"; what it opened it closes. A
 * {@link VirtualMachineError} other than a stack overflow is rethrown, after the span has ended.
 * The caller rethrows its own exception itself.
 *
 * <p>The flags are one JDK {@link AtomicInteger} so that a copy of the library in another class
 * loader (the Java agent extension) can share them.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class ObservationRun {

  private static final Logger logger = Logger.getLogger(ObservationRun.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  private static final ContextKey<ObservationRun> KEY = LibraryContextKeys.OBSERVED_CALL;

  /**
   * Set while the run's own span is being started, so the processor can tell it from spans inside
   * the call.
   */
  public static final int OWN_SPAN_STARTING = SharedCells.CALL_OWN_SPAN_STARTING;

  /** Set when an instrumented GenAI span ran inside the call. */
  public static final int INSTRUMENTED_CHILD = SharedCells.CALL_INSTRUMENTED_CHILD;

  private static final int ENDED = SharedCells.CALL_ENDED;

  /** The {@link Payload} kind of an observed call's frame. */
  public static final String PAYLOAD_KIND = "observed-call";

  // The payload's fields, in their order: only ever appended to (see io.last9.genai.bridge).
  private static final int P_FLAGS = Payload.FIRST_FIELD; // AtomicInteger, shared
  // Map<String, Map<String, Double>>: per-call prices by model, each by UsageComponent name
  private static final int P_PRICING = P_FLAGS + 1;
  private static final int PAYLOAD_FIELDS = P_PRICING + 1 - Payload.FIRST_FIELD;

  private final ObservationSpec spec;
  private final AtomicInteger flags;
  private Span span = Span.getInvalid();
  private boolean recording;
  private Scope scope;
  private ResponseInfo reported;

  /**
   * For an {@code @ObserveGenAi} method: its declared return type, which what {@code exit} returns
   * must fit.
   */
  Class<?> declaredReturn = Object.class;

  /**
   * For an {@code @ObserveGenAi} method: the object it was called on, to tell one call woven twice
   * from recursion.
   */
  Object target;

  private ObservationRun(ObservationSpec spec, int initialFlags) {
    this(spec, new AtomicInteger(initialFlags));
  }

  private ObservationRun(ObservationSpec spec, AtomicInteger flags) {
    this.spec = spec;
    this.flags = flags;
  }

  /**
   * The frame of a run of another copy of the library (the Java agent extension's view of the
   * application's run): it shares that run's {@code flags} and has its per-call {@code pricing}; it
   * is never begun or ended.
   */
  public static ObservationRun mirror(AtomicInteger flags, PricingTable pricing) {
    return new ObservationRun(
        new ObservationSpec(
            GenAiSpanKind.LLM,
            "",
            null,
            pricing,
            false,
            false,
            false,
            0,
            null,
            null,
            Attributes.empty()),
        flags);
  }

  /**
   * This run's frame as a {@link Payload} for the other copy of the library: its flags cell itself
   * (shared) and its per-call prices as plain maps.
   */
  public Object[] toPayload() {
    Object[] p = Payload.create(PAYLOAD_KIND, PAYLOAD_FIELDS);
    p[P_FLAGS] = flags;
    Map<String, ModelPricing> entries = spec.pricing().entries();
    Map<String, Map<String, Double>> prices = new HashMap<>(entries.size() * 2);
    for (Map.Entry<String, ModelPricing> e : entries.entrySet()) {
      Map<String, Double> byComponent = new HashMap<>();
      for (Map.Entry<UsageComponent, Double> c : e.getValue().prices().entrySet()) {
        byComponent.put(c.getKey().name(), c.getValue());
      }
      prices.put(e.getKey(), byComponent);
    }
    p[P_PRICING] = prices;
    return p;
  }

  /**
   * The {@link #mirror} of the run a {@link #toPayload()} payload describes, written by this copy
   * of the library or by another; a price of a usage component this copy does not know is left out.
   *
   * @throws RuntimeException when the payload does not follow the layout
   */
  public static ObservationRun fromPayload(Object[] p) {
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Double>> prices = Payload.field(p, P_PRICING, Map.class);
    Map<String, ModelPricing> pricing = new HashMap<>();
    if (prices != null) {
      for (Map.Entry<String, Map<String, Double>> e : prices.entrySet()) {
        ModelPricing.Builder b = ModelPricing.builder();
        for (Map.Entry<String, Double> c : e.getValue().entrySet()) {
          UsageComponent component = component(c.getKey());
          if (component != null) {
            b.price(component, c.getValue());
          }
        }
        pricing.put(e.getKey(), b.build());
      }
    }
    AtomicInteger flags =
        Objects.requireNonNull(
            Payload.field(p, P_FLAGS, AtomicInteger.class), "an observed call's flags");
    return mirror(flags, PricingTable.of(pricing));
  }

  /** The component of that name, or null for one this copy of the library does not know. */
  private static UsageComponent component(String name) {
    try {
      return UsageComponent.valueOf(name);
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }

  /** Returns {@code context} with this run as its innermost observed call. */
  public Context storeIn(Context context) {
    return ContextHook.with(context, KEY, this);
  }

  /**
   * Starts a run of {@code spec} with {@code input} as the call's input and makes its context
   * current; returns {@code null} when there is nothing to observe (a no-op OpenTelemetry) or the
   * span could not be started, in which case the caller runs the code directly.
   */
  public static ObservationRun begin(ObservationSpec spec, Object input) {
    return begin(spec, input, null, null);
  }

  /**
   * Like {@link #begin(ObservationSpec, Object)}, also recording {@code args} as {@code
   * function.arg.<name>}.
   */
  static ObservationRun begin(
      ObservationSpec spec, Object input, String[] argNames, Object[] args) {
    ObservationRun run = null;
    Span started = null;
    try {
      Context parent = Context.current();
      ScopeState state = ScopeState.fromContext(parent);
      Context base = parent;
      TurnSlot slot = null;
      if (state != null && state.needsAutomaticTurn()) {
        slot = new TurnSlot(state.conversationId());
        base = state.withTurnSlot(slot).storeIn(parent);
      }
      if (!spec.pricing().isEmpty()) {
        // the processor prices the run's own span with the call's pricing: it must find the frame
        // at span start
        run = new ObservationRun(spec, OWN_SPAN_STARTING);
        base = run.storeIn(base);
      }
      try {
        started =
            spec.tracer()
                .spanBuilder(spec.name())
                .setParent(base)
                .setAllAttributes(spec.startAttributes())
                .startSpan();
      } finally {
        if (run != null) {
          run.flags.getAndAccumulate(OWN_SPAN_STARTING, (f, bit) -> f & ~bit);
        }
      }
      boolean recording = started.isRecording();
      if (!recording
          && run == null
          && slot == null
          && started.getSpanContext().equals(Span.fromContext(parent).getSpanContext())) {
        return null; // a no-op OpenTelemetry: nothing to record, nothing to propagate
      }
      if (run == null) {
        run = new ObservationRun(spec, 0);
        base = run.storeIn(base);
      }
      run.span = started;
      run.recording = recording;
      Context context = base.with(started);
      if (slot != null && state.propagatesAsBaggage() && slot.assigned() > 0) {
        context = BaggageBridge.writeTurn(context, slot.assigned());
      }
      run.scope = ScopeActivation.makeCurrent(context);
    } catch (Throwable t) {
      abandon(started, t);
      return null;
    }
    if (run.recording) {
      try {
        run.captureStart(input, argNames, args);
      } catch (Throwable fatal) {
        // only a VirtualMachineError gets here: leave nothing open behind it
        run.closeScope();
        run.cancel();
        throw fatal;
      }
    }
    return run;
  }

  /**
   * A run that could not be set up: its span (if any) is ended, the failure reported (or rethrown
   * if fatal).
   */
  private static void abandon(Span started, Throwable t) {
    if (started != null) {
      try {
        started.end();
      } catch (Throwable e) {
        Throwables.rethrowIfFatal(e);
      }
    }
    Throwables.rethrowIfFatal(t);
    warnings.warn(
        "observe-start",
        Level.WARNING,
        "last9-genai could not start an observed call; the code runs unobserved",
        t);
  }

  /** The innermost observed call in {@code context}, or {@code null}. */
  public static ObservationRun fromContext(Context context) {
    return context.get(KEY);
  }

  ObservationSpec spec() {
    return spec;
  }

  /** The observed call's span. */
  public Span span() {
    return span;
  }

  /** The per-call pricing, possibly empty. */
  public PricingTable pricing() {
    return spec.pricing();
  }

  /** True while the run's own span is being started. */
  public boolean isStartingOwnSpan() {
    return (flags.get() & OWN_SPAN_STARTING) != 0;
  }

  /** Records that an instrumented GenAI span ran inside this call. */
  public void markInstrumentedChild() {
    if ((flags.get() & INSTRUMENTED_CHILD) == 0) {
      flags.getAndAccumulate(INSTRUMENTED_CHILD, (f, bit) -> f | bit);
    }
  }

  /** True when an instrumented GenAI span ran inside this call and carries its tokens. */
  public boolean hasInstrumentedChild() {
    return (flags.get() & INSTRUMENTED_CHILD) != 0;
  }

  /** The flags cell, for a copy of the library in another class loader. */
  public AtomicInteger flags() {
    return flags;
  }

  /** Merges what the code inside the call reported by hand; later reports win field by field. */
  public synchronized void report(ResponseInfo info) {
    reported = reported == null ? info : reported.overriddenBy(info);
  }

  private synchronized ResponseInfo reported() {
    return reported;
  }

  /** Leaves the call's context (the code has returned, thrown, or handed off to a future). */
  public void closeScope() {
    try {
      scope.close();
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "observe-scope",
          Level.WARNING,
          "last9-genai could not close an observed call's " + "context",
          t);
    }
  }

  /** Ends the span after the code produced {@code result} (once; later calls do nothing). */
  public void succeed(Object result) {
    if (!markEnded()) {
      return;
    }
    Throwable fatal = null;
    if (recording) {
      try {
        recordResult(result);
      } catch (Throwable t) {
        fatal =
            reportOrKeep(t, "observe-result", "could not record the result of an observed call");
      }
    }
    end(fatal);
  }

  /** Ends the span after the code threw {@code error} (once); the caller rethrows it. */
  public void fail(Throwable error) {
    if (!markEnded()) {
      return;
    }
    Throwable fatal = null;
    if (recording) {
      try {
        ErrorRecorder.record(
            span,
            unwrap(error),
            spec.captureErrorMessages(),
            spec.redactor(),
            spec.maxContentLength());
      } catch (Throwable t) {
        fatal = reportOrKeep(t, "observe-error", "could not record the error of an observed call");
      }
    }
    end(fatal);
  }

  /**
   * Ends the span when the work was abandoned (a cancelled subscription, a stream closed early).
   */
  void cancel() {
    if (markEnded()) {
      end(null);
    }
  }

  /** What {@code response} reports, read as this call reads its own result. */
  public ResponseInfo extract(Object response) {
    return spec.extract(response);
  }

  private void recordResult(Object result) {
    ResponseInfo info = spec.extract(result);
    ResponseInfo byHand = reported();
    if (byHand != null) {
      info = info == null ? byHand : info.overriddenBy(byHand);
    }
    if (info != null) {
      recordResponse(info);
    } else if (hasInstrumentedChild() && isModelCall()) {
      span.setAttribute(GenAiAttributes.COST_PRICED_BY_CHILD, true);
    }
    if (spec.captureOutput()) {
      Object output = info != null && info.outputText() != null ? info.outputText() : result;
      String finish =
          info != null && !info.finishReasons().isEmpty() ? info.finishReasons().get(0) : null;
      captureOutput(output, finish);
    }
  }

  private void recordResponse(ResponseInfo info) {
    SpanUsage.setResponse(span, info);
    if (info.provider() != null && spec.provider() == null) {
      span.setAttribute(GenAiAttributes.PROVIDER_NAME, info.provider());
    }
    if (hasInstrumentedChild()) {
      // an instrumented span inside this call already carries (and prices) these tokens
      if (info.usage() != null || isModelCall()) {
        span.setAttribute(GenAiAttributes.COST_PRICED_BY_CHILD, true);
      }
      return;
    }
    if (info.usage() != null) {
      SpanUsage.setUsage(span, info.usage());
    }
  }

  /**
   * An observed model call ({@code llm}, {@code embedding}) whose result carries no usage (the
   * answer's text, say) is still marked when an instrumented call inside it carried the tokens: its
   * cost is on that span, and the mark says so.
   */
  private boolean isModelCall() {
    return spec.kind() == GenAiSpanKind.LLM || spec.kind() == GenAiSpanKind.EMBEDDING;
  }

  private void captureStart(Object input, String[] argNames, Object[] args) {
    try {
      if (args != null && spec.captureArguments()) {
        ArgumentCapture.record(span, argNames, args, spec.redactor());
      }
      if (input != null && spec.captureInput()) {
        captureInput(input);
      }
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "observe-input",
          Level.WARNING,
          "last9-genai could not capture the input of an observed call",
          t);
    }
  }

  /**
   * A tool span's input is the call's arguments; any other span's is its input messages (text, or
   * message-shaped values, else the value's rendering as one text part).
   */
  private void captureInput(Object input) {
    int max = spec.maxContentLength();
    if (spec.kind() == GenAiSpanKind.TOOL) {
      SpanContent.toolArguments(span, input, false, spec.redactor(), max);
    } else {
      List<io.last9.genai.content.internal.Message> messages =
          ObservedContent.input(input, ContentFormatter.renderBudget(max));
      SpanContent.input(span, messages, spec.redactor(), max);
    }
  }

  private void captureOutput(Object output, String finishReason) {
    if (output == null) {
      return;
    }
    int max = spec.maxContentLength();
    if (spec.kind() == GenAiSpanKind.TOOL) {
      SpanContent.toolResult(span, output, false, spec.redactor(), max);
    } else {
      SpanContent.output(
          span,
          ObservedContent.output(output, finishReason, ContentFormatter.renderBudget(max)),
          spec.redactor(),
          max);
    }
  }

  private boolean markEnded() {
    int f;
    do {
      f = flags.get();
      if ((f & ENDED) != 0) {
        return false;
      }
    } while (!flags.compareAndSet(f, f | ENDED));
    return true;
  }

  /** Ends the span, then rethrows {@code fatal} if there is one. */
  private void end(Throwable fatal) {
    try {
      if (recording && hasInstrumentedChild() && isModelCall()) {
        // the instrumented span inside this call carries the call's tokens, or its no-usage
        // marker: this span is neither priced nor counted a second time, reported usage or not
        span.setAttribute(GenAiAttributes.COST_PRICED_BY_CHILD, true);
      }
      span.end();
    } catch (Throwable t) {
      if (Throwables.isFatal(t) && fatal == null) {
        fatal = t;
      } else if (!Throwables.isFatal(t)) {
        warnings.warn(
            "observe-end",
            Level.WARNING,
            "a span processor failed while an observed call's span ended",
            t);
      }
    }
    if (fatal != null) {
      throw (VirtualMachineError) fatal;
    }
  }

  /**
   * Reports {@code t} once and returns null, or returns it when it is fatal (to rethrow after
   * cleanup).
   */
  private static Throwable reportOrKeep(Throwable t, String kind, String what) {
    if (Throwables.isFatal(t)) {
      return t;
    }
    warnings.warn(kind, Level.WARNING, "last9-genai " + what, t);
    return null;
  }

  static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
