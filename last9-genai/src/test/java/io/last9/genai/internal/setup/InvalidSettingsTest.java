/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.Last9SpanProcessor;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A setting with an invalid value fails the set-up, naming the property. */
class InvalidSettingsTest {

  @Test
  void invalidSettingsFailNamingTheProperty() {
    assertThatThrownBy(() -> fromConfig(Map.of("otel.last9.genai.turns.max-conversations", "0")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("otel.last9.genai.turns.max-conversations");
    assertThatThrownBy(() -> fromConfig(Map.of("otel.last9.genai.turns.idle-expiry", "0s")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("otel.last9.genai.turns.idle-expiry");
    assertThatThrownBy(() -> fromConfig(Map.of("otel.last9.genai.cost.enabled", "maybe")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("otel.last9.genai.cost.enabled");
    assertThatThrownBy(() -> fromConfig(Map.of("otel.last9.genai.baggage.keys", "password")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("otel.last9.genai.baggage.keys");
  }

  private static Last9SpanProcessor fromConfig(Map<String, String> props) {
    return Last9AutoConfigurationCustomizerProvider.fromConfig(
        DefaultConfigProperties.createFromMap(props));
  }
}
