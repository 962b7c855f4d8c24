/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.sampling;

import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.internal.ConversationHash;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.SamplerInputs;
import io.last9.genai.internal.Throwables;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps or drops whole conversations. A span inside a conversation is sampled by a deterministic
 * function of the conversation id and the ratio alone, so every turn (each its own trace) of a kept
 * conversation is kept, on every replica and in every service that sees the id; a span outside
 * every conversation is sampled by the delegate.
 *
 * <pre>{@code
 * SdkTracerProvider.builder()
 *     .setSampler(CostPreservingSampler.wrap(ConversationSampler.create(0.10)))   // 10% of conversations
 *     ...
 * }</pre>
 *
 * <p>Under autoconfigure or the Java agent: {@code otel.traces.sampler=last9_conversation} and
 * {@code otel.traces.sampler.arg=0.10}.
 *
 * <p>Where the conversation id comes from: the innermost open {@link ConversationContext} of the
 * span's parent context (or of the current context, when the span was given another explicit
 * parent), else the W3C Baggage entry {@code gen_ai.conversation.id} that an upstream service's
 * {@code propagateAsBaggage()} scope sent. Reading it from Baggage decides nothing but this span's
 * sampling, and a caller who controls Baggage can already force sampling through the {@code
 * traceparent} sampled flag, so it is on by default; {@link Builder#readBaggage} turns it off.
 *
 * <p>The hash is specified in {@code io.last9.genai.internal.ConversationHash}, so other services
 * (and other languages) can take the same decision: every service of a trace must use the same
 * ratio for its conversations' traces to stay whole. It covers the whole id; a local conversation
 * id is hashed once per scope and the value kept with the scope, so a span's sampling cost does not
 * grow with the id's length. A kept span carries {@code gen_ai.l9.sampling.ratio}, so a backend can
 * scale counts by {@code 1 / ratio}. The decision for a conversation wins over the parent span's: a
 * conversation scope opened inside a trace that the delegate dropped (a server span started before
 * the scope) still exports its own spans, and its parent is missing from the backend.
 */
public final class ConversationSampler implements Sampler {

  private static final Logger logger = Logger.getLogger(ConversationSampler.class.getName());

  /** This instance's own reports: another set-up in the same JVM never silences them. */
  private final OnceLogger warnings = new OnceLogger(logger);

  private final double ratio;
  private final long threshold;
  private final Sampler delegate;
  private final boolean readBaggage;
  private final SamplingResult keep;
  private final String description;

  private ConversationSampler(Builder b) {
    this.ratio = b.ratio;
    this.threshold = ConversationHash.threshold(b.ratio);
    this.delegate =
        b.delegate != null ? b.delegate : Sampler.parentBased(Sampler.traceIdRatioBased(b.ratio));
    this.readBaggage = b.readBaggage;
    // one immutable result for every kept span: no allocation per decision
    this.keep =
        SamplingResult.create(
            SamplingDecision.RECORD_AND_SAMPLE,
            Attributes.of(GenAiAttributes.SAMPLING_RATIO, b.ratio));
    this.description =
        String.format(
            Locale.ROOT,
            "ConversationSampler{ratio=%.6f, delegate=%s}",
            ratio,
            delegate.getDescription());
  }

  /**
   * A sampler that keeps {@code ratio} of conversations and, outside conversations, samples like
   * {@code Sampler.parentBased(Sampler.traceIdRatioBased(ratio))}.
   *
   * @throws IllegalArgumentException when {@code ratio} is not within [0, 1]
   */
  public static ConversationSampler create(double ratio) {
    return builder(ratio).build();
  }

  /**
   * Returns a builder for a sampler that keeps {@code ratio} of conversations.
   *
   * @throws IllegalArgumentException when {@code ratio} is not within [0, 1]
   */
  public static Builder builder(double ratio) {
    return new Builder(ratio);
  }

  /** The fraction of conversations kept. */
  public double ratio() {
    return ratio;
  }

  /** The sampler of spans outside every conversation. */
  public Sampler delegate() {
    return delegate;
  }

  /**
   * Whether the spans of {@code conversationId} are kept: the same answer on every replica, for any
   * instance.
   */
  public boolean isSampled(String conversationId) {
    return ConversationHash.value(conversationId) < threshold;
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext,
      String traceId,
      String name,
      SpanKind spanKind,
      Attributes attributes,
      List<LinkData> parentLinks) {
    try {
      long value = SamplerInputs.conversationSamplingValue(parentContext, readBaggage);
      if (value != SamplerInputs.NO_CONVERSATION) {
        return value < threshold ? keep : SamplingResult.drop();
      }
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "conversation-sampler",
          Level.WARNING,
          "last9-genai could not read the conversation of a span; it is sampled by "
              + delegate.getDescription(),
          t);
    }
    return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
  }

  @Override
  public String getDescription() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }

  /** Builder for {@link ConversationSampler}. */
  public static final class Builder {
    private final double ratio;
    private Sampler delegate;
    private boolean readBaggage = true;

    private Builder(double ratio) {
      if (!(ratio >= 0.0 && ratio <= 1.0)) {
        throw new IllegalArgumentException("ratio must be within [0, 1], was " + ratio);
      }
      this.ratio = ratio;
    }

    /**
     * The sampler of spans outside every conversation (default {@code
     * Sampler.parentBased(Sampler.traceIdRatioBased(ratio))}).
     */
    public Builder delegate(Sampler delegate) {
      if (delegate == null) {
        throw new IllegalArgumentException("delegate must not be null");
      }
      this.delegate = delegate;
      return this;
    }

    /**
     * Whether a span outside every local conversation scope is sampled by the conversation id an
     * upstream service sent as the W3C Baggage entry {@code gen_ai.conversation.id} (default true).
     */
    public Builder readBaggage(boolean enabled) {
      this.readBaggage = enabled;
      return this;
    }

    /** Builds the sampler. */
    public ConversationSampler build() {
      return new ConversationSampler(this);
    }
  }
}
