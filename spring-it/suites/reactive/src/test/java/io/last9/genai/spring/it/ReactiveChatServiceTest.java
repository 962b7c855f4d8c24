/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The WebFlux chat service on a random port, Spring AI on the loopback OpenAI server (see {@link
 * ChatServiceTestBase}), every trace sampled, gpt-4o priced; each suite adds what it is about with
 * {@code @TestPropertySource}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    classes = ReactiveChatApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.ai.openai.api-key=test-key",
      "spring.ai.openai.chat.options.model=gpt-4o",
      // no stream-usage setting: streams are priced with the default the starter (Spring AI 1.1)
      // or Spring AI (2.0) gives them
      "management.tracing.sampling.probability=1.0",
      "last9.genai.pricing.models.gpt-4o.input=2.50",
      "last9.genai.pricing.models.gpt-4o.output=10.00",
      // the cached contexts close at JVM exit; on Boot 3.5 a graceful Netty shutdown there
      // sometimes
      // waits out its 30 s for a request already answered, and the fork is killed
      "server.shutdown=immediate"
    })
@interface ReactiveChatServiceTest {}
