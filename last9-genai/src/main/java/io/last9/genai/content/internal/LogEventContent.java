/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.content.internal;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.content.ContentRedactor;
import io.last9.genai.internal.OnceLogger;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Collects the per-message content log events of OpenTelemetry's GenAI instrumentations ({@code
 * gen_ai.system.message}, {@code gen_ai.user.message}, {@code gen_ai.assistant.message}, {@code
 * gen_ai.tool.message}, {@code gen_ai.choice}) for the span each belongs to, and writes them on
 * that span before it ends as {@code gen_ai.input.messages} and {@code gen_ai.output.messages}
 * (redacted and cut like every capture). Used by the openai-java wrapper and by the Java agent
 * extension.
 *
 * <p>Bounded: at most {@code maxSpans} spans hold collected messages at once, and {@value
 * ContentJson#MAX_MESSAGES} messages per side and span; beyond that content is dropped (reported
 * once), never the call. A span's messages are removed when it is flushed, which its end does.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class LogEventContent {

  private static final Logger logger = Logger.getLogger(LogEventContent.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  private final Map<SpanContext, Collected> spans = new ConcurrentHashMap<>();
  private final int maxLength;
  private final int maxSpans;
  private final ContentRedactor redactor;

  /**
   * @param maxLength the cap of each captured value, in characters
   * @param maxSpans how many open spans may hold collected messages at once
   * @param redactor rewrites each value first, or null
   */
  public LogEventContent(int maxLength, int maxSpans, ContentRedactor redactor) {
    this.maxLength = maxLength;
    this.maxSpans = maxSpans;
    this.redactor = redactor;
  }

  /**
   * Whether the SDK's log records have an event name of their own (SDK 1.50 and later); before,
   * only the {@code event.name} attribute carries it, and calling the method fails to link.
   */
  private static final boolean RECORDS_HAVE_EVENT_NAMES = recordsHaveEventNames();

  private static boolean recordsHaveEventNames() {
    try {
      ReadWriteLogRecord.class.getMethod("getEventName");
      return true;
    } catch (NoSuchMethodException | RuntimeException e) {
      return false;
    }
  }

  /** The record's event name (its own, else its {@code event.name} attribute), or null. */
  public static String eventName(ReadWriteLogRecord record) {
    String name = RECORDS_HAVE_EVENT_NAMES ? record.getEventName() : null;
    return name != null ? name : record.getAttribute(GenAiAttributes.EVENT_NAME);
  }

  /** True for the names of the per-message content events. */
  public static boolean isMessageEvent(String name) {
    return name != null
        && (name.equals("gen_ai.system.message")
            || name.equals("gen_ai.user.message")
            || name.equals("gen_ai.assistant.message")
            || name.equals("gen_ai.tool.message")
            || name.equals("gen_ai.choice"));
  }

  /** Number of spans with collected messages not yet written. */
  public int pendingSpans() {
    return spans.size();
  }

  /** Collects one event of span {@code owner}; events of other names are ignored. */
  public void add(SpanContext owner, String eventName, Value<?> body) {
    if (!isMessageEvent(eventName) || !owner.isValid()) {
      return;
    }
    Collected c = collected(owner);
    if (c == null) {
      return;
    }
    Object b = body == null ? null : toJava(body);
    Map<?, ?> fields = b instanceof Map ? (Map<?, ?>) b : Map.of("content", b == null ? "" : b);
    if (eventName.equals("gen_ai.choice")) {
      // OpenAI's instrumentations nest the reply under "message"; the AWS SDK's Bedrock
      // instrumentation puts its content and tool calls beside "index" and "finish_reason"
      Object m = fields.get("message");
      Map<?, ?> message = m instanceof Map ? (Map<?, ?>) m : m == null ? fields : Map.of();
      Object fr = fields.get("finish_reason");
      c.add(
          true,
          Message.output(
              "assistant", parts(message, null), fr instanceof String ? (String) fr : null));
      return;
    }
    String role = eventName.substring("gen_ai.".length(), eventName.length() - ".message".length());
    Object ownRole = fields.get("role"); // a developer message names its own role
    if (ownRole instanceof String && !((String) ownRole).isEmpty()) {
      role = (String) ownRole;
    }
    Object id = fields.get("id");
    c.add(false, Message.of(role, parts(fields, "tool".equals(role) ? id : null)));
  }

  /**
   * Sets the output of an open span from its response, for calls whose choice events come only
   * after the span ended (async calls); later choice events of the span are ignored.
   */
  public void output(SpanContext owner, List<Message> messages) {
    Collected c = collected(owner);
    if (c != null) {
      c.lockOutput(messages);
    }
  }

  /** Writes what was collected for {@code span} (still open) and forgets it. */
  public void flush(Span span) {
    Collected c = spans.remove(span.getSpanContext());
    if (c == null) {
      return;
    }
    List<Message> input;
    List<Message> output;
    synchronized (c) {
      input = List.copyOf(c.input);
      output = List.copyOf(c.output);
    }
    // events sent without their content (the instrumentation's own capture is off) name only
    // roles: that is no content, and it is not written
    if (hasParts(input)) {
      SpanContent.input(span, input, redactor, maxLength);
    }
    if (hasParts(output)) {
      SpanContent.output(span, output, redactor, maxLength);
    }
  }

  private static boolean hasParts(List<Message> messages) {
    for (Message m : messages) {
      if (!m.parts().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private Collected collected(SpanContext owner) {
    Collected c = spans.get(owner);
    if (c != null) {
      return c;
    }
    if (spans.size() >= maxSpans) {
      warnings.warn(
          "events-full",
          Level.WARNING,
          "more than "
              + maxSpans
              + " GenAI calls hold captured content at once; content of further calls is not put on their spans",
          null);
      return null;
    }
    return spans.computeIfAbsent(owner, k -> new Collected());
  }

  /** The parts of an event body: its text content, its tool calls, or a tool's response. */
  private static List<Part> parts(Map<?, ?> fields, Object toolCallId) {
    List<Part> parts = new ArrayList<>();
    Object content = fields.get("content");
    if (toolCallId != null) {
      parts.add(
          Part.toolCallResponseJson(
              String.valueOf(toolCallId), content == null ? "" : String.valueOf(content)));
      return parts;
    }
    if (content instanceof List) {
      for (Object p : (List<?>) content) {
        if (p instanceof Map && ((Map<?, ?>) p).get("text") instanceof String) {
          parts.add(Part.text((String) ((Map<?, ?>) p).get("text")));
        } else if (p instanceof Map && ((Map<?, ?>) p).get("type") instanceof String) {
          parts.add(Part.other((String) ((Map<?, ?>) p).get("type")));
        } else if (p instanceof String) {
          parts.add(Part.text((String) p));
        }
      }
    } else if (content != null && !"".equals(content)) {
      parts.add(Part.text(String.valueOf(content)));
    }
    Object calls = fields.get("tool_calls");
    if (calls instanceof List) {
      for (Object call : (List<?>) calls) {
        if (!(call instanceof Map)) {
          continue;
        }
        Map<?, ?> cm = (Map<?, ?>) call;
        Object fn = cm.get("function");
        Map<?, ?> f = fn instanceof Map ? (Map<?, ?>) fn : Map.of();
        Object id = cm.get("id");
        Object name = f.get("name");
        Object args = f.get("arguments");
        parts.add(
            args instanceof String
                ? Part.toolCallJson(
                    id == null ? null : id.toString(), String.valueOf(name), (String) args)
                : Part.toolCall(id == null ? null : id.toString(), String.valueOf(name), args));
      }
    }
    return parts;
  }

  private static Object toJava(Value<?> v) {
    switch (v.getType()) {
      case KEY_VALUE_LIST:
        {
          @SuppressWarnings("unchecked")
          List<KeyValue> kvs = (List<KeyValue>) v.getValue();
          Map<String, Object> m = new LinkedHashMap<>();
          for (KeyValue kv : kvs) {
            m.put(kv.getKey(), toJava(kv.getValue()));
          }
          return m;
        }
      case ARRAY:
        {
          @SuppressWarnings("unchecked")
          List<Value<?>> values = (List<Value<?>>) v.getValue();
          List<Object> l = new ArrayList<>(values.size());
          for (Value<?> e : values) {
            l.add(toJava(e));
          }
          return l;
        }
      case BYTES:
        return v.asString();
      default:
        return v.getValue();
    }
  }

  private static final class Collected {
    final List<Message> input = new ArrayList<>();
    final List<Message> output = new ArrayList<>();
    boolean outputLocked;

    synchronized void lockOutput(List<Message> messages) {
      output.clear();
      output.addAll(messages.subList(0, Math.min(messages.size(), ContentJson.MAX_MESSAGES)));
      outputLocked = true;
    }

    synchronized void add(boolean isOutput, Message m) {
      if (isOutput && outputLocked) {
        return;
      }
      List<Message> side = isOutput ? output : input;
      if (side.size() < ContentJson.MAX_MESSAGES) {
        side.add(m);
      }
    }
  }
}
