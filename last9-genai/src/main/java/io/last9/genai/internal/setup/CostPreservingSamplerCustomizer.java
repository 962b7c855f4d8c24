/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import io.last9.genai.sampling.CostPreservingSampler;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * Wraps the sampler that autoconfigure (or the Java agent) configured in a {@link
 * CostPreservingSampler}, so LLM calls that the sampler drops are still priced and counted. Off
 * when {@code otel.last9.genai.enabled}, {@code otel.last9.genai.cost.enabled} or {@code
 * otel.last9.genai.sampler.record-dropped} is false; an {@code always_on} sampler, which drops
 * nothing, is left as it is.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class CostPreservingSamplerCustomizer {

  private CostPreservingSamplerCustomizer() {}

  /** The sampler to use instead of {@code sampler}. */
  public static Sampler customize(Sampler sampler, ConfigProperties config) {
    Settings s = Settings.of(config);
    if (!recordsDropped(s) || sampler == Sampler.alwaysOn()) {
      return sampler;
    }
    return CostPreservingSampler.wrap(sampler);
  }

  /**
   * Whether the sampler's dropped GenAI spans are recorded for their cost: the library and cost
   * tracking on, and {@code sampler.record-dropped} (default true).
   */
  public static boolean recordsDropped(Settings s) {
    return ProcessorSettings.enabled(s)
        && s.flag("cost.enabled", true)
        && s.flag("sampler.record-dropped", true);
  }
}
