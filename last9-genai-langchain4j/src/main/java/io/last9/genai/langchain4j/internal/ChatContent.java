/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.last9.genai.content.internal.Message;
import io.last9.genai.content.internal.Part;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a LangChain4j chat call captures, in the conventions' message schema: the request's messages
 * (system, user, AI with its tool execution requests, tool results; text parts, other contents such
 * as images by their type only) and the answer (its text and tool execution requests, with its
 * finish reason).
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class ChatContent {

  private ChatContent() {}

  /** The request's messages. */
  public static List<Message> input(List<ChatMessage> messages) {
    List<Message> out = new ArrayList<>();
    if (messages == null) {
      return out;
    }
    for (ChatMessage m : messages) {
      if (m instanceof SystemMessage) {
        out.add(Message.text("system", ((SystemMessage) m).text()));
      } else if (m instanceof UserMessage) {
        List<Part> parts = new ArrayList<>();
        for (Content c : ((UserMessage) m).contents()) {
          parts.add(
              c instanceof TextContent
                  ? Part.text(((TextContent) c).text())
                  : Part.other(c.type().name().toLowerCase(Locale.ROOT)));
        }
        out.add(Message.of("user", parts));
      } else if (m instanceof AiMessage) {
        out.add(Message.of("assistant", aiParts((AiMessage) m)));
      } else if (m instanceof ToolExecutionResultMessage) {
        ToolExecutionResultMessage r = (ToolExecutionResultMessage) m;
        out.add(Message.of("tool", List.of(Part.toolCallResponseJson(r.id(), r.text()))));
      } else if (m != null) {
        out.add(
            Message.text(
                m.type() == null ? "user" : m.type().name().toLowerCase(Locale.ROOT),
                String.valueOf(m)));
      }
    }
    return out;
  }

  /** The answer, or null when the response has no AI message. */
  public static Message output(ChatResponse response) {
    AiMessage ai = response.aiMessage();
    if (ai == null) {
      return null;
    }
    String finish =
        response.finishReason() == null ? null : GenAiSpans.finishReason(response.finishReason());
    // the conventions' spelling of a tool call finish
    return Message.output(
        "assistant", aiParts(ai), "tool_calls".equals(finish) ? "tool_call" : finish);
  }

  private static List<Part> aiParts(AiMessage ai) {
    List<Part> parts = new ArrayList<>();
    if (ai.text() != null) {
      parts.add(Part.text(ai.text()));
    }
    if (ai.hasToolExecutionRequests()) {
      for (ToolExecutionRequest t : ai.toolExecutionRequests()) {
        parts.add(Part.toolCallJson(t.id(), t.name(), t.arguments()));
      }
    }
    return parts;
  }
}
