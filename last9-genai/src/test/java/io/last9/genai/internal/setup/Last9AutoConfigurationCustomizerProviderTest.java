/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Booleans in the spellings users write; anything else fails start-up naming the property. */
class Last9AutoConfigurationCustomizerProviderTest {

  private static boolean flag(String value) {
    return Last9AutoConfigurationCustomizerProvider.flag(
        DefaultConfigProperties.createFromMap(Map.of("otel.last9.genai.enabled", value)),
        "otel.last9.genai.enabled",
        false);
  }

  @Test
  void enabledAcceptsTheUsualSpellings() {
    assertThat(flag("yes")).isTrue();
    assertThat(flag("ON")).isTrue();
    assertThat(flag("1")).isTrue();
    assertThat(flag("false")).isFalse();
    assertThat(flag("off")).isFalse();
  }

  @Test
  void anythingElseFailsNamingTheProperty() {
    assertThatThrownBy(() -> flag("maybe"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("otel.last9.genai.enabled")
        .hasMessageContaining("maybe");
  }
}
