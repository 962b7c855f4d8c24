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
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlockParam;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.content.ContentCapture;
import io.last9.genai.content.ContentRedactor;
import io.last9.genai.content.internal.Message;
import io.last9.genai.content.internal.Part;
import io.last9.genai.content.internal.SpanContent;
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
  private final ContentRedactor redactor;
  private final String serverAddress;
  private final long serverPort;

  /**
   * @param redactor rewrites each captured value first, or null
   */
  public ChatInstrumenter(
      OpenTelemetry openTelemetry,
      boolean captureContent,
      int maxContentLength,
      ContentRedactor redactor,
      String baseUrl) {
    this.tracer = openTelemetry.getTracer(SCOPE_NAME);
    this.captureContent = captureContent;
    this.maxContentLength = maxContentLength;
    this.redactor = redactor;
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

  /** True when content is recorded (the builder's flag and the global switch). */
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
      captureInput(span, params);
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

  /**
   * The system prompt as {@code gen_ai.system_instructions} (Anthropic gives it apart from the
   * messages), the messages as {@code gen_ai.input.messages}: text, tool calls ({@code tool_use}),
   * tool results and thinking as parts, other blocks (images, documents) by their type.
   */
  private void captureInput(Span span, MessageCreateParams params) {
    List<Part> system = MessageReader.safe(() -> system(params));
    if (system != null) {
      SpanContent.systemInstructions(span, system, redactor, maxContentLength);
    }
    List<Message> messages = MessageReader.safe(() -> messages(params));
    if (messages != null) {
      SpanContent.input(span, messages, redactor, maxContentLength);
    }
  }

  private static List<Part> system(MessageCreateParams params) {
    if (params.system().isEmpty()) {
      return null;
    }
    MessageCreateParams.System system = params.system().get();
    if (system.isString()) {
      return List.of(Part.text(system.asString()));
    }
    List<Part> parts = new ArrayList<>();
    for (TextBlockParam b : system.asTextBlockParams()) {
      parts.add(Part.text(b.text()));
    }
    return parts;
  }

  private static List<Message> messages(MessageCreateParams params) {
    List<Message> out = new ArrayList<>();
    for (MessageParam m : params.messages()) {
      String role = m.role().asString();
      MessageContentParam content = m.content();
      if (content.isString()) {
        out.add(Message.text(role, content.asString()));
        continue;
      }
      List<Part> parts = new ArrayList<>();
      boolean toolResults = false;
      for (ContentBlockParam block : content.asContentBlockParams()) {
        if (block.isText()) {
          parts.add(Part.text(block.asText().text()));
        } else if (block.isToolUse()) {
          ToolUseBlockParam t = block.asToolUse();
          parts.add(
              Part.toolCall(
                  t.id(), t.name(), MessageReader.json(t.input()._additionalProperties())));
        } else if (block.isToolResult()) {
          ToolResultBlockParam r = block.asToolResult();
          String text = r.content().map(ChatInstrumenter::resultText).orElse("");
          parts.add(Part.toolCallResponseJson(r.toolUseId(), text));
          toolResults = true;
        } else if (block.isThinking()) {
          parts.add(Part.reasoning(block.asThinking().thinking()));
        } else {
          parts.add(Part.other(blockType(block)));
        }
      }
      // Anthropic sends tool results in a user message; the conventions give them the tool role
      out.add(Message.of(toolResults && "user".equals(role) ? "tool" : role, parts));
    }
    return out;
  }

  private static String resultText(ToolResultBlockParam.Content c) {
    if (c.isString()) {
      return c.asString();
    }
    StringBuilder sb = new StringBuilder();
    for (var b : c.asBlocks()) {
      if (b.isText()) {
        sb.append(b.asText().text());
      }
    }
    return sb.toString();
  }

  private static String blockType(ContentBlockParam block) {
    if (block.isImage()) {
      return "image";
    }
    if (block.isDocument()) {
      return "document";
    }
    return "other";
  }

  ContentRedactor redactor() {
    return redactor;
  }

  int maxContentLength() {
    return maxContentLength;
  }
}
