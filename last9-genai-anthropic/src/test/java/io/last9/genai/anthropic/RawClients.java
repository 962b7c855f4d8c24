/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.anthropic;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import io.last9.genai.testing.FakeAnthropic;

/** The real anthropic-java client, not yet wrapped, pointed at a {@link FakeAnthropic}. */
final class RawClients {

  private RawClients() {}

  /**
   * A builder without retries, so that an error test makes exactly one request; add options, then
   * build.
   */
  static AnthropicOkHttpClient.Builder builder(FakeAnthropic server) {
    return AnthropicOkHttpClient.builder()
        .baseUrl(server.baseUrl())
        .apiKey("sk-ant-test")
        .maxRetries(0);
  }
}
