/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.otlp;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.explorer.internal.store.ColumnAttributes;
import io.last9.genai.explorer.internal.store.SpanRecord;
import io.last9.genai.pricing.CostCalculator;
import io.last9.genai.pricing.CostEstimate;
import io.last9.genai.pricing.Usage;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an OTLP trace export into {@link SpanRecord}s: reads the GenAI keys (and the older ones
 * other sources still write), and prices a span that arrived with a model and token counts but no
 * cost with the core's catalog, marking it as priced by the explorer. Internal, not for public use.
 */
public final class SpanDecoder {

  /** Longest string value kept in a span's attribute JSON; content columns keep more. */
  private static final int MAX_ATTRIBUTE_CHARS = 16 * 1024;

  /** Longest captured content kept. */
  private static final int MAX_CONTENT_CHARS = 256 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Largest attribute buffer a thread keeps between spans. */
  private static final int MAX_REUSED_CHARS = 64 * 1024;

  /**
   * One unsynchronized buffer per receiving thread: a {@code StringWriter} (a synchronized
   * StringBuffer, grown from 16 chars for every span) was most of the attribute JSON's cost.
   */
  private static final ThreadLocal<Buffer> BUFFER = ThreadLocal.withInitial(Buffer::new);

  private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

  private final CostCalculator prices;

  public SpanDecoder(CostCalculator prices) {
    this.prices = prices;
  }

  /** Every span of {@code request}, flattened; throws {@link IllegalArgumentException} if bad. */
  public List<SpanRecord> decode(ExportTraceServiceRequest request) {
    List<SpanRecord> out = new ArrayList<>();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      String service = null;
      for (KeyValue kv : rs.getResource().getAttributesList()) {
        if ("service.name".equals(kv.getKey())) {
          service = kv.getValue().getStringValue();
        }
      }
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          out.add(decode(WireSpan.of(span), service));
        }
      }
    }
    return out;
  }

  /**
   * Every span of an encoded {@code ExportTraceServiceRequest}, read from the wire without building
   * its messages; throws {@link IllegalArgumentException} if bad.
   */
  public List<SpanRecord> decode(byte[] request) {
    List<SpanRecord> out = new ArrayList<>();
    try {
      CodedInputStream in = CodedInputStream.newInstance(request);
      int tag;
      while ((tag = in.readTag()) != 0) {
        if (tag == ((1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
          int limit = in.pushLimit(in.readRawVarint32());
          readResourceSpans(in, out);
          in.popLimit(limit);
        } else if (!in.skipField(tag)) {
          break;
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("body is not an OTLP protobuf message: " + e.getMessage());
    }
    return out;
  }

  /** One ResourceSpans message: its service name may come after its spans. */
  private void readResourceSpans(CodedInputStream in, List<SpanRecord> out) throws IOException {
    List<String> keys = new ArrayList<>();
    List<AnyValue> values = new ArrayList<>();
    List<WireSpan> spans = new ArrayList<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == ((1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) { // resource
        int limit = in.pushLimit(in.readRawVarint32());
        while ((tag = in.readTag()) != 0) {
          if (tag == ((1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
            int kv = in.pushLimit(in.readRawVarint32());
            WireSpan.readKeyValue(in, keys, values);
            in.popLimit(kv);
          } else if (!in.skipField(tag)) {
            break;
          }
        }
        in.popLimit(limit);
      } else if (tag == ((2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) { // scope spans
        int limit = in.pushLimit(in.readRawVarint32());
        while ((tag = in.readTag()) != 0) {
          if (tag == ((2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
            int span = in.pushLimit(in.readRawVarint32());
            spans.add(WireSpan.read(in));
            in.popLimit(span);
          } else if (!in.skipField(tag)) {
            break;
          }
        }
        in.popLimit(limit);
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    String service = null;
    for (int i = 0; i < keys.size(); i++) {
      if ("service.name".equals(keys.get(i))) {
        service = values.get(i).getStringValue();
      }
    }
    for (WireSpan span : spans) {
      out.add(decode(span, service));
    }
  }

  private SpanRecord decode(WireSpan span, String service) {
    String traceId = id(span.traceId, 16, "traceId");
    String spanId = id(span.spanId, 8, "spanId");
    String parent = span.parentSpanId.isEmpty() ? null : id(span.parentSpanId, 8, "parentSpanId");
    Map<String, AnyValue> a = new HashMap<>(span.keys.size() * 2);
    for (int i = 0; i < span.keys.size(); i++) {
      a.put(span.keys.get(i), span.values.get(i));
    }
    String conversation = string(a, GenAiAttributes.CONVERSATION_ID.getKey());
    if (conversation == null) {
      conversation = string(a, "session.id");
    }
    String provider = string(a, GenAiAttributes.PROVIDER_NAME.getKey());
    if (provider == null) {
      provider = string(a, GenAiAttributes.SYSTEM.getKey());
    }
    String model = string(a, GenAiAttributes.RESPONSE_MODEL.getKey());
    if (model == null) {
      model = string(a, GenAiAttributes.REQUEST_MODEL.getKey());
    }
    Long input = number(a, GenAiAttributes.USAGE_INPUT_TOKENS.getKey());
    if (input == null) {
      input = number(a, GenAiAttributes.USAGE_PROMPT_TOKENS.getKey());
    }
    Long output = number(a, GenAiAttributes.USAGE_OUTPUT_TOKENS.getKey());
    if (output == null) {
      output = number(a, GenAiAttributes.USAGE_COMPLETION_TOKENS.getKey());
    }
    String operation = string(a, GenAiAttributes.OPERATION_NAME.getKey());
    String l9Kind = string(a, GenAiAttributes.L9_SPAN_KIND.getKey());
    if (l9Kind == null) {
      l9Kind = inferKind(operation, a);
    }

    Double cost = decimal(a, GenAiAttributes.USAGE_COST_USD.getKey());
    String costSource = string(a, GenAiAttributes.COST_PRICE_SOURCE.getKey());
    String unpriced = string(a, GenAiAttributes.COST_UNPRICED_REASON.getKey());
    boolean pricedByChild = bool(a, GenAiAttributes.COST_PRICED_BY_CHILD.getKey());
    boolean pricedHere = false;
    if (cost == null
        && unpriced == null
        && !pricedByChild
        && model != null
        && (input != null || output != null)) {
      Optional<CostEstimate> estimate =
          prices.estimate(
              model,
              provider,
              usage(a, input, output),
              Instant.ofEpochSecond(0, 0).plusNanos(span.startNanos));
      if (estimate.isPresent()) {
        cost = estimate.get().cost().totalUsd();
        costSource = estimate.get().source();
        pricedHere = true;
      } else {
        unpriced = provider == null ? "unknown_model" : "unknown_model_or_provider";
      }
    }

    String inputMessages = content(a, span, true);
    String outputMessages = content(a, span, false);
    SpanRecord columns =
        new SpanRecord(
            traceId,
            spanId,
            parent,
            span.name,
            kind(span.kind),
            service,
            span.startNanos,
            Math.max(span.endNanos, span.startNanos),
            span.error,
            span.statusMessage.isEmpty() ? null : span.statusMessage,
            conversation,
            number(a, GenAiAttributes.CONVERSATION_TURN.getKey()),
            string(a, GenAiAttributes.USER_ID.getKey()),
            string(a, GenAiAttributes.WORKFLOW_ID.getKey()),
            string(a, GenAiAttributes.WORKFLOW_TYPE.getKey()),
            l9Kind,
            operation,
            provider,
            model,
            input,
            output,
            cost,
            costSource,
            pricedHere,
            unpriced,
            decimal(a, GenAiAttributes.WORKFLOW_TOTAL_COST_USD.getKey()),
            bool(a, GenAiAttributes.WORKFLOW_ENDED_AFTER_CLOSE.getKey()),
            null, // the question and answer are read from the messages when shown, not on ingest
            null,
            clip(inputMessages),
            clip(outputMessages),
            null);
    return columns.withAttributes(attributesJson(span, columns));
  }

  /** The usage counts the catalog prices, from the keys the span has. */
  private static Usage usage(Map<String, AnyValue> a, Long input, Long output) {
    Usage.Builder usage = Usage.builder();
    if (input != null) {
      usage.inputTokens(input);
    }
    if (output != null) {
      usage.outputTokens(output);
    }
    Long cacheRead = number(a, GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS.getKey());
    if (cacheRead != null) {
      usage.cacheReadInputTokens(cacheRead);
    }
    Long cacheCreation = number(a, GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS.getKey());
    if (cacheCreation != null) {
      usage.cacheCreationInputTokens(cacheCreation);
    }
    Long reasoning = number(a, GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS.getKey());
    if (reasoning != null) {
      usage.reasoningOutputTokens(reasoning);
    }
    return usage.build();
  }

  /**
   * The input (or output) content under whichever key the source used: the conventions' messages,
   * the older prompt/completion attributes or events, or the indexed {@code
   * gen_ai.prompt.0.content} keys older Python instrumentations write (rebuilt as a JSON list of
   * messages).
   */
  private static String content(Map<String, AnyValue> a, WireSpan span, boolean input) {
    String current =
        string(
            a,
            input
                ? GenAiAttributes.INPUT_MESSAGES.getKey()
                : GenAiAttributes.OUTPUT_MESSAGES.getKey());
    if (current != null) {
      return current;
    }
    String legacyKey =
        input ? GenAiAttributes.PROMPT.getKey() : GenAiAttributes.COMPLETION.getKey();
    String legacy = string(a, legacyKey);
    if (legacy != null) {
      return legacy;
    }
    ArrayNode indexed = JSON.createArrayNode();
    for (int i = 0; i < 64; i++) {
      String text = string(a, legacyKey + "." + i + ".content");
      if (text == null) {
        break;
      }
      ObjectNode m = indexed.addObject();
      String role = string(a, legacyKey + "." + i + ".role");
      m.put("role", role != null ? role : input ? "user" : "assistant");
      m.put("content", text);
    }
    if (!indexed.isEmpty()) {
      return indexed.toString();
    }
    String eventName = input ? GenAiAttributes.EVENT_PROMPT : GenAiAttributes.EVENT_COMPLETION;
    for (Span.Event event : span.events()) {
      if (eventName.equals(event.getName())) {
        for (KeyValue kv : event.getAttributesList()) {
          if (legacyKey.equals(kv.getKey())) {
            return kv.getValue().getStringValue();
          }
        }
      }
    }
    return null;
  }

  /** A classification for spans that do not carry last9-genai's own. */
  private static String inferKind(String operation, Map<String, AnyValue> a) {
    if (operation == null) {
      if (a.containsKey("http.request.method") || a.containsKey("http.method")) {
        return "http";
      }
      return a.containsKey("db.system") || a.containsKey("db.system.name") ? "database" : null;
    }
    switch (operation) {
      case "execute_tool":
        return "tool";
      case "invoke_agent":
      case "create_agent":
        return "agent";
      case "embeddings":
        return "embedding";
      default:
        return "llm";
    }
  }

  private static String kind(int kind) {
    switch (kind) {
      case Span.SpanKind.SPAN_KIND_SERVER_VALUE:
        return "SERVER";
      case Span.SpanKind.SPAN_KIND_CLIENT_VALUE:
        return "CLIENT";
      case Span.SpanKind.SPAN_KIND_PRODUCER_VALUE:
        return "PRODUCER";
      case Span.SpanKind.SPAN_KIND_CONSUMER_VALUE:
        return "CONSUMER";
      default:
        return "INTERNAL";
    }
  }

  private static String id(ByteString bytes, int length, String field) {
    return hexId(bytes, length, field);
  }

  /** {@code bytes} as lowercase hex; throws {@link IllegalArgumentException} if not that long. */
  static String hexId(ByteString bytes, int length, String field) {
    if (bytes.size() != length) {
      throw new IllegalArgumentException(
          field + " must be " + length + " bytes, got " + bytes.size());
    }
    char[] hex = new char[length * 2];
    for (int i = 0; i < length; i++) {
      int b = bytes.byteAt(i) & 0xff;
      hex[2 * i] = HEX_DIGITS[b >>> 4];
      hex[2 * i + 1] = HEX_DIGITS[b & 0xf];
    }
    return new String(hex);
  }

  private static String string(Map<String, AnyValue> a, String key) {
    AnyValue v = a.get(key);
    if (v == null) {
      return null;
    }
    switch (v.getValueCase()) {
      case STRING_VALUE:
        return v.getStringValue();
      case INT_VALUE:
        return Long.toString(v.getIntValue());
      case DOUBLE_VALUE:
        return Double.toString(v.getDoubleValue());
      case BOOL_VALUE:
        return Boolean.toString(v.getBoolValue());
      default:
        return null;
    }
  }

  private static Long number(Map<String, AnyValue> a, String key) {
    AnyValue v = a.get(key);
    if (v == null) {
      return null;
    }
    switch (v.getValueCase()) {
      case INT_VALUE:
        return v.getIntValue();
      case DOUBLE_VALUE:
        return (long) v.getDoubleValue();
      case STRING_VALUE:
        try {
          return Long.parseLong(v.getStringValue().strip());
        } catch (NumberFormatException notANumber) {
          return null;
        }
      default:
        return null;
    }
  }

  private static Double decimal(Map<String, AnyValue> a, String key) {
    AnyValue v = a.get(key);
    if (v == null) {
      return null;
    }
    switch (v.getValueCase()) {
      case DOUBLE_VALUE:
        return v.getDoubleValue();
      case INT_VALUE:
        return (double) v.getIntValue();
      default:
        return null;
    }
  }

  private static boolean bool(Map<String, AnyValue> a, String key) {
    AnyValue v = a.get(key);
    return v != null && v.getBoolValue();
  }

  private static String clip(String s) {
    return s == null || s.length() <= MAX_CONTENT_CHARS ? s : s.substring(0, MAX_CONTENT_CHARS);
  }

  /**
   * The attributes no column of {@code columns} holds, as one JSON object streamed into this
   * thread's reused buffer, behind the mask of those left out ({@link ColumnAttributes}): on a
   * GenAI span that is most of them, its messages included.
   */
  private static String attributesJson(WireSpan span, SpanRecord columns) {
    Buffer out = BUFFER.get();
    out.text.setLength(0);
    int mask = 0;
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      for (int i = 0; i < span.keys.size(); i++) {
        String key = span.keys.get(i);
        AnyValue value = span.values.get(i);
        int bit = ColumnAttributes.bit(key);
        if (bit != 0 && (mask & bit) == 0 && inColumn(bit, columns, value)) {
          mask |= bit; // a key sent twice keeps its second value here
          continue;
        }
        g.writeFieldName(key);
        AnyValueJson.write(g, value, MAX_ATTRIBUTE_CHARS);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    String json = ColumnAttributes.stored(mask, out.text.toString());
    if (out.text.capacity() > MAX_REUSED_CHARS) {
      out.text = new StringBuilder(1024); // one huge span does not keep its buffer alive
    }
    return json;
  }

  /** True if the column of {@code bit} holds {@code v}, of the column's type. */
  private static boolean inColumn(int bit, SpanRecord columns, AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE:
        return ColumnAttributes.holds(bit, columns, v.getStringValue());
      case INT_VALUE:
        return ColumnAttributes.holds(bit, columns, v.getIntValue());
      case DOUBLE_VALUE:
        return ColumnAttributes.holds(bit, columns, v.getDoubleValue());
      default:
        return false;
    }
  }

  /** A {@link Writer} over a {@link StringBuilder} that a thread reuses span after span. */
  private static final class Buffer extends Writer {
    StringBuilder text = new StringBuilder(1024);

    @Override
    public void write(char[] chars, int offset, int length) {
      text.append(chars, offset, length);
    }

    @Override
    public void write(String s, int offset, int length) {
      text.append(s, offset, offset + length);
    }

    @Override
    public void write(int c) {
      text.append((char) c);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
