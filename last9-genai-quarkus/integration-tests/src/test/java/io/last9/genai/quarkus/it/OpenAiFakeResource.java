/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.it;

import io.last9.genai.testing.FakeOpenAI;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts the loopback OpenAI-compatible server and points quarkus-langchain4j at it. */
public class OpenAiFakeResource implements QuarkusTestResourceLifecycleManager {

  /** The server of the running test application. */
  static volatile FakeOpenAI server;

  @Override
  public Map<String, String> start() {
    server = FakeOpenAI.start();
    return Map.of("quarkus.langchain4j.openai.base-url", server.baseUrl());
  }

  @Override
  public void stop() {
    if (server != null) {
      server.close();
    }
  }
}
