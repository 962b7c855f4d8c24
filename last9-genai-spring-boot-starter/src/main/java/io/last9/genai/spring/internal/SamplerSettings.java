/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.internal.setup.ConversationSamplerProvider;
import io.last9.genai.sampling.ConversationSampler;
import io.last9.genai.sampling.CostPreservingSampler;
import io.last9.genai.spring.Last9GenAiProperties;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * What {@code last9.genai.sampler.*} does to the application's sampler, checked once at start-up
 * (so a wrong value fails even in a set-up whose sampler is never handed over):
 *
 * <ul>
 *   <li>with {@code ratio} set, the sampler becomes a {@link ConversationSampler} of that ratio
 *       whose delegate, for spans outside every conversation, is the named {@code delegate} or else
 *       the application's sampler;
 *   <li>with {@code record-dropped} (and cost tracking) on, the result is wrapped in a {@link
 *       CostPreservingSampler}, so the LLM spans it drops are still priced and counted.
 * </ul>
 *
 * <p>A sampler already wrapped is unwrapped first, so applying the settings twice (OpenTelemetry's
 * Spring starter also runs the core jar's own sampler customizer) gives the same sampler. A {@link
 * ConversationSampler} the application made itself is kept as it is.
 */
final class SamplerSettings {

  private static final String PREFIX = ProcessorFactory.PREFIX + "sampler.";

  private final Double ratio;
  private final Sampler delegate;
  private final boolean readBaggage;
  private final boolean recordDropped;

  private SamplerSettings(
      Double ratio, Sampler delegate, boolean readBaggage, boolean recordDropped) {
    this.ratio = ratio;
    this.delegate = delegate;
    this.readBaggage = readBaggage;
    this.recordDropped = recordDropped;
  }

  static SamplerSettings from(Last9GenAiProperties properties) {
    Last9GenAiProperties.Sampler s = properties.getSampler();
    Double ratio = s.getRatio();
    Sampler delegate = null;
    if (ratio != null) {
      // the builder refuses a ratio outside [0, 1]
      PropertyChecks.set(PREFIX + "ratio", ratio, ConversationSampler::builder);
      if (s.getDelegate() != null && !s.getDelegate().isBlank()) {
        Double delegateRatio = s.getDelegateRatio() != null ? s.getDelegateRatio() : ratio;
        if (!(delegateRatio >= 0.0 && delegateRatio <= 1.0)) {
          throw new InvalidConfigurationPropertyValueException(
              PREFIX + "delegate-ratio", delegateRatio, "it must be a ratio within [0, 1]");
        }
        try {
          delegate = ConversationSamplerProvider.delegate(s.getDelegate(), delegateRatio);
        } catch (RuntimeException e) {
          throw new InvalidConfigurationPropertyValueException(
              PREFIX + "delegate",
              s.getDelegate(),
              "unknown sampler; use " + ConversationSamplerProvider.DELEGATES);
        }
      }
    }
    return new SamplerSettings(
        ratio, delegate, s.isBaggage(), s.isRecordDropped() && properties.isCostTracking());
  }

  /** The sampler to use instead of {@code configured}. */
  Sampler apply(Sampler configured) {
    Sampler s =
        configured instanceof CostPreservingSampler
            ? ((CostPreservingSampler) configured).delegate()
            : configured;
    if (ratio != null && !(s instanceof ConversationSampler)) {
      s =
          ConversationSampler.builder(ratio)
              .delegate(delegate != null ? delegate : s)
              .readBaggage(readBaggage)
              .build();
    }
    // always_on drops nothing, so there is nothing to keep
    return recordDropped && s != Sampler.alwaysOn() ? CostPreservingSampler.wrap(s) : s;
  }

  @Override
  public String toString() {
    return "SamplerSettings{ratio="
        + ratio
        + ", delegate="
        + (delegate == null ? "the application's" : delegate)
        + ", baggage="
        + readBaggage
        + ", recordDropped="
        + recordDropped
        + '}';
  }
}
