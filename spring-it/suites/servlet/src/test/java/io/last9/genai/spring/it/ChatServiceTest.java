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
 * The chat service on a real embedded server with the header filter on and Spring AI's real OpenAI
 * models against the loopback server, every span exported to the test's exporter. One annotation
 * for the suites that share it, so they share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    classes = ChatTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.ai.openai.api-key=test-key",
      "spring.ai.openai.chat.options.model=gpt-4o",
      // no stream-usage setting: streams are priced with the default the starter (Spring AI 1.1)
      // or Spring AI (2.0) gives them
      "spring.ai.openai.embedding.options.model=text-embedding-3-small",
      "management.tracing.sampling.probability=1.0",
      "last9.genai.web.enabled=true",
      "last9.genai.pricing.models.gpt-4o.input=2.50",
      "last9.genai.pricing.models.gpt-4o.output=10.00",
      "last9.genai.pricing.models.gpt-4o.cache-read=1.25",
      // OpenTelemetry's starter: export only to the test's exporter
      "otel.traces.exporter=none",
      "otel.metrics.exporter=none",
      "otel.logs.exporter=none"
    })
@interface ChatServiceTest {}
