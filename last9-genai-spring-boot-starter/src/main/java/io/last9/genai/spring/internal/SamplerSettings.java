/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.internal.setup.ConversationSamplerProvider;
import io.last9.genai.internal.setup.CostPreservingSamplerCustomizer;
import io.last9.genai.internal.setup.Settings;
import io.last9.genai.sampling.ConversationSampler;
import io.last9.genai.sampling.CostPreservingSampler;
import io.opentelemetry.sdk.trace.samplers.Sampler;

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

  static SamplerSettings from(Settings settings) {
    return ProcessorFactory.reported(() -> read(settings));
  }

  private static SamplerSettings read(Settings s) {
    Double ratio =
        s.number("sampler.ratio") == null
            ? null
            : ConversationSamplerProvider.ratio(s, "sampler.ratio", 1.0);
    Sampler delegate = null;
    String delegateName = s.string("sampler.delegate");
    if (ratio != null && delegateName != null && !delegateName.isBlank()) {
      double delegateRatio = ConversationSamplerProvider.ratio(s, "sampler.delegate-ratio", ratio);
      try {
        delegate = ConversationSamplerProvider.delegate(delegateName, delegateRatio);
      } catch (RuntimeException e) {
        throw s.invalid(
            "sampler.delegate",
            delegateName,
            "unknown sampler; use " + ConversationSamplerProvider.DELEGATES);
      }
    }
    return new SamplerSettings(
        ratio,
        delegate,
        s.flag("sampler.baggage", true),
        CostPreservingSamplerCustomizer.recordsDropped(s));
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
