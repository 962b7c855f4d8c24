/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The customizer on an SDK built by OpenTelemetry's autoconfigure module, as Quarkus builds it: the
 * core jar's own autoconfigure customizer (on this class path, as in an application) adds no
 * processor of its own, and {@code sampler.*} makes the sampler.
 */
class Last9SdkCustomizerTest {

  private static Last9SdkCustomizer customizer(Map<String, String> properties) {
    QuarkusSettings settings =
        new Last9Producer()
            .settings(
                new SmallRyeConfigBuilder()
                    .withSources(new PropertiesConfigSource(properties, "test", 100))
                    .build());
    return new Last9SdkCustomizer(settings);
  }

  /** An SDK as Quarkus builds one, with {@code otelProperties} as its configuration. */
  private static OpenTelemetrySdk sdk(
      Last9SdkCustomizer customizer, Map<String, String> otelProperties) {
    Map<String, String> config = new HashMap<>(otelProperties);
    config.put("otel.traces.exporter", "none");
    config.put("otel.metrics.exporter", "none");
    config.put("otel.logs.exporter", "none");
    AutoConfiguredOpenTelemetrySdkBuilder builder =
        AutoConfiguredOpenTelemetrySdk.builder()
            .disableShutdownHook()
            .addPropertiesSupplier(() -> config);
    customizer.customize(builder);
    return builder.build().getOpenTelemetrySdk();
  }

  @Test
  void theCoreCustomizerAddsNoSecondProcessorAndNoConversationSamplerAtTheDefaults() {
    try (OpenTelemetrySdk sdk = sdk(customizer(Map.of()), Map.of())) {
      String provider = sdk.getSdkTracerProvider().toString();
      assertThat(provider).doesNotContain("Last9SpanProcessor");
      // the default sampler, wrapped by the core's customizer so the GenAI spans it drops count
      assertThat(sdk.getSdkTracerProvider().getSampler().getDescription())
          .startsWith("CostPreservingSampler{ParentBased{root:AlwaysOnSampler");
    }
  }

  @Test
  void aRatioMakesTheConfiguredSamplerAConversationSampler() {
    Last9SdkCustomizer c = customizer(Map.of("quarkus.last9.genai.sampler.ratio", "0.25"));
    try (OpenTelemetrySdk sdk = sdk(c, Map.of("otel.traces.sampler", "always_off"))) {
      assertThat(sdk.getSdkTracerProvider().getSampler().getDescription())
          .isEqualTo(
              "CostPreservingSampler{ConversationSampler{ratio=0.250000, delegate=AlwaysOffSampler}}");
    }
  }

  @Test
  void aNamedDelegateAndRecordDroppedOffAreHonoured() {
    Last9SdkCustomizer c =
        customizer(
            Map.of(
                "quarkus.last9.genai.sampler.ratio", "0.5",
                "quarkus.last9.genai.sampler.delegate", "traceidratio",
                "quarkus.last9.genai.sampler.delegate-ratio", "0.1",
                "quarkus.last9.genai.sampler.record-dropped", "false"));
    try (OpenTelemetrySdk sdk = sdk(c, Map.of("otel.traces.sampler", "always_off"))) {
      assertThat(sdk.getSdkTracerProvider().getSampler().getDescription())
          .isEqualTo("ConversationSampler{ratio=0.500000, delegate=TraceIdRatioBased{0.100000}}");
    }
  }

  @Test
  void disabledTheCoreCustomizerKeepsTheSamplerAsItIs() {
    Last9SdkCustomizer c = customizer(Map.of("quarkus.last9.genai.enabled", "false"));
    try (OpenTelemetrySdk sdk = sdk(c, Map.of("otel.traces.sampler", "always_off"))) {
      assertThat(sdk.getSdkTracerProvider().toString()).doesNotContain("Last9SpanProcessor");
      assertThat(sdk.getSdkTracerProvider().getSampler().getDescription())
          .isEqualTo("AlwaysOffSampler");
    }
  }

  @Test
  void wrongSamplerSettingsFailStartUpNamingTheProperty() {
    assertThatThrownBy(() -> customizer(Map.of("quarkus.last9.genai.sampler.ratio", "1.5")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("quarkus.last9.genai.sampler.ratio")
        .hasMessageContaining("1.5");
    assertThatThrownBy(
            () ->
                customizer(
                    Map.of(
                        "quarkus.last9.genai.sampler.ratio", "0.5",
                        "quarkus.last9.genai.sampler.delegate", "sometimes")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("quarkus.last9.genai.sampler.delegate")
        .hasMessageContaining("sometimes");
  }
}
