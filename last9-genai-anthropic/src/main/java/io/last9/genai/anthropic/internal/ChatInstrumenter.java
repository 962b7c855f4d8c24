/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.anthropic.internal;

import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.MessageContentParam;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.TextBlockParam;
import io.last9.genai.ContentCapture;
import io.last9.genai.ContentRedactor;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.internal.ContentFormatter;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the {@code chat {model}} CLIENT span of one Messages call, with every sampling-relevant
 * attribute set at start, and hands back a {@link ChatCall} that records the outcome. Built once
 * per wrapped client; immutable.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ChatInstrumenter {

  /** Instrumentation scope name of the spans this module makes. */
  public static final String SCOPE_NAME = "io.last9.genai.anthropic";

  /** The {@code gen_ai.provider.name} of every span and response this module reads. */
  static final String PROVIDER = "anthropic";

  /** The {@code gen_ai.operation.name} of a Messages call. */
  static final String OPERATION = "chat";

  private static final Logger logger = Logger.getLogger(ChatInstrumenter.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  private final Tracer tracer;
  private final boolean captureContent;
  private final int maxContentLength;
  private final String serverAddress;
  private final long serverPort;

  public ChatInstrumenter(
      OpenTelemetry openTelemetry, boolean captureContent, int maxContentLength, String baseUrl) {
    this.tracer = openTelemetry.getTracer(SCOPE_NAME);
    this.captureContent = captureContent;
    this.maxContentLength = maxContentLength;
    String host = null;
    long port = -1;
    try {
      if (baseUrl != null) {
        URI uri = URI.create(baseUrl);
        host = uri.getHost();
        port = uri.getPort();
        if (port < 0) {
          port = "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
        }
      }
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      warnings.warn("anthropic-base-url", Level.FINE, "could not parse the client's base URL", e);
    }
    this.serverAddress = host;
    this.serverPort = host == null ? -1 : port;
  }

  /**
   * True when prompt and completion events are recorded (the builder's flag and the global switch).
   */
  boolean capturesContent() {
    return captureContent && ContentCapture.isEnabled();
  }

  /**
   * Starts the span of a call with {@code params} as a child of the current context; never throws.
   */
  ChatCall start(MessageCreateParams params, boolean streaming) {
    Context parent = Context.current();
    String model = MessageReader.safe(() -> params.model().asString());
    Span span;
    try {
      span =
          tracer
              .spanBuilder(model == null ? OPERATION : OPERATION + " " + model)
              .setSpanKind(SpanKind.CLIENT)
              .setParent(parent)
              .setAllAttributes(startAttributes(params, model, streaming))
              .startSpan();
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      warnings.warn(
          "start",
          Level.WARNING,
          "last9-genai-anthropic could not start a span; the call runs untraced",
          e);
      span = Span.getInvalid();
    }
    ChatCall call = new ChatCall(this, span, parent.with(span));
    if (span.isRecording() && capturesContent()) {
      call.capture(ContentRedactor.Side.INPUT, MessageReader.safe(() -> prompt(params)));
    }
    return call;
  }

  private Attributes startAttributes(MessageCreateParams params, String model, boolean streaming) {
    AttributesBuilder a =
        Attributes.builder()
            .put(GenAiAttributes.OPERATION_NAME, OPERATION)
            .put(GenAiAttributes.PROVIDER_NAME, PROVIDER);
    if (model != null) {
      a.put(GenAiAttributes.REQUEST_MODEL, model);
    }
    if (serverAddress != null) {
      a.put(GenAiAttributes.SERVER_ADDRESS, serverAddress);
      a.put(GenAiAttributes.SERVER_PORT, serverPort);
    }
    if (streaming) {
      a.put(GenAiAttributes.REQUEST_STREAM, true);
    }
    Long maxTokens = MessageReader.safe(params::maxTokens);
    if (maxTokens != null) {
      a.put(GenAiAttributes.REQUEST_MAX_TOKENS, maxTokens);
    }
    List<String> stops = MessageReader.safe(() -> params.stopSequences().orElse(null));
    if (stops != null && !stops.isEmpty()) {
      a.put(GenAiAttributes.REQUEST_STOP_SEQUENCES, stops);
    }
    // anthropic-java 3.x has no typed sampling parameters; callers send them as extra body
    // properties
    Map<String, JsonValue> extra = MessageReader.safe(params::_additionalBodyProperties);
    if (extra != null && !extra.isEmpty()) {
      putNumber(a, GenAiAttributes.REQUEST_TEMPERATURE, extra.get("temperature"));
      putNumber(a, GenAiAttributes.REQUEST_TOP_P, extra.get("top_p"));
      putNumber(a, GenAiAttributes.REQUEST_TOP_K, extra.get("top_k"));
    }
    return a.build();
  }

  // JsonValue.asNumber() is declared with a raw Optional
  @SuppressWarnings("unchecked")
  private static void putNumber(
      AttributesBuilder a, io.opentelemetry.api.common.AttributeKey<Double> key, JsonValue value) {
    if (value == null) {
      return;
    }
    Optional<Number> n = MessageReader.safe(value::asNumber);
    if (n != null && n.isPresent()) {
      a.put(key, n.get().doubleValue());
    }
  }

  /** The prompt as JSON: the system prompt, then each message's role and text. */
  private static List<Map<String, String>> prompt(MessageCreateParams params) {
    List<Map<String, String>> out = new ArrayList<>();
    params
        .system()
        .ifPresent(
            system -> {
              String text =
                  system.isString() ? system.asString() : joinText(system.asTextBlockParams());
              out.add(entry("system", text));
            });
    for (MessageParam m : params.messages()) {
      out.add(entry(m.role().asString(), text(m.content())));
    }
    return out;
  }

  private static Map<String, String> entry(String role, String content) {
    Map<String, String> e = new LinkedHashMap<>();
    e.put("role", role);
    e.put("content", content);
    return e;
  }

  private static String text(MessageContentParam content) {
    if (content.isString()) {
      return content.asString();
    }
    StringBuilder sb = new StringBuilder();
    for (ContentBlockParam block : content.asContentBlockParams()) {
      if (block.isText()) {
        sb.append(block.asText().text());
      }
    }
    return sb.toString();
  }

  private static String joinText(List<TextBlockParam> blocks) {
    StringBuilder sb = new StringBuilder();
    for (TextBlockParam b : blocks) {
      sb.append(b.text());
    }
    return sb.toString();
  }

  String format(Object value, ContentRedactor.Side side) {
    return ContentFormatter.format(value, side, null, maxContentLength);
  }
}
