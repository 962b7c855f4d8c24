/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of an OTLP span the decoder reads, taken straight from the wire: protobuf's generated
 * parser builds a builder, a field builder and a message for every attribute and its value, which
 * cost as much CPU as all the rest of decoding. Events are kept as bytes and parsed only when read.
 * Internal, not for public use.
 */
final class WireSpan {

  ByteString traceId = ByteString.EMPTY;
  ByteString spanId = ByteString.EMPTY;
  ByteString parentSpanId = ByteString.EMPTY;
  String name = "";
  int kind;
  long startNanos;
  long endNanos;
  boolean error;
  String statusMessage = "";
  final List<String> keys = new ArrayList<>();
  final List<AnyValue> values = new ArrayList<>();
  private final List<ByteString> rawEvents = new ArrayList<>();
  private List<Span.Event> events;

  /** A span already parsed (OTLP/JSON, gRPC). */
  static WireSpan of(Span span) {
    WireSpan w = new WireSpan();
    w.traceId = span.getTraceId();
    w.spanId = span.getSpanId();
    w.parentSpanId = span.getParentSpanId();
    w.name = span.getName();
    w.kind = span.getKindValue();
    w.startNanos = span.getStartTimeUnixNano();
    w.endNanos = span.getEndTimeUnixNano();
    w.error = span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
    w.statusMessage = span.getStatus().getMessage();
    for (KeyValue kv : span.getAttributesList()) {
      w.keys.add(kv.getKey());
      w.values.add(kv.getValue());
    }
    w.events = span.getEventsList();
    return w;
  }

  List<Span.Event> events() {
    if (events == null) {
      List<Span.Event> parsed = new ArrayList<>(rawEvents.size());
      for (ByteString raw : rawEvents) {
        try {
          parsed.add(Span.Event.parseFrom(raw));
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalArgumentException(
              "a span event is not valid protobuf: " + e.getMessage());
        }
      }
      events = parsed;
    }
    return events;
  }

  /** Reads a span message; {@code in} is limited to it. */
  static WireSpan read(CodedInputStream in) throws IOException {
    WireSpan w = new WireSpan();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED:
          w.traceId = in.readBytes();
          break;
        case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED:
          w.spanId = in.readBytes();
          break;
        case (4 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED:
          w.parentSpanId = in.readBytes();
          break;
        case (5 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED:
          w.name = in.readStringRequireUtf8();
          break;
        case (6 << 3) | WireFormat.WIRETYPE_VARINT:
          w.kind = in.readEnum();
          break;
        case (7 << 3) | WireFormat.WIRETYPE_FIXED64:
          w.startNanos = in.readFixed64();
          break;
        case (8 << 3) | WireFormat.WIRETYPE_FIXED64:
          w.endNanos = in.readFixed64();
          break;
        case (9 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED:
          {
            int limit = in.pushLimit(in.readRawVarint32());
            readKeyValue(in, w.keys, w.values);
            in.popLimit(limit);
            break;
          }
        case (11 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED:
          w.rawEvents.add(in.readBytes());
          break;
        case (15 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED:
          {
            int limit = in.pushLimit(in.readRawVarint32());
            readStatus(in, w);
            in.popLimit(limit);
            break;
          }
        default:
          if (!in.skipField(tag)) {
            return w;
          }
      }
    }
    return w;
  }

  private static void readStatus(CodedInputStream in, WireSpan w) throws IOException {
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == ((2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        w.statusMessage = in.readStringRequireUtf8();
      } else if (tag == ((3 << 3) | WireFormat.WIRETYPE_VARINT)) {
        w.error = in.readEnum() == Status.StatusCode.STATUS_CODE_ERROR_VALUE;
      } else if (!in.skipField(tag)) {
        return;
      }
    }
  }

  /** Reads a KeyValue message into {@code keys} and {@code values}; {@code in} is limited to it. */
  static void readKeyValue(CodedInputStream in, List<String> keys, List<AnyValue> values)
      throws IOException {
    String key = "";
    AnyValue value = AnyValue.getDefaultInstance();
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == ((1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        key = in.readStringRequireUtf8();
      } else if (tag == ((2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        int limit = in.pushLimit(in.readRawVarint32());
        value = readValue(in);
        in.popLimit(limit);
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    keys.add(key);
    values.add(value);
  }

  /** Reads an AnyValue message; {@code in} is limited to it. The last field set counts. */
  private static AnyValue readValue(CodedInputStream in) throws IOException {
    AnyValue value = AnyValue.getDefaultInstance();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED:
          value = AnyValue.newBuilder().setStringValue(in.readStringRequireUtf8()).build();
          break;
        case (2 << 3) | WireFormat.WIRETYPE_VARINT:
          value = AnyValue.newBuilder().setBoolValue(in.readBool()).build();
          break;
        case (3 << 3) | WireFormat.WIRETYPE_VARINT:
          value = AnyValue.newBuilder().setIntValue(in.readInt64()).build();
          break;
        case (4 << 3) | WireFormat.WIRETYPE_FIXED64:
          value = AnyValue.newBuilder().setDoubleValue(in.readDouble()).build();
          break;
        case (5 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED:
          value = AnyValue.newBuilder().setArrayValue(ArrayValue.parseFrom(in.readBytes())).build();
          break;
        case (6 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED:
          value =
              AnyValue.newBuilder().setKvlistValue(KeyValueList.parseFrom(in.readBytes())).build();
          break;
        case (7 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED:
          value = AnyValue.newBuilder().setBytesValue(in.readBytes()).build();
          break;
        default:
          if (!in.skipField(tag)) {
            return value;
          }
      }
    }
    return value;
  }
}
