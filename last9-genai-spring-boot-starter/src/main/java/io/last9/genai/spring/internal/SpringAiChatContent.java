/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.content.ContentCapture;
import io.last9.genai.content.internal.ContentJson;
import io.last9.genai.content.internal.Message;
import io.last9.genai.content.internal.Part;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Writes a Spring AI chat call's content on its span in the semantic conventions' keys: the
 * prompt's messages as {@code gen_ai.input.messages} (user text, the assistant's tool calls, tool
 * results), its system messages as {@code gen_ai.system_instructions}, and the answer as {@code
 * gen_ai.output.messages} with its finish reason. A streamed call's answer is the one Spring AI
 * aggregates at the end of the stream.
 *
 * <p>How: as high-cardinality key values of the chat observation, added by an observation filter
 * when it stops, before any handler sees the stop. The tracing handler copies them onto the span
 * before ending it; no meter is tagged with them. The processor's redaction rules then apply to
 * them as to any content.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class SpringAiChatContent implements ObservationFilter {

  private static final Logger logger = Logger.getLogger(SpringAiChatContent.class.getName());

  /** This instance's own reports: another application context in the JVM never silences them. */
  private final OnceLogger warnings = new OnceLogger(logger);

  private final int maxLength;

  /** The application's content setting, within what the environment allows. */
  private final boolean capture;

  public SpringAiChatContent(int maxLength, boolean capture) {
    this.maxLength = maxLength;
    this.capture = capture && ContentCapture.isEnabled();
  }

  @Override
  public Observation.Context map(Observation.Context observed) {
    if (capture && observed instanceof ChatModelObservationContext) {
      write((ChatModelObservationContext) observed);
    }
    return observed;
  }

  private void write(ChatModelObservationContext context) {
    try {
      Prompt prompt = context.getRequest();
      if (prompt != null) {
        List<Part> system = new ArrayList<>();
        List<Message> input = new ArrayList<>();
        for (org.springframework.ai.chat.messages.Message m : prompt.getInstructions()) {
          addInput(m, system, input);
        }
        put(context, GenAiAttributes.SYSTEM_INSTRUCTIONS.getKey(), system(system));
        put(context, GenAiAttributes.INPUT_MESSAGES.getKey(), input(input));
      }
      ChatResponse response = context.getResponse();
      if (response != null) {
        List<Message> output = new ArrayList<>();
        for (Generation g : response.getResults()) {
          output.add(output(g));
        }
        put(
            context,
            GenAiAttributes.OUTPUT_MESSAGES.getKey(),
            ContentJson.outputMessages(output, null, maxLength));
      }
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "spring-ai-content",
          Level.WARNING,
          "last9-genai could not write a Spring AI chat call's content; its span has none",
          t);
    }
  }

  private String system(List<Part> system) {
    return ContentJson.systemInstructions(system, null, maxLength);
  }

  private String input(List<Message> input) {
    return ContentJson.inputMessages(input, null, maxLength);
  }

  private static void addInput(
      org.springframework.ai.chat.messages.Message m, List<Part> system, List<Message> input) {
    switch (m.getMessageType()) {
      case SYSTEM:
        if (m.getText() != null) {
          system.add(Part.text(m.getText()));
        }
        break;
      case USER:
        input.add(Message.of("user", textParts(m.getText())));
        break;
      case ASSISTANT:
        input.add(Message.of("assistant", assistantParts((AssistantMessage) m)));
        break;
      case TOOL:
        for (ToolResponseMessage.ToolResponse r : ((ToolResponseMessage) m).getResponses()) {
          input.add(
              Message.of("tool", List.of(Part.toolCallResponseJson(r.id(), r.responseData()))));
        }
        break;
      default:
        break;
    }
  }

  private static Message output(Generation g) {
    AssistantMessage out = g.getOutput();
    List<Part> parts = out == null ? List.of() : assistantParts(out);
    ChatGenerationMetadata metadata = g.getMetadata();
    return Message.output(
        "assistant", parts, finishReason(metadata == null ? null : metadata.getFinishReason()));
  }

  private static List<Part> assistantParts(AssistantMessage m) {
    List<Part> parts = new ArrayList<>(textParts(m.getText()));
    for (AssistantMessage.ToolCall call : m.getToolCalls()) {
      parts.add(Part.toolCallJson(call.id(), call.name(), call.arguments()));
    }
    return parts;
  }

  private static List<Part> textParts(String text) {
    return text == null || text.isEmpty() ? List.of() : List.of(Part.text(text));
  }

  /**
   * The conventions' finish reason: Spring AI passes the provider's own, upper-cased by its OpenAI
   * model ({@code STOP}, {@code TOOL_CALLS}).
   */
  static String finishReason(String reason) {
    if (reason == null || reason.isEmpty()) {
      return null;
    }
    String r = reason.toLowerCase(Locale.ROOT);
    switch (r) {
      case "tool_calls":
      case "tool_use":
      case "function_call":
        return "tool_call";
      case "end_turn":
      case "stop_sequence":
        return "stop";
      case "max_tokens":
        return "length";
      default:
        return r;
    }
  }

  private static void put(Observation.Context context, String key, String json) {
    if (json != null) {
      context.addHighCardinalityKeyValue(KeyValue.of(key, json));
    }
  }
}
