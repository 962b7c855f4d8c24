package io.last9.genai;

import io.last9.genai.internal.BaggageBridge;
import io.last9.genai.internal.CallPricingRegistry;
import io.last9.genai.internal.ContentFormatter;
import io.last9.genai.internal.ObservedFrame;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.ScopeState;
import io.last9.genai.internal.SpanUsage;
import io.last9.genai.internal.TurnSlot;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One execution of an {@link Observation}: opens the span (taking the conversation's next turn when it is the
 * outermost operation), makes it current with the call's frame, and on the way out records the outcome. Nothing in
 * here throws into the caller; the caller's own exception is recorded once and rethrown unchanged by the caller.
 */
final class ObservedRun extends ObservedFrame {

  private static final Logger logger = Logger.getLogger(ObservedRun.class.getName());

  private final Observation spec;
  private final Span span;
  /** False for a span that does not record: the run then only propagates context and ends the span. */
  private final boolean recording;
  private Scope scope;

  private ObservedRun(Observation spec, Span span, boolean recording) {
    super(spec.pricing(), span);
    this.spec = spec;
    this.span = span;
    this.recording = recording;
  }

  /**
   * Starts a run; returns {@code null} when the span would not record and there is nothing to propagate (a no-op
   * OpenTelemetry), in which case the caller runs the code directly.
   */
  static ObservedRun begin(Observation spec, Object input) {
    Context parent = Context.current();
    Context spanParent = parent;
    ScopeState state = ScopeState.fromContext(parent);
    if (state != null && state.needsAutomaticTurn()) {
      spanParent = state.withTurnSlot(new TurnSlot(state.conversationId())).storeIn(parent);
    }
    Span span = spec.tracer().spanBuilder(spec.name())
        .setParent(spanParent)
        .setAllAttributes(spec.startAttributes())
        .startSpan();
    if (!span.isRecording()) {
      if (span.getSpanContext().equals(Span.fromContext(parent).getSpanContext()) && spanParent == parent) {
        return null;
      }
      ObservedRun run = new ObservedRun(spec, span, false);
      run.scope = spanParent.with(span).makeCurrent();
      return run;
    }
    ObservedRun run = new ObservedRun(spec, span, true);
    CallPricingRegistry.put(span.getSpanContext().getSpanId(), spec.pricing());
    Context context = run.storeIn(spanParent.with(span));
    if (spanParent != parent && state.propagatesAsBaggage()) {
      long turn = ScopeState.fromContext(spanParent).turnSlot().assigned();
      if (turn > 0) {
        context = BaggageBridge.writeTurn(context, turn);
      }
    }
    run.scope = context.makeCurrent();
    if (spec.captureInput() && input != null) {
      run.captureContent(input, ContentRedactor.Side.INPUT);
    }
    return run;
  }

  /** Leaves the call's context (the code has returned or handed off to a future). */
  void closeScope() {
    scope.close();
  }

  /** Ends the span after the code returned {@code result}. */
  void succeed(Object result) {
    if (!recording) {
      span.end();
      return;
    }
    try {
      ResponseInfo info = UsageExtractors.extract(result);
      ResponseInfo reported = reported();
      if (reported != null) {
        info = info == null ? reported : info.overriddenBy(reported);
      }
      if (info != null) {
        recordResponse(info);
      }
      if (spec.captureOutput()) {
        Object output = info != null && info.outputText() != null ? info.outputText() : result;
        captureContent(output, ContentRedactor.Side.OUTPUT);
      }
    } catch (RuntimeException e) {
      OnceLogger.warn(logger, "observe-result:" + e.getClass().getName(), Level.WARNING,
          "last9-genai could not record the result of observed call '" + spec.name() + "'", e);
    }
    end();
  }

  /** Ends the span after the code threw {@code error}; the caller rethrows it. */
  void fail(Throwable error) {
    Throwable cause = unwrap(error);
    if (recording) {
      try {
        span.setStatus(StatusCode.ERROR, String.valueOf(cause.getMessage()));
        span.setAttribute(GenAiAttributes.ERROR_TYPE, cause.getClass().getName());
        span.recordException(cause);
      } catch (RuntimeException e) {
        OnceLogger.warn(logger, "observe-error:" + e.getClass().getName(), Level.WARNING,
            "last9-genai could not record an error of observed call '" + spec.name() + "'", e);
      }
      end();
    } else {
      span.end();
    }
  }

  private void end() {
    try {
      span.end();
    } finally {
      CallPricingRegistry.remove(span.getSpanContext().getSpanId());
    }
  }

  private void recordResponse(ResponseInfo info) {
    SpanUsage.setResponse(span, info);
    if (info.provider() != null && spec.provider() == null) {
      span.setAttribute(GenAiAttributes.PROVIDER_NAME, info.provider());
    }
    if (info.usage() == null) {
      return;
    }
    if (hasInstrumentedChild()) {
      // an instrumented span inside this call already carries (and prices) these tokens
      span.setAttribute(GenAiAttributes.COST_PRICED_BY_CHILD, true);
      return;
    }
    SpanUsage.setUsage(span, info.usage());
  }

  private void captureContent(Object value, ContentRedactor.Side side) {
    String text = ContentFormatter.format(value, side, spec.redactor(), spec.maxContentLength());
    if (text == null) {
      return;
    }
    SpanUsage.addContent(span, side, text);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
