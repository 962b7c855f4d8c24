/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.anthropic.internal;

import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import io.last9.genai.internal.AnthropicCounts;
import io.last9.genai.internal.Throwables;
import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.pricing.Usage;
import java.util.List;
import java.util.Optional;

/**
 * Reads an Anthropic {@link Message} into the core's {@link ResponseInfo}, normalising usage:
 * Anthropic's {@code input_tokens} excludes {@code cache_read_input_tokens} and {@code
 * cache_creation_input_tokens}, so they are added back (the semantic conventions count cached input
 * in {@code gen_ai.usage.input_tokens}). Accessors of the client throw on a missing required field;
 * every read here is guarded so a malformed response yields "no value", never an exception.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class MessageReader {

  private MessageReader() {}

  /** Everything readable from {@code message}; never throws. */
  public static ResponseInfo read(Message message) {
    ResponseInfo.Builder b = ResponseInfo.builder().provider(ChatInstrumenter.PROVIDER);
    b.responseId(safe(() -> message.id()));
    b.responseModel(safe(() -> message.model().asString()));
    String stop = safe(() -> message.stopReason().map(r -> r.asString()).orElse(null));
    if (stop != null) {
      b.finishReasons(List.of(stop));
    }
    b.usage(safe(() -> usage(message.usage())));
    b.outputText(safe(() -> text(message.content())));
    return b.build();
  }

  /**
   * Normalised usage of a complete message: cache reads and writes added back to the input, cache
   * writes split by TTL ({@code cache_creation.ephemeral_5m_input_tokens}, {@code
   * ephemeral_1h_input_tokens}), thinking tokens, and {@code server_tool_use.web_search_requests}.
   */
  static Usage usage(com.anthropic.models.messages.Usage u) {
    return AnthropicCounts.usage(
        u.inputTokens(),
        u.cacheReadInputTokens().orElse(0L),
        u.cacheCreationInputTokens().orElse(0L),
        safeLong(() -> u.cacheCreation().map(c -> c.ephemeral5mInputTokens()).orElse(0L)),
        safeLong(() -> u.cacheCreation().map(c -> c.ephemeral1hInputTokens()).orElse(0L)),
        u.outputTokens(),
        safeLong(() -> u.outputTokensDetails().map(d -> d.thinkingTokens()).orElse(0L)),
        safeLong(() -> u.serverToolUse().map(t -> t.webSearchRequests()).orElse(0L)));
  }

  /** The text blocks of a response, joined; {@code null} when there is none. */
  static String text(List<ContentBlock> blocks) {
    StringBuilder sb = new StringBuilder();
    for (ContentBlock block : blocks) {
      Optional<com.anthropic.models.messages.TextBlock> t = block.text();
      if (t.isPresent()) {
        sb.append(t.get().text());
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /**
   * The output message of a complete response: its text, tool calls ({@code tool_use}) and thinking
   * as parts, finished for its stop reason; null when it cannot be read.
   */
  static io.last9.genai.content.internal.Message output(Message message) {
    return safe(
        () -> {
          List<io.last9.genai.content.internal.Part> parts = new java.util.ArrayList<>();
          for (ContentBlock block : message.content()) {
            block
                .text()
                .ifPresent(t -> parts.add(io.last9.genai.content.internal.Part.text(t.text())));
            block
                .thinking()
                .ifPresent(
                    t -> parts.add(io.last9.genai.content.internal.Part.reasoning(t.thinking())));
            block
                .toolUse()
                .ifPresent(
                    t ->
                        parts.add(
                            io.last9.genai.content.internal.Part.toolCall(
                                t.id(), t.name(), json(t._input()))));
          }
          String stop = message.stopReason().map(r -> r.asString()).orElse(null);
          return io.last9.genai.content.internal.Message.output("assistant", parts, stop);
        });
  }

  /** The output message of a stream: its text, finished for {@code stop}. */
  static io.last9.genai.content.internal.Message textOutput(String text, String stop) {
    return io.last9.genai.content.internal.Message.output(
        "assistant", List.of(io.last9.genai.content.internal.Part.text(text)), stop);
  }

  /** A tool call's input as a map of plain values. */
  static Object json(java.util.Map<String, com.anthropic.core.JsonValue> properties) {
    java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
    for (java.util.Map.Entry<String, com.anthropic.core.JsonValue> e : properties.entrySet()) {
      out.put(e.getKey(), json(e.getValue()));
    }
    return out;
  }

  /** A JSON value of the client as plain maps and lists, or its text when it cannot convert. */
  static Object json(com.anthropic.core.JsonValue v) {
    try {
      return v.convert(Object.class);
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      return String.valueOf(v);
    }
  }

  interface Read<T> {
    T get();
  }

  static <T> T safe(Read<T> read) {
    try {
      return read.get();
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      return null;
    }
  }

  /**
   * A count, or 0 when it is missing, malformed, or unknown to the anthropic-java version in use.
   */
  static long safeLong(Read<Long> read) {
    Long v;
    try {
      v = read.get();
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      v = null; // LinkageError: an older anthropic-java without this field
    }
    return v == null || v < 0 ? 0 : v;
  }
}
