/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Applies {@code last9.genai.sampler.*} to every {@link Sampler} bean. Boot's OpenTelemetry tracing
 * (Boot 3.5's actuator with the Micrometer bridge, Boot 4's {@code
 * spring-boot-starter-opentelemetry}) builds its tracer provider with the application's {@code
 * Sampler} bean, its own from {@code management.tracing.sampling.probability} unless the
 * application declares one; wrapping the bean as it is created keeps both choices and needs nothing
 * from the application.
 */
final class SamplerPostProcessor implements BeanPostProcessor {

  // looked up when the first Sampler is created, not when post-processors are registered: the
  // properties bean
  // needs the post-processors that bind it
  private final ObjectProvider<SamplerSettings> settings;

  SamplerPostProcessor(ObjectProvider<SamplerSettings> settings) {
    this.settings = settings;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof Sampler) {
      SamplerSettings s = settings.getIfUnique();
      return s == null ? bean : s.apply((Sampler) bean);
    }
    return bean;
  }
}
