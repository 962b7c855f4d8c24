/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.anthropic.internal;

import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageDeltaUsage;
import com.anthropic.models.messages.RawContentBlockDeltaEvent;
import com.anthropic.models.messages.RawMessageDeltaEvent;
import com.anthropic.models.messages.RawMessageStreamEvent;
import io.last9.genai.internal.AnthropicCounts;
import io.last9.genai.internal.Throwables;
import io.last9.genai.observe.ResponseInfo;
import java.util.List;

/**
 * Accumulates a Messages SSE stream for its span. {@code message_start} carries the id, the model
 * and the input-side usage (input, cache read, cache creation and its split by TTL); {@code
 * message_delta} carries {@code stop_reason} and the cumulative {@code output_tokens} (and, from
 * newer API versions, repeats the input-side counts, which then win). Usage is recorded only once a
 * {@code message_delta} arrived: a stream closed before it has no complete usage, and its span gets
 * no token counts and therefore no cost.
 */
final class StreamRecorder {

  private final ChatCall call;
  private final boolean captureText;
  private final int maxText;
  private final StringBuilder text = new StringBuilder();

  private String id;
  private String model;
  private long input;
  private long cacheRead;
  private long cacheCreation;
  private long cacheWrite5m;
  private long cacheWrite1h;
  private long webSearches;
  private long output;
  private long reasoning;
  private String stopReason;
  private boolean sawDelta;

  StreamRecorder(ChatCall call, int maxText) {
    this.call = call;
    this.captureText = call.capturesContent();
    this.maxText = maxText;
  }

  ChatCall call() {
    return call;
  }

  /** Reads one event; never throws. */
  synchronized void onEvent(RawMessageStreamEvent event) {
    try {
      if (event.isMessageStart()) {
        start(event.asMessageStart().message());
      } else if (event.isMessageDelta()) {
        delta(event.asMessageDelta());
      } else if (captureText && event.isContentBlockDelta()) {
        RawContentBlockDeltaEvent d = event.asContentBlockDelta();
        if (d.delta().isText() && text.length() <= maxText) {
          text.append(d.delta().asText().text());
        }
      }
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      // a malformed event leaves the accumulated values as they were
    }
  }

  private void start(Message m) {
    id = MessageReader.safe(m::id);
    model = MessageReader.safe(() -> m.model().asString());
    com.anthropic.models.messages.Usage u = MessageReader.safe(m::usage);
    if (u != null) {
      Long in = MessageReader.safe(u::inputTokens);
      input = in == null ? 0 : in;
      cacheRead = u.cacheReadInputTokens().orElse(0L);
      cacheCreation = u.cacheCreationInputTokens().orElse(0L);
      cacheWrite5m =
          MessageReader.safeLong(
              () -> u.cacheCreation().map(c -> c.ephemeral5mInputTokens()).orElse(0L));
      cacheWrite1h =
          MessageReader.safeLong(
              () -> u.cacheCreation().map(c -> c.ephemeral1hInputTokens()).orElse(0L));
      webSearches =
          MessageReader.safeLong(
              () -> u.serverToolUse().map(t -> t.webSearchRequests()).orElse(0L));
    }
  }

  private void delta(RawMessageDeltaEvent d) {
    String reason =
        MessageReader.safe(() -> d.delta().stopReason().map(r -> r.asString()).orElse(null));
    if (reason != null) {
      stopReason = reason;
    }
    MessageDeltaUsage u = MessageReader.safe(d::usage);
    if (u == null) {
      return;
    }
    Long out = MessageReader.safe(u::outputTokens);
    if (out == null) {
      return;
    }
    output = out;
    u.inputTokens().ifPresent(v -> input = v);
    u.cacheReadInputTokens().ifPresent(v -> cacheRead = v);
    u.cacheCreationInputTokens().ifPresent(v -> cacheCreation = v);
    long searches =
        MessageReader.safeLong(() -> u.serverToolUse().map(t -> t.webSearchRequests()).orElse(-1L));
    if (searches > 0) {
      webSearches = searches; // cumulative, like output_tokens
    }
    Long thinking =
        MessageReader.safe(() -> u.outputTokensDetails().map(x -> x.thinkingTokens()).orElse(null));
    if (thinking != null) {
      reasoning = thinking;
    }
    sawDelta = true;
  }

  /** Ends the span with what arrived so far. */
  void finish() {
    ResponseInfo info;
    String out;
    synchronized (this) {
      ResponseInfo.Builder b = ResponseInfo.builder().responseId(id).responseModel(model);
      if (stopReason != null) {
        b.finishReasons(List.of(stopReason));
      }
      if (sawDelta) {
        b.usage(
            AnthropicCounts.usage(
                input,
                cacheRead,
                cacheCreation,
                cacheWrite5m,
                cacheWrite1h,
                output,
                reasoning,
                webSearches));
      }
      info = b.build();
      out = text.length() == 0 ? null : text.toString();
    }
    call.succeedStream(info, out);
  }

  /** Ends the span as failed. */
  void fail(Throwable error) {
    call.fail(error);
  }
}
