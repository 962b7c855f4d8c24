/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.ResponseInfo;
import io.last9.genai.internal.ContentFormatter;
import io.last9.genai.internal.SpanUsage;
import io.last9.genai.internal.Throwables;
import io.last9.genai.internal.observe.ErrorRecorder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The client span of a Responses API call ({@code responses.create}), which OpenTelemetry's
 * openai-java instrumentation does not trace: {@code chat {model}}, kind CLIENT, with the same
 * semantic-convention attributes the instrumentation puts on a chat completion, plus cache and
 * reasoning counts, so the processor prices it.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ResponsesTracing {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ResponseExtractor EXTRACTOR = new ResponseExtractor();

  private final Tracer tracer;
  private final boolean captureContent;
  private final int maxLength;

  /** Traces with {@code tracer}; captures content into events when {@code captureContent}. */
  public ResponsesTracing(Tracer tracer, boolean captureContent, int maxLength) {
    this.tracer = tracer;
    this.captureContent = captureContent;
    this.maxLength = maxLength;
  }

  Response create(ResponseCreateParams params, Supplier<Response> call) {
    String model = params.model().map(OpenAIUsage::modelName).orElse(null);
    var b =
        tracer
            .spanBuilder(model == null ? "chat" : "chat " + model)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
            .setAttribute(GenAiAttributes.PROVIDER_NAME, "openai");
    if (model != null) {
      b.setAttribute(GenAiAttributes.REQUEST_MODEL, model);
    }
    params.temperature().ifPresent(v -> b.setAttribute(GenAiAttributes.REQUEST_TEMPERATURE, v));
    params.topP().ifPresent(v -> b.setAttribute(GenAiAttributes.REQUEST_TOP_P, v));
    params.maxOutputTokens().ifPresent(v -> b.setAttribute(GenAiAttributes.REQUEST_MAX_TOKENS, v));
    Span span = b.startSpan();
    try (Scope ignored = span.makeCurrent()) {
      Response r = call.get();
      record(span, r);
      if (captureContent) {
        capture(span, params, r);
      }
      return r;
    } catch (RuntimeException | Error e) {
      recordError(span, e);
      throw e;
    } finally {
      span.end();
    }
  }

  private static void record(Span span, Response r) {
    ResponseInfo info;
    try {
      info = EXTRACTOR.extract(r);
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      return; // a response we cannot read leaves the span without usage, never the caller without
      // its response
    }
    SpanUsage.setResponse(span, info);
    if (info.usage() != null) {
      SpanUsage.setUsage(span, info.usage());
    }
  }

  private void capture(Span span, ResponseCreateParams params, Response r) {
    List<Map<String, Object>> prompt = new ArrayList<>();
    params.instructions().ifPresent(i -> prompt.add(message("system", i)));
    params
        .input()
        .filter(in -> in.isText())
        .ifPresent(in -> prompt.add(message("user", in.asText())));
    write(span, prompt, GenAiAttributes.PROMPT, GenAiAttributes.EVENT_PROMPT);
    String text = ResponseExtractor.outputText(r);
    if (text != null) {
      write(
          span,
          List.of(message("assistant", text)),
          GenAiAttributes.COMPLETION,
          GenAiAttributes.EVENT_COMPLETION);
    }
  }

  private static Map<String, Object> message(String role, String content) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", role);
    m.put("content", content);
    return m;
  }

  private void write(
      Span span, List<Map<String, Object>> messages, AttributeKey<String> key, String event) {
    if (messages.isEmpty()) {
      return;
    }
    try {
      String text = ContentFormatter.truncate(JSON.writeValueAsString(messages), maxLength);
      span.setAttribute(key, text);
      span.addEvent(event, Attributes.of(key, text));
    } catch (JsonProcessingException e) {
      // content is best effort
    }
  }

  /**
   * Records the error without ever throwing over the caller's own (the message redacted as
   * everywhere).
   */
  private static void recordError(Span span, Throwable e) {
    try {
      ErrorRecorder.record(span, e);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
    }
  }
}
