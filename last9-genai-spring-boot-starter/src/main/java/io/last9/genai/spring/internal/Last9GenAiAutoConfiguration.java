/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.internal.HostTelemetry;
import io.last9.genai.pricing.CostMetricSink;
import io.last9.genai.spring.Last9GenAiProperties;
import io.last9.genai.turns.TurnStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * The processor bean, configured from {@code last9.genai.*}. Boot's OpenTelemetry tracing (Boot
 * 3.5's actuator, Boot 4's {@code spring-boot-starter-opentelemetry}) adds every {@code
 * SpanProcessor} bean to its tracer provider; OpenTelemetry's own Spring Boot starter gets it from
 * {@link Last9OpenTelemetryStarterAutoConfiguration}.
 *
 * <p>Every bean backs off when the application declares its own: a {@link Last9SpanProcessor}, a
 * {@link TurnStore} (a shared one, on Redis say), a {@link CostMetricSink}. A processor bean of the
 * application's built without a sink or meter provider of its own still records the cost metric in
 * the {@link CostMetricSink} bean (see {@link ApplicationProcessorCostMetric}).
 *
 * <p>The application's OpenTelemetry {@code Sampler} bean gets {@code last9.genai.sampler.*}:
 * conversation sampling when a ratio is set, and LLM spans it drops still priced and counted (see
 * {@link SamplerSettings}).
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@AutoConfiguration(
    afterName = {
      // Boot 3.5 and Boot 4: the registries exist before the cost metric looks for one
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
    })
@ConditionalOnClass(name = "io.opentelemetry.sdk.trace.SdkTracerProvider")
@ConditionalOnProperty(prefix = "last9.genai", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(Last9GenAiProperties.class)
public class Last9GenAiAutoConfiguration {

  /** The span processor: scope attributes and turns on every span, USD cost on every LLM span. */
  @Bean
  @ConditionalOnMissingBean
  public Last9SpanProcessor last9SpanProcessor(
      Last9GenAiProperties properties,
      Environment environment,
      ResourceLoader resources,
      TurnStore turnStore,
      ObjectProvider<CostMetricSink> costMetricSink) {
    return ProcessorFactory.build(
        ProcessorFactory.settings(environment, resources), turnStore, costMetricSink.getIfUnique());
  }

  /**
   * The cost metric of a processor bean the application made itself goes where the starter's own
   * would have recorded it (unless the application gave it a sink or meter provider of its own).
   */
  @Bean
  static ApplicationProcessorCostMetric last9ApplicationProcessorCostMetric(
      ObjectProvider<Last9SpanProcessor> processors, ObjectProvider<CostMetricSink> sinks) {
    return new ApplicationProcessorCostMetric(processors, sinks);
  }

  /**
   * The processor's content-event half, for the logger provider: Boot's OpenTelemetry logging adds
   * every {@code LogRecordProcessor} bean to it, so the messages OpenTelemetry's GenAI
   * instrumentations emit as log events (openai-java's, the AWS SDK's Bedrock) land on their spans.
   * Apart, so that an application without the SDK's logs module loads none of it.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.opentelemetry.sdk.logs.LogRecordProcessor")
  static class ContentEventsConfiguration {

    @Bean
    LogRecordProcessor last9ContentEvents(Last9SpanProcessor processor) {
      return processor.contentEvents();
    }
  }

  /** The in-memory turn store with the configured bounds. */
  @Bean
  @ConditionalOnMissingBean
  public TurnStore last9TurnStore(Environment environment, ResourceLoader resources) {
    return ProcessorFactory.turnStore(ProcessorFactory.settings(environment, resources));
  }

  /** {@code last9.genai.sampler.*}, checked at start-up. */
  @Bean
  @ConditionalOnMissingBean
  SamplerSettings last9SamplerSettings(Environment environment, ResourceLoader resources) {
    return SamplerSettings.from(ProcessorFactory.settings(environment, resources));
  }

  /**
   * Applies the sampler settings to the application's {@code Sampler} bean (Boot's tracing uses
   * it).
   */
  @Bean
  @ConditionalOnMissingBean
  static SamplerPostProcessor last9SamplerPostProcessor(ObjectProvider<SamplerSettings> settings) {
    return new SamplerPostProcessor(settings);
  }

  /**
   * Makes the application's {@code OpenTelemetry} bean the one the library's own telemetry uses.
   */
  @Bean
  static HostTelemetryRegistration last9HostTelemetryRegistration(
      ObjectProvider<OpenTelemetry> openTelemetry) {
    return new HostTelemetryRegistration(openTelemetry);
  }

  /**
   * With Micrometer on the class path: the cost metric goes to its registry when the application
   * has one.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  static class MicrometerCostMetric {
    @Bean
    @ConditionalOnMissingBean
    CostMetricSink last9CostMetricSink(
        ObjectProvider<MeterRegistry> registries, Last9GenAiProperties properties) {
      return new SpringCostMetricSink(
          new MicrometerCostMetricSink(registries, properties.getMetrics().getMaxSeries()),
          CostMetricSink.meterProvider(HostTelemetry::meterProvider));
    }
  }

  /** Without Micrometer: the OpenTelemetry bean's meter provider. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingClass("io.micrometer.core.instrument.MeterRegistry")
  static class OpenTelemetryCostMetric {
    @Bean
    @ConditionalOnMissingBean
    CostMetricSink last9CostMetricSink() {
      return CostMetricSink.meterProvider(HostTelemetry::meterProvider);
    }
  }
}
