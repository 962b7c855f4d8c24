/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.spring.Last9GenAiProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.EnableAspectJAutoProxy;

/**
 * {@code @ObserveGenAi} on Spring beans, with Spring AOP (Boot's {@code spring-boot-starter-aop},
 * or {@code spring-boot-starter-aspectj} on Boot 4).
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@AutoConfiguration
@ConditionalOnClass(
    name = {
      "org.aspectj.lang.annotation.Aspect",
      "org.springframework.aop.framework.AopInfrastructureBean"
    })
@ConditionalOnProperty(
    prefix = "last9.genai",
    name = {"enabled", "observe.enabled"},
    matchIfMissing = true)
@EnableAspectJAutoProxy
@EnableConfigurationProperties(Last9GenAiProperties.class)
public class Last9ObserveAutoConfiguration {

  /** The aspect. */
  @Bean
  ObserveAspect last9ObserveAspect(Last9GenAiProperties properties) {
    return new ObserveAspect(properties.getCapture().allows());
  }
}
