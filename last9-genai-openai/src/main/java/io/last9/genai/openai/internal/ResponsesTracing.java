/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import io.last9.genai.ContentRedactor;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.ResponseInfo;
import io.last9.genai.internal.SpanUsage;
import io.last9.genai.internal.Throwables;
import io.last9.genai.internal.content.Message;
import io.last9.genai.internal.content.Part;
import io.last9.genai.internal.content.SpanContent;
import io.last9.genai.internal.observe.ErrorRecorder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
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

  private static final ResponseExtractor EXTRACTOR = new ResponseExtractor();

  private final Tracer tracer;
  private final boolean captureContent;
  private final int maxLength;
  private final ContentRedactor redactor;

  /**
   * Traces with {@code tracer}; captures content in the conventions' keys when {@code
   * captureContent}, each value through {@code redactor} (may be null) and cut to {@code
   * maxLength}.
   */
  public ResponsesTracing(
      Tracer tracer, boolean captureContent, int maxLength, ContentRedactor redactor) {
    this.tracer = tracer;
    this.captureContent = captureContent;
    this.maxLength = maxLength;
    this.redactor = redactor;
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

  /**
   * The instructions as system instructions, the input (text, or its messages, function calls and
   * their outputs) as input messages, the output text and function calls as one output message.
   */
  private void capture(Span span, ResponseCreateParams params, Response r) {
    try {
      params
          .instructions()
          .ifPresent(
              i ->
                  SpanContent.systemInstructions(span, List.of(Part.text(i)), redactor, maxLength));
      List<Message> input = new ArrayList<>();
      params.input().ifPresent(in -> addInput(input, in));
      SpanContent.input(span, input, redactor, maxLength);
      List<Part> out = new ArrayList<>();
      String text = ResponseExtractor.outputText(r);
      if (text != null) {
        out.add(Part.text(text));
      }
      boolean toolCall = false;
      for (ResponseOutputItem item : r.output()) {
        if (item.isFunctionCall()) {
          ResponseFunctionToolCall c = item.asFunctionCall();
          out.add(Part.toolCallJson(c.callId(), c.name(), c.arguments()));
          toolCall = true;
        }
      }
      if (!out.isEmpty()) {
        SpanContent.output(
            span,
            List.of(Message.output("assistant", out, toolCall ? "tool_call" : "stop")),
            redactor,
            maxLength);
      }
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t); // content is best effort: the call and its span go on
    }
  }

  private static void addInput(List<Message> messages, ResponseCreateParams.Input in) {
    if (in.isText()) {
      messages.add(Message.text("user", in.asText()));
      return;
    }
    if (!in.isResponse()) {
      return;
    }
    for (ResponseInputItem item : in.asResponse()) {
      if (item.isEasyInputMessage()) {
        EasyInputMessage m = item.asEasyInputMessage();
        String role = m.role().asString();
        if (m.content().isTextInput()) {
          messages.add(Message.text(role, m.content().asTextInput()));
        } else {
          messages.add(Message.of(role, List.of(Part.other("input_content"))));
        }
      } else if (item.isFunctionCall()) {
        ResponseFunctionToolCall c = item.asFunctionCall();
        messages.add(
            Message.of(
                "assistant", List.of(Part.toolCallJson(c.callId(), c.name(), c.arguments()))));
      } else if (item.isFunctionCallOutput()) {
        ResponseInputItem.FunctionCallOutput o = item.asFunctionCallOutput();
        String output = o.output().isString() ? o.output().asString() : "";
        messages.add(
            Message.of(
                "tool", List.of(Part.toolCallResponseJson(o.callId().orElse(null), output))));
      }
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
