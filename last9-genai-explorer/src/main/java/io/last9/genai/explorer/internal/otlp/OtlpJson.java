/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Parses OTLP/JSON. It is protobuf's JSON mapping except that trace and span ids are hex, not
 * base64: those fields are rewritten before protobuf's parser reads the rest. Unknown fields are
 * ignored, as OTLP asks of receivers. Internal, not for public use.
 */
final class OtlpJson {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId");
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private OtlpJson() {}

  /**
   * Merges {@code json} into {@code builder}.
   *
   * @throws IllegalArgumentException saying what is wrong, when the body is not OTLP/JSON
   */
  static void merge(byte[] json, Message.Builder builder) {
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("body is not JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("body is not JSON: " + e.getMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException("body is not a JSON object");
    }
    rewriteIds(tree, 0);
    try {
      PARSER.merge(tree.toString(), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("body is not OTLP/JSON: " + e.getMessage());
    }
  }

  private static void rewriteIds(JsonNode node, int depth) {
    if (depth > 64) {
      throw new IllegalArgumentException("body is nested too deeply");
    }
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        if (ID_FIELDS.contains(field.getKey()) && field.getValue().isTextual()) {
          field.setValue(object.textNode(base64(field.getKey(), field.getValue().asText())));
        } else {
          rewriteIds(field.getValue(), depth + 1);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        rewriteIds(item, depth + 1);
      }
    }
  }

  private static String base64(String field, String hex) {
    try {
      return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " is not hex: \"" + abbreviate(hex) + "\"");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
