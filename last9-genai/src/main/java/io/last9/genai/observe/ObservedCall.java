/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe;

import io.last9.genai.observe.internal.ObservationRun;
import io.last9.genai.pricing.Usage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.List;

/**
 * The observed call the current code runs in, for reporting what the returned object does not show:
 * a usage streamed in chunks, a model known only inside, an output other than the return value.
 *
 * <pre>{@code
 * String answer = GenAiObservation.llm("chat").get(() -> {
 *   StreamResult r = streamChat(message);
 *   ObservedCall.current().reportUsage("gpt-4o", Usage.of(r.promptTokens(), r.completionTokens()));
 *   return r.text();
 * });
 * }</pre>
 *
 * <p>Reports are merged with what the {@link UsageExtractor} reads from the return value; reports
 * win. Outside any observed call, {@link #current()} returns an instance whose methods do nothing.
 */
public final class ObservedCall {

  private static final ObservedCall NONE = new ObservedCall(null);

  private final ObservationRun frame;

  private ObservedCall(ObservationRun frame) {
    this.frame = frame;
  }

  /** The innermost observed call of the current context, or a no-op instance. */
  public static ObservedCall current() {
    ObservationRun f = ObservationRun.fromContext(Context.current());
    return f == null ? NONE : new ObservedCall(f);
  }

  /** True when the current code runs inside an observed call. */
  public boolean isObserved() {
    return frame != null;
  }

  /** The observed call's span (invalid outside an observed call). */
  public Span span() {
    return frame == null ? Span.getInvalid() : frame.span();
  }

  /** Reports the model that answered and the tokens it used. */
  public ObservedCall reportUsage(String responseModel, Usage usage) {
    return report(ResponseInfo.builder().responseModel(responseModel).usage(usage).build());
  }

  /**
   * Reports a response object, read by the observed call's own {@link UsageExtractor} and the ones
   * found on the class path.
   */
  public ObservedCall reportResponse(Object response) {
    if (frame == null) {
      return this;
    }
    ResponseInfo info = frame.extract(response);
    return info == null ? this : report(info);
  }

  /** Reports the response id and finish reasons. */
  public ObservedCall reportResponseId(String responseId, List<String> finishReasons) {
    return report(
        ResponseInfo.builder().responseId(responseId).finishReasons(finishReasons).build());
  }

  /** Reports everything at once. */
  public ObservedCall report(ResponseInfo info) {
    if (frame != null && info != null) {
      frame.report(info);
    }
    return this;
  }
}
