/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the user's message and the model's answer out of captured content, whichever shape it came
 * in: the conventions' {@code gen_ai.input.messages} / {@code gen_ai.output.messages} (messages
 * made of typed parts), the older {@code gen_ai.prompt} / {@code gen_ai.completion} (a JSON list of
 * {@code {role, content}} messages, or plain text). Internal, not for public use.
 */
public final class Messages {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Messages() {}

  /** The text of the last user message, or {@code null}. */
  public static String lastUserText(String messages) {
    JsonNode list = parse(messages);
    if (list == null) {
      return plainText(messages);
    }
    String text = null;
    for (JsonNode m : list) {
      if ("user".equals(m.path("role").asText())) {
        String t = text(m);
        text = t != null ? t : text;
      }
    }
    return text;
  }

  /** The text of the first message (the first choice), or {@code null}. */
  public static String firstText(String messages) {
    JsonNode list = parse(messages);
    if (list == null) {
      return plainText(messages);
    }
    for (JsonNode m : list) {
      String t = text(m);
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  /** The text parts of one message, joined; the older shapes' {@code content} too. */
  static String text(JsonNode message) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode p : message.path("parts")) {
      if ("text".equals(p.path("type").asText())) {
        sb.append(p.path("content").asText());
      }
    }
    JsonNode content = message.path("content");
    if (sb.length() == 0 && content.isTextual()) {
      sb.append(content.asText());
    } else if (sb.length() == 0 && content.isArray()) {
      for (JsonNode p : content) {
        if (p.path("text").isTextual()) {
          sb.append(p.path("text").asText());
        }
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /** A JSON array of messages (or one message object, as a list), or {@code null} when not JSON. */
  private static JsonNode parse(String messages) {
    if (messages == null || messages.isBlank()) {
      return null;
    }
    char first = messages.strip().charAt(0);
    if (first != '[' && first != '{') {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(messages);
      if (node.isObject()) {
        return JSON.createArrayNode().add(node);
      }
      return node.isArray() ? node : null;
    } catch (JsonProcessingException notJson) {
      return null;
    }
  }

  private static String plainText(String messages) {
    return messages == null || messages.isBlank() ? null : messages;
  }

  /**
   * Two JSON lists of messages as one (the messages of several content events of one span), or
   * whichever is not null.
   */
  static String concat(String first, String second) {
    if (first == null || second == null) {
      return first == null ? second : first;
    }
    String a = first.strip();
    String b = second.strip();
    if (a.startsWith("[") && a.endsWith("]") && b.startsWith("[") && b.endsWith("]")) {
      String head = a.substring(1, a.length() - 1).strip();
      String tail = b.substring(1, b.length() - 1).strip();
      return head.isEmpty() ? b : tail.isEmpty() ? a : "[" + head + "," + tail + "]";
    }
    return first; // not lists: the first event's content
  }
}
