/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import com.openai.models.chat.completions.ChatCompletion;
import io.last9.genai.content.internal.Message;
import io.last9.genai.content.internal.Part;
import java.util.ArrayList;
import java.util.List;

/**
 * What the raw-client layer needs from the wrapper that built it: the content bridge, the Responses
 * tracing and whether streams ask for their usage.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class Hooks {

  private final ContentEventBridge bridge;
  private final ResponsesTracing responses;
  private final boolean streamUsage;

  /**
   * @param bridge the content bridge, {@code null} when content capture is off
   * @param streamUsage whether chat completion streams ask for their usage chunk when the caller
   *     did not say
   */
  public Hooks(ContentEventBridge bridge, ResponsesTracing responses, boolean streamUsage) {
    this.bridge = bridge;
    this.responses = responses;
    this.streamUsage = streamUsage;
  }

  /** Whether chat completion streams ask for their usage chunk when the caller did not say. */
  boolean streamUsage() {
    return streamUsage;
  }

  ResponsesTracing responsesTracing() {
    return responses;
  }

  /**
   * Records the completion side of an async call from its response (its choice events come after
   * its span).
   */
  void completionFromResponse(HookedOpenTelemetry.ClientSpan span, ChatCompletion c) {
    if (bridge == null) {
      return;
    }
    List<Message> messages = new ArrayList<>();
    for (ChatCompletion.Choice choice : c._choices().asKnown().orElse(List.of())) {
      List<Part> parts = new ArrayList<>();
      choice
          ._message()
          .asKnown()
          .flatMap(msg -> msg.content())
          .ifPresent(t -> parts.add(Part.text(t)));
      choice
          ._message()
          .asKnown()
          .flatMap(msg -> msg.toolCalls())
          .ifPresent(
              calls -> {
                for (var call : calls) {
                  call.function()
                      .ifPresent(
                          f ->
                              parts.add(
                                  Part.toolCallJson(
                                      f.id(), f.function().name(), f.function().arguments())));
                }
              });
      String finish = choice._finishReason().asKnown().map(r -> r.asString()).orElse(null);
      messages.add(Message.output("assistant", parts, finish));
    }
    bridge.completion(span, messages);
  }
}
