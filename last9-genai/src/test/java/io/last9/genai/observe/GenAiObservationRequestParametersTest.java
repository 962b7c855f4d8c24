/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Request parameters of an observed call (Python test_decorators "request parameters"), on the
 * synchronous and the asynchronous path alike: the Python SDK's async path dropped them (defect D4,
 * listed as a coverage gap).
 */
class GenAiObservationRequestParametersTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  private GenAiObservation chat(String name) {
    return GenAiObservation.llm(name)
        .openTelemetry(otel.openTelemetry())
        .model("gpt-4o")
        .provider("openai")
        .temperature(0.2)
        .maxTokens(256)
        .topP(0.9)
        .build();
  }

  @Test
  void synchronousCallsRecordTheRequestParametersAtStart() {
    chat("sync").get(() -> "ok");
    assertParameters(otel.span("sync").getAttributes());
  }

  @Test
  void asynchronousCallsRecordThemToo() {
    chat("async")
        .async(() -> CompletableFuture.supplyAsync(() -> "ok"))
        .toCompletableFuture()
        .join();
    assertParameters(otel.span("async").getAttributes());
  }

  @Test
  void aNonPositiveMaxTokensIsRejectedWithItsName() {
    assertThatThrownBy(() -> GenAiObservation.llm("x").maxTokens(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxTokens");
  }

  private static void assertParameters(Attributes a) {
    assertThat(a.get(GenAiAttributes.REQUEST_MODEL)).isEqualTo("gpt-4o");
    assertThat(a.get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("openai");
    assertThat(a.get(GenAiAttributes.REQUEST_TEMPERATURE)).isEqualTo(0.2);
    assertThat(a.get(GenAiAttributes.REQUEST_MAX_TOKENS)).isEqualTo(256L);
    assertThat(a.get(GenAiAttributes.REQUEST_TOP_P)).isEqualTo(0.9);
  }
}
