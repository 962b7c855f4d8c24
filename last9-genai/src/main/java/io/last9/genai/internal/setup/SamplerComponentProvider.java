/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import io.last9.genai.sampling.ConversationSampler;
import io.last9.genai.sampling.CostPreservingSampler;
import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.ComponentProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * {@link ConversationSampler} for OpenTelemetry's declarative configuration: {@code
 * tracer_provider.sampler.last9_conversation} keeps or drops whole conversations, with the {@code
 * sampler.*} settings of every other set-up as its keys ({@code ratio}, {@code delegate}, {@code
 * delegate_ratio}, {@code baggage}, {@code record_dropped}):
 *
 * <pre>{@code
 * tracer_provider:
 *   sampler:
 *     last9_conversation:
 *       ratio: 0.1
 * }</pre>
 *
 * <p>A file has no sampler customizer, so the sampler records the GenAI spans it drops for their
 * cost itself, unless {@code record_dropped} is false.
 *
 * <p>{@code ComponentProvider} is implemented raw: it is generic in OpenTelemetry 1.49 and plain
 * from later versions, and this one class must load on both.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@SuppressWarnings("rawtypes")
public final class SamplerComponentProvider implements ComponentProvider {

  @Override
  public Class<Sampler> getType() {
    return Sampler.class;
  }

  @Override
  public String getName() {
    return ConversationSamplerProvider.NAME;
  }

  @Override
  public Sampler create(DeclarativeConfigProperties config) {
    Settings s =
        SpanProcessorComponentProvider.settings(
            config, Settings.PREFIX + "sampler.", ConversationSamplerProvider.NAME + ".");
    Sampler sampler = ConversationSamplerProvider.fromSettings(s, 1.0);
    return s.flag("sampler.record-dropped", true) ? CostPreservingSampler.wrap(sampler) : sampler;
  }
}
