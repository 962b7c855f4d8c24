/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.internal.setup.Last9AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * With OpenTelemetry's own Spring Boot starter ({@code io.opentelemetry.instrumentation:
 * opentelemetry-spring-boot-starter}): that starter builds its SDK with the autoconfigure module
 * and loads {@link AutoConfigurationCustomizerProvider}s from the application context, not {@code
 * SpanProcessor} beans, so the processor bean is added through one. It also loads the core jar's
 * own provider through the service loader; this one tells that provider the processor is installed
 * already, so there is exactly one.
 *
 * <p>That starter configures its sampler from {@code otel.traces.sampler} and takes no {@code
 * Sampler} bean, so {@code last9.genai.sampler.*} is applied by a sampler customizer, after every
 * other one (the core jar's own {@code CostPreservingSampler} wrapping included).
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@AutoConfiguration(after = Last9GenAiAutoConfiguration.class)
@ConditionalOnClass(
    name = "io.opentelemetry.instrumentation.spring.autoconfigure.OpenTelemetryAutoConfiguration")
@ConditionalOnProperty(prefix = "last9.genai", name = "enabled", matchIfMissing = true)
public class Last9OpenTelemetryStarterAutoConfiguration {

  /** Adds the processor bean to the SDK OpenTelemetry's starter builds. */
  @Bean
  public AutoConfigurationCustomizerProvider last9GenAiCustomizerProvider(
      ObjectProvider<Last9SpanProcessor> processor) {
    return customizer -> {
      customizer.addPropertiesSupplier(
          () ->
              Map.of(Last9AutoConfigurationCustomizerProvider.INSTALLED_PROGRAMMATICALLY, "true"));
      customizer.addTracerProviderCustomizer(
          (builder, config) -> {
            Last9SpanProcessor p = processor.getIfUnique();
            return p == null ? builder : builder.addSpanProcessor(p);
          });
      // the content-event half; should that starter also add LogRecordProcessor beans, the
      // bridge collects each event once all the same
      customizer.addLoggerProviderCustomizer(
          (builder, config) -> {
            Last9SpanProcessor p = processor.getIfUnique();
            return p == null ? builder : builder.addLogRecordProcessor(p.contentEvents());
          });
    };
  }

  /** Applies {@code last9.genai.sampler.*} to the sampler OpenTelemetry's starter configured. */
  @Bean
  @ConditionalOnMissingBean(name = "last9GenAiSamplerCustomizerProvider")
  public AutoConfigurationCustomizerProvider last9GenAiSamplerCustomizerProvider(
      ObjectProvider<SamplerSettings> settings) {
    return new SamplerCustomizerProvider(settings);
  }

  /** Runs last, so that the settings decide the final sampler. */
  static final class SamplerCustomizerProvider implements AutoConfigurationCustomizerProvider {
    private final ObjectProvider<SamplerSettings> settings;

    SamplerCustomizerProvider(ObjectProvider<SamplerSettings> settings) {
      this.settings = settings;
    }

    @Override
    public void customize(AutoConfigurationCustomizer customizer) {
      customizer.addSamplerCustomizer(
          (sampler, config) -> {
            SamplerSettings s = settings.getIfUnique();
            return s == null ? sampler : s.apply(sampler);
          });
    }

    @Override
    public int order() {
      return Integer.MAX_VALUE;
    }
  }
}
