/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.anthropic;

import static io.last9.genai.GenAiAttributes.USAGE_COST_USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.opentelemetry.OpenTelemetryOptions;
import io.last9.genai.testing.FakeAnthropic;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * anthropic-java 3.13 makes its own span per call ({@code anthropic.messages.create}), on by
 * default. A wrapped client must not produce it as well, or the processor would price the call
 * twice.
 */
class BuiltInTracingTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @RegisterExtension final FakeAnthropic server = FakeAnthropic.start();

  private AnthropicClient raw;

  @BeforeEach
  void setUp() {
    // the client's own tracing, pointed at the test SDK (by default it uses the global tracer
    // provider)
    raw =
        RawClients.builder(server)
            .openTelemetry(
                OpenTelemetryOptions.builder()
                    .tracerProvider(otel.openTelemetry().getTracerProvider())
                    .build())
            .build();
  }

  @AfterEach
  void tearDown() {
    raw.close();
  }

  @Test
  void theUnwrappedClientTracesItself() {
    server.enqueue(Payloads.CACHED_MESSAGE);

    raw.messages().create(SyncCallTest.params());

    assertThat(otel.spanNames()).containsExactly("anthropic.messages.create");
  }

  @Test
  void aWrappedClientMakesOneSpanPricedOnce() {
    server.enqueue(Payloads.CACHED_MESSAGE);
    AnthropicClient client = Last9Anthropic.wrap(raw, otel.openTelemetry());

    client.messages().create(SyncCallTest.params());

    assertThat(otel.spanNames()).containsExactly("chat claude-sonnet-4-5");
    SpanData chat = otel.span("chat claude-sonnet-4-5");
    // 2,095 x 3 + 8,000 x 0.30 + 1,000 x 3.75 + 503 x 15 = 19,980 -> $0.01998, once
    assertThat(otel.sumOfSpanCosts()).isCloseTo(0.01998, within(1e-12));
    assertThat(chat.getAttributes().get(USAGE_COST_USD)).isCloseTo(0.01998, within(1e-12));
  }
}
