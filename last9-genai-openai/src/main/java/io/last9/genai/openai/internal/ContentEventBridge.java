/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.internal.ContentFormatter;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns the per-message content log events of OpenTelemetry's openai-java instrumentation ({@code
 * gen_ai.system.message}, {@code gen_ai.user.message}, {@code gen_ai.assistant.message}, {@code
 * gen_ai.tool.message}, {@code gen_ai.choice}) into what the Python SDK puts on the span: the
 * attributes {@code gen_ai.prompt} and {@code gen_ai.completion} (JSON arrays of the messages) and
 * one event per side, {@code gen_ai.content.prompt} {gen_ai.prompt} and {@code
 * gen_ai.content.completion} {gen_ai.completion}.
 *
 * <p>The span is the one the log record belongs to (the record's own context), never the current
 * span. Messages are collected per span and written once, when the span ends ({@link #flush}); the
 * state is removed then. At most {@code maxSpans} spans and {@value #MAX_MESSAGES} messages per
 * side are held; beyond that, content is dropped (reported once), never the call.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ContentEventBridge implements LogRecordProcessor {

  private static final Logger logger = Logger.getLogger(ContentEventBridge.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  private static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_MESSAGES = 256;

  private final Map<SpanContext, State> states = new ConcurrentHashMap<>();
  private final int maxLength;
  private final int maxSpans;

  /**
   * @param maxLength the cap of each side's JSON text, in characters
   * @param maxSpans how many open spans may hold collected content at once
   */
  public ContentEventBridge(int maxLength, int maxSpans) {
    this.maxLength = maxLength;
    this.maxSpans = maxSpans;
  }

  /** Number of spans with collected content not yet written (for tests and diagnostics). */
  public int pendingSpans() {
    return states.size();
  }

  @Override
  public void onEmit(Context context, ReadWriteLogRecord record) {
    try {
      String name = record.getEventName();
      if (name == null) {
        name = record.getAttribute(GenAiAttributes.EVENT_NAME);
      }
      if (name == null || !name.startsWith("gen_ai.")) {
        return;
      }
      boolean completion;
      String role;
      switch (name) {
        case "gen_ai.system.message":
          completion = false;
          role = "system";
          break;
        case "gen_ai.user.message":
          completion = false;
          role = "user";
          break;
        case "gen_ai.assistant.message":
          completion = false;
          role = "assistant";
          break;
        case "gen_ai.tool.message":
          completion = false;
          role = "tool";
          break;
        case "gen_ai.choice":
          completion = true;
          role = "assistant";
          break;
        default:
          return;
      }
      SpanContext own = record.getSpanContext();
      Span span = Span.fromContext(context);
      if (!own.isValid()
          || !(span instanceof HookedOpenTelemetry.ClientSpan)
          || !span.getSpanContext().equals(own)
          || ((HookedOpenTelemetry.ClientSpan) span).hasEnded()) {
        return;
      }
      State state = states.get(own);
      if (state == null) {
        if (states.size() >= maxSpans) {
          warnings.warn(
              "bridge:full",
              Level.WARNING,
              "more than "
                  + maxSpans
                  + " OpenAI calls hold captured content at once; content of further calls is not put on spans",
              null);
          return;
        }
        state = states.computeIfAbsent(own, k -> new State());
      }
      state.add(completion, entry(role, completion, record.getBodyValue()));
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      warnings.warn(
          "bridge", Level.WARNING, "could not turn a gen_ai log event into span content", e);
    }
  }

  /**
   * Sets the completion side of an open client span from the response itself, for calls whose
   * {@code gen_ai.choice} events are emitted only after their span ended (async calls); later
   * choice events of that span are ignored.
   */
  public void completion(HookedOpenTelemetry.ClientSpan span, List<Map<String, Object>> messages) {
    if (span.hasEnded()) {
      return;
    }
    SpanContext sc = span.getSpanContext();
    State state = states.get(sc);
    if (state == null) {
      if (states.size() >= maxSpans) {
        return;
      }
      state = states.computeIfAbsent(sc, k -> new State());
    }
    state.lockCompletion(messages);
  }

  /** Writes the collected content on {@code span} (still open) and forgets it. */
  public void flush(Span span) {
    State state = states.remove(span.getSpanContext());
    if (state == null) {
      return;
    }
    List<Object> prompt;
    List<Object> completion;
    synchronized (state) {
      prompt = state.prompt;
      completion = state.completion;
    }
    write(span, prompt, GenAiAttributes.PROMPT, GenAiAttributes.EVENT_PROMPT);
    write(span, completion, GenAiAttributes.COMPLETION, GenAiAttributes.EVENT_COMPLETION);
  }

  private void write(Span span, List<Object> messages, AttributeKey<String> key, String event) {
    if (messages.isEmpty()) {
      return;
    }
    String text;
    try {
      text = JSON.writeValueAsString(messages);
    } catch (JsonProcessingException e) {
      return;
    }
    text = ContentFormatter.truncate(text, maxLength);
    span.setAttribute(key, text);
    span.addEvent(event, Attributes.of(key, text));
  }

  /** One message in the Python SDK's shape: {@code role} first, then the event body's fields. */
  private static Map<String, Object> entry(String role, boolean choice, Value<?> body) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("role", role);
    Object b = body == null ? null : toJava(body);
    if (b instanceof Map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) b;
      if (choice) {
        Object message = fields.get("message");
        if (message instanceof Map) {
          @SuppressWarnings("unchecked")
          Map<String, Object> m = (Map<String, Object>) message;
          out.putAll(m);
        }
        if (fields.containsKey("finish_reason")) {
          out.put("finish_reason", fields.get("finish_reason"));
        }
        if (fields.containsKey("index")) {
          out.put("index", fields.get("index"));
        }
      } else {
        out.putAll(fields); // a developer message carries its own role, which wins
      }
    } else if (b != null) {
      out.put("content", b);
    }
    return out;
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

  private static final class State {
    final List<Object> prompt = new ArrayList<>();
    final List<Object> completion = new ArrayList<>();

    boolean completionLocked;

    synchronized void lockCompletion(List<Map<String, Object>> messages) {
      completion.clear();
      completion.addAll(messages.subList(0, Math.min(messages.size(), MAX_MESSAGES)));
      completionLocked = true;
    }

    synchronized void add(boolean isCompletion, Object entry) {
      if (isCompletion && completionLocked) {
        return;
      }
      List<Object> side = isCompletion ? completion : prompt;
      if (side.size() < MAX_MESSAGES) {
        side.add(entry);
      }
    }
  }
}
