/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.otlp;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.explorer.internal.store.ContentRecord;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the GenAI content events out of an OTLP logs export, for the span each names by trace and
 * span id: the conventions' {@code gen_ai.client.inference.operation.details} event (its {@code
 * gen_ai.input.messages} / {@code gen_ai.output.messages}, as JSON text or as structured values),
 * and the per-message events of OpenTelemetry's GenAI instrumentations ({@code gen_ai.user.message}
 * and the other roles' as input, {@code gen_ai.choice} as output). Other log records, and content
 * events that name no span, are acknowledged and not stored. Internal, not for public use.
 */
public final class LogDecoder {

  /** The conventions' event carrying a call's messages. */
  public static final String OPERATION_DETAILS = "gen_ai.client.inference.operation.details";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Longest content kept from one event. */
  private static final int MAX_CONTENT_CHARS = 256 * 1024;

  private LogDecoder() {}

  /** The content events of {@code request}; throws {@link IllegalArgumentException} if bad. */
  public static List<ContentRecord> content(ExportLogsServiceRequest request) {
    List<ContentRecord> out = new ArrayList<>();
    for (ResourceLogs rl : request.getResourceLogsList()) {
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        for (LogRecord r : sl.getLogRecordsList()) {
          ContentRecord c = content(r);
          if (c != null) {
            out.add(c);
          }
        }
      }
    }
    return out;
  }

  private static ContentRecord content(LogRecord r) {
    String name = eventName(r);
    if (name == null || r.getTraceId().isEmpty() || r.getSpanId().isEmpty()) {
      return null;
    }
    String input = null;
    String output = null;
    switch (name) {
      case OPERATION_DETAILS:
        input = messages(attribute(r, GenAiAttributes.INPUT_MESSAGES.getKey()));
        output = messages(attribute(r, GenAiAttributes.OUTPUT_MESSAGES.getKey()));
        break;
      case "gen_ai.system.message":
        input = message("system", r.getBody());
        break;
      case "gen_ai.user.message":
        input = message("user", r.getBody());
        break;
      case "gen_ai.assistant.message":
        input = message("assistant", r.getBody());
        break;
      case "gen_ai.tool.message":
        input = message("tool", r.getBody());
        break;
      case "gen_ai.choice":
        AnyValue choice = field(r.getBody(), "message");
        output = message("assistant", choice != null ? choice : r.getBody());
        break;
      default:
        return null;
    }
    if (input == null && output == null) {
      return null;
    }
    long time = r.getTimeUnixNano() != 0 ? r.getTimeUnixNano() : r.getObservedTimeUnixNano();
    return new ContentRecord(
        SpanDecoder.hexId(r.getTraceId(), 16, "traceId"),
        SpanDecoder.hexId(r.getSpanId(), 8, "spanId"),
        time,
        clip(input),
        clip(output));
  }

  /** The record's event name: its own field, else its {@code event.name} attribute. */
  private static String eventName(LogRecord r) {
    if (!r.getEventName().isEmpty()) {
      return r.getEventName();
    }
    AnyValue name = attribute(r, GenAiAttributes.EVENT_NAME.getKey());
    return name != null && name.hasStringValue() ? name.getStringValue() : null;
  }

  private static AnyValue attribute(LogRecord r, String key) {
    for (KeyValue kv : r.getAttributesList()) {
      if (key.equals(kv.getKey())) {
        return kv.getValue();
      }
    }
    return null;
  }

  private static AnyValue field(AnyValue value, String key) {
    if (value == null || !value.hasKvlistValue()) {
      return null;
    }
    for (KeyValue kv : value.getKvlistValue().getValuesList()) {
      if (key.equals(kv.getKey())) {
        return kv.getValue();
      }
    }
    return null;
  }

  /** A messages attribute: JSON text as sent, or a structured value written as JSON. */
  private static String messages(AnyValue value) {
    if (value == null) {
      return null;
    }
    if (value.hasStringValue()) {
      return value.getStringValue();
    }
    return json(value);
  }

  /** One message of a per-message event, as a JSON list of one {@code {role, content}}. */
  private static String message(String role, AnyValue body) {
    if (body == null || body.getValueCase() == AnyValue.ValueCase.VALUE_NOT_SET) {
      return null;
    }
    AnyValue content = body.hasKvlistValue() ? field(body, "content") : body;
    AnyValue ownRole = field(body, "role");
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartArray();
      g.writeStartObject();
      g.writeStringField(
          "role", ownRole != null && ownRole.hasStringValue() ? ownRole.getStringValue() : role);
      if (content != null) {
        g.writeFieldName("content");
        AnyValueJson.write(g, content, AnyValueJson.UNCLIPPED);
      }
      g.writeEndObject();
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  private static String json(AnyValue value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      AnyValueJson.write(g, value, AnyValueJson.UNCLIPPED);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static String clip(String s) {
    return s == null || s.length() <= MAX_CONTENT_CHARS ? s : s.substring(0, MAX_CONTENT_CHARS);
  }
}
