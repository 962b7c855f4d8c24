/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.content.internal;

import io.last9.genai.content.ContentField;

/**
 * One part of a message in the conventions' schema: text, reasoning, a tool call the model asked
 * for, a tool's response, or a part of another type recorded by its type alone (an image, a file).
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class Part {

  final String type;
  final String content;
  final String id;
  final String name;
  final Object value;
  final boolean valueIsJsonText;

  private Part(
      String type, String content, String id, String name, Object value, boolean valueIsJsonText) {
    this.type = type;
    this.content = content;
    this.id = id;
    this.name = name;
    this.value = value;
    this.valueIsJsonText = valueIsJsonText;
  }

  /** A text part. */
  public static Part text(String content) {
    return new Part(ContentField.TEXT, content == null ? "" : content, null, null, null, false);
  }

  /** A reasoning (thinking) part. */
  public static Part reasoning(String content) {
    return new Part(
        ContentField.REASONING, content == null ? "" : content, null, null, null, false);
  }

  /**
   * A tool call the model asked for; {@code arguments} is a map, a list or a scalar, or null when
   * unknown.
   */
  public static Part toolCall(String id, String name, Object arguments) {
    return new Part(ContentField.TOOL_CALL, null, id, name == null ? "" : name, arguments, false);
  }

  /** A tool call whose arguments are JSON text (as the providers send them). */
  public static Part toolCallJson(String id, String name, String argumentsJson) {
    return new Part(
        ContentField.TOOL_CALL, null, id, name == null ? "" : name, argumentsJson, true);
  }

  /** A tool's response sent to the model; {@code response} as for {@link #toolCall}. */
  public static Part toolCallResponse(String id, Object response) {
    return new Part(ContentField.TOOL_CALL_RESPONSE, null, id, null, response, false);
  }

  /** A tool's response whose value is text that may be JSON (parsed when it is). */
  public static Part toolCallResponseJson(String id, String response) {
    return new Part(ContentField.TOOL_CALL_RESPONSE, null, id, null, response, true);
  }

  /** A part of another type (an image, audio, a file), recorded by its type only. */
  public static Part other(String type) {
    return new Part(type, null, null, null, null, false);
  }

  /** The part's type. */
  public String type() {
    return type;
  }

  /** The text of a text or reasoning part, else null. */
  public String content() {
    return content;
  }

  Part withContent(String c) {
    return new Part(type, c, id, name, value, valueIsJsonText);
  }
}
