/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j.internal;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a LangChain4j chat call captures: the request's messages as {@code [{"role": ..., "content":
 * ...}]} (text parts only: images and audio are named, not copied), and the answer's text.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class ChatContent {

  private ChatContent() {}

  /** The messages, in the shape the OpenAI API uses, for the prompt event. */
  public static List<Map<String, String>> prompt(List<ChatMessage> messages) {
    List<Map<String, String>> out = new ArrayList<>();
    if (messages == null) {
      return out;
    }
    for (ChatMessage m : messages) {
      if (m == null) {
        continue;
      }
      Map<String, String> entry = new LinkedHashMap<>();
      entry.put("role", m.type() == null ? "unknown" : m.type().name().toLowerCase(Locale.ROOT));
      entry.put("content", text(m));
      out.add(entry);
    }
    return out;
  }

  /** The answer's text, or null when it has none (a tool call). */
  public static String completion(ChatResponse response) {
    AiMessage ai = response.aiMessage();
    return ai == null ? null : ai.text();
  }

  private static String text(ChatMessage m) {
    if (m instanceof SystemMessage) {
      return ((SystemMessage) m).text();
    }
    if (m instanceof AiMessage) {
      return ((AiMessage) m).text();
    }
    if (m instanceof ToolExecutionResultMessage) {
      return ((ToolExecutionResultMessage) m).text();
    }
    if (m instanceof UserMessage) {
      StringBuilder sb = new StringBuilder();
      for (Content c : ((UserMessage) m).contents()) {
        if (sb.length() > 0) {
          sb.append('\n');
        }
        sb.append(c instanceof TextContent ? ((TextContent) c).text() : "[" + c.type() + "]");
      }
      return sb.toString();
    }
    return String.valueOf(m);
  }
}
