/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.it;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What every {@code @SpringBootTest} of the chat service shares: Spring AI pointed at the loopback
 * OpenAI server (one for the run: the suites' application contexts stay cached), the server's port,
 * and the exported spans.
 */
abstract class ChatServiceTestBase {

  static final FakeOpenAiServer OPENAI = FakeOpenAiServer.shared();

  @DynamicPropertySource
  static void openAi(DynamicPropertyRegistry registry) {
    registry.add("spring.ai.openai.base-url", OPENAI::baseUrl);
  }

  @Value("${local.server.port}")
  int port;

  @Autowired InMemorySpanExporter exporter;

  @Autowired ObjectProvider<SdkTracerProvider> tracerProviders;

  ExportedSpans spans;

  @BeforeEach
  void exportedSpans() {
    spans = new ExportedSpans(exporter, tracerProviders);
  }

  /**
   * POSTs to the service with the conversation and user headers when given; fails unless it answers
   * 200.
   */
  String post(String path, String conversation, String user, String body)
      throws IOException, InterruptedException {
    return ChatRequests.post(port, path, conversation, user, body);
  }
}
