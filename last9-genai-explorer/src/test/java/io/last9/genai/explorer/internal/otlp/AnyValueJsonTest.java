/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class AnyValueJsonTest {

  @Test
  void everyKindOfValueAsJson() throws Exception {
    AnyValue v =
        map(
            kv("s", str("text")),
            kv("i", AnyValue.newBuilder().setIntValue(42).build()),
            kv("d", AnyValue.newBuilder().setDoubleValue(0.5).build()),
            kv("b", AnyValue.newBuilder().setBoolValue(true).build()),
            kv(
                "a",
                AnyValue.newBuilder()
                    .setArrayValue(
                        ArrayValue.newBuilder()
                            .addValues(AnyValue.newBuilder().setIntValue(1))
                            .addValues(str("two")))
                    .build()),
            kv("bytes", AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("hi")).build()),
            kv("none", AnyValue.getDefaultInstance()));

    assertThat(json(v, AnyValueJson.UNCLIPPED))
        .isEqualTo(
            "{\"s\":\"text\",\"i\":42,\"d\":0.5,\"b\":true,\"a\":[1,\"two\"],\"bytes\":\"aGk=\","
                + "\"none\":null}");
  }

  @Test
  void clipsEveryStringHoweverDeep() throws Exception {
    AnyValue v =
        map(
            kv("top", str("abcdef")),
            kv(
                "nested",
                AnyValue.newBuilder()
                    .setArrayValue(
                        ArrayValue.newBuilder().addValues(map(kv("deep", str("uvwxyz")))))
                    .build()));

    assertThat(json(v, 3)).isEqualTo("{\"top\":\"abc\",\"nested\":[{\"deep\":\"uvw\"}]}");
  }

  private static String json(AnyValue v, int max) throws Exception {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      AnyValueJson.write(g, v, max);
    }
    return out.toString();
  }

  private static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  private static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static AnyValue map(KeyValue... values) {
    KeyValueList.Builder list = KeyValueList.newBuilder();
    for (KeyValue kv : values) {
      list.addValues(kv);
    }
    return AnyValue.newBuilder().setKvlistValue(list).build();
  }
}
