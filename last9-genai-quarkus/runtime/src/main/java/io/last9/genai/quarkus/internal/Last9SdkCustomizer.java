/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.internal;

import io.last9.genai.internal.setup.ConversationSamplerProvider;
import io.last9.genai.internal.setup.CostPreservingSamplerCustomizer;
import io.last9.genai.internal.setup.Last9AutoConfigurationCustomizerProvider;
import io.last9.genai.internal.setup.Settings;
import io.last9.genai.sampling.CostPreservingSampler;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.quarkus.opentelemetry.runtime.AutoConfiguredOpenTelemetrySdkBuilderCustomizer;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * What the extension tells the SDK {@code quarkus-opentelemetry} builds, besides the processor
 * bean.
 *
 * <p>Quarkus builds that SDK with OpenTelemetry's autoconfigure module, which also runs the core
 * jar's own autoconfigure customizer. Left alone, that one would add a second processor, configured
 * from {@code otel.last9.genai.*} only (so deaf to {@code quarkus.last9.genai.enabled=false}), and
 * every call would be counted twice in the cost metric. It is told that the processor is installed
 * already, and it is handed the one setting it still applies, whether the sampler's dropped GenAI
 * spans are recorded for their cost, as {@code quarkus.last9.genai.*} decides it.
 *
 * <p>With {@code sampler.ratio} set, the application's sampler becomes a {@link
 * ConversationSampler} of that ratio: spans inside a conversation are kept or dropped by the
 * conversation, the others by the named {@code sampler.delegate} or else by the sampler Quarkus
 * configured ({@code quarkus.otel.traces.sampler}, or the application's {@code Sampler} bean). Its
 * priority puts it after Quarkus's own sampler customizer, so it receives the sampler Quarkus chose
 * (a {@code Sampler} bean included) rather than being replaced by it. The core's customizer then
 * wraps the result in a {@link CostPreservingSampler} (unless {@code sampler.record-dropped} is
 * false).
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@Singleton
@Priority(-1000)
public class Last9SdkCustomizer implements AutoConfiguredOpenTelemetrySdkBuilderCustomizer {

  private final Map<String, String> properties;
  private final SamplerSettings sampler;

  Last9SdkCustomizer(QuarkusSettings settings) {
    Settings s = settings.settings();
    this.properties =
        Map.of(
            Last9AutoConfigurationCustomizerProvider.INSTALLED_PROGRAMMATICALLY,
            "true",
            "otel.last9.genai.sampler.record-dropped",
            Boolean.toString(CostPreservingSamplerCustomizer.recordsDropped(s)));
    // read (and checked) at start-up, even when Quarkus's tracing is off and no sampler is made
    this.sampler = SamplerSettings.read(s);
  }

  @Override
  public void customize(AutoConfiguredOpenTelemetrySdkBuilder builder) {
    builder.addPropertiesSupplier(() -> properties);
    if (sampler != null) {
      builder.addSamplerCustomizer((configured, config) -> sampler.apply(configured));
    }
  }

  /** {@code sampler.*}: the conversation sampler it asks for, read by the core's sampler reader. */
  static final class SamplerSettings {
    private final Settings settings;

    private SamplerSettings(Settings settings) {
      this.settings = settings;
    }

    /** The settings, or null when {@code sampler.ratio} is unset (no conversation sampling). */
    static SamplerSettings read(Settings s) {
      if (s.number("sampler.ratio") == null) {
        return null;
      }
      // built once here so that a wrong value fails start-up, even when no sampler is made
      ConversationSamplerProvider.fromSettings(s, 1.0, Sampler.alwaysOn());
      return new SamplerSettings(s);
    }

    /** The sampler to use instead of {@code configured}: its delegate unless one is named. */
    Sampler apply(Sampler configured) {
      return ConversationSamplerProvider.fromSettings(settings, 1.0, configured);
    }
  }
}
