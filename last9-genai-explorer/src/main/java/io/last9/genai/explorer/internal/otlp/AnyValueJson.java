/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.otlp;

import com.fasterxml.jackson.core.JsonGenerator;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.IOException;
import java.util.Base64;

/**
 * Writes an OTLP {@link AnyValue} as JSON: maps as objects, arrays as arrays, bytes as base64, an
 * empty value as {@code null}, and every string, however deep, cut to a length the caller chooses.
 * Internal, not for public use.
 */
final class AnyValueJson {

  /** For callers that keep every string whole. */
  static final int UNCLIPPED = Integer.MAX_VALUE;

  private AnyValueJson() {}

  /** Writes {@code v}, each of its strings cut to at most {@code maxStringChars} characters. */
  static void write(JsonGenerator g, AnyValue v, int maxStringChars) throws IOException {
    switch (v.getValueCase()) {
      case STRING_VALUE:
        String s = v.getStringValue();
        g.writeString(s.length() <= maxStringChars ? s : s.substring(0, maxStringChars));
        break;
      case INT_VALUE:
        g.writeNumber(v.getIntValue());
        break;
      case DOUBLE_VALUE:
        g.writeNumber(v.getDoubleValue());
        break;
      case BOOL_VALUE:
        g.writeBoolean(v.getBoolValue());
        break;
      case ARRAY_VALUE:
        g.writeStartArray();
        for (AnyValue item : v.getArrayValue().getValuesList()) {
          write(g, item, maxStringChars);
        }
        g.writeEndArray();
        break;
      case KVLIST_VALUE:
        g.writeStartObject();
        for (KeyValue kv : v.getKvlistValue().getValuesList()) {
          g.writeFieldName(kv.getKey());
          write(g, kv.getValue(), maxStringChars);
        }
        g.writeEndObject();
        break;
      case BYTES_VALUE:
        g.writeString(Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
        break;
      default:
        g.writeNull();
    }
  }
}
