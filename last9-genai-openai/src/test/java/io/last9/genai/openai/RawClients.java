/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.last9.genai.testing.FakeOpenAI;

/** The real openai-java client, not yet wrapped, pointed at a {@link FakeOpenAI}. */
final class RawClients {

  private RawClients() {}

  /** Without retries, so that an error test makes exactly one request. */
  static OpenAIClient of(FakeOpenAI server) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(server.baseUrl())
        .apiKey("sk-test")
        .maxRetries(0)
        .build();
  }
}
