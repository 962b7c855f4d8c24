/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.last9.genai.internal.setup.ProcessorSettings;
import io.last9.genai.internal.setup.Settings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code quarkus.last9.genai.*} read through the core's settings reader. */
class QuarkusConfigPropertiesTest {

  private static Settings settings(Map<String, String> properties) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(properties, "test", 100))
            .build();
    return Settings.of(
        new QuarkusConfigProperties(config),
        QuarkusConfigProperties.QUARKUS_PREFIX,
        Last9Producer::resolve);
  }

  @Test
  void theQuarkusNameWinsOverTheOtelOne() {
    Settings s =
        settings(
            Map.of(
                "quarkus.last9.genai.cost.enabled", "false",
                "otel.last9.genai.cost.enabled", "true",
                "otel.last9.genai.baggage.enabled", "yes"));
    assertThat(s.flag("cost.enabled", true)).isFalse();
    // the otel. name is read when the quarkus. one is not set
    assertThat(s.flag("baggage.enabled", false)).isTrue();
  }

  @Test
  void eachSettingHasItsDefaultWhenUnset() {
    Settings s = settings(Map.of());
    assertThat(ProcessorSettings.enabled(s)).isTrue();
    assertThat(s.flag("web.one-turn-per-request", true)).isTrue();
    assertThat(s.flag("web.enabled", false)).isFalse();
    assertThat(s.list("pricing.files")).isEmpty();
    assertThat(s.map("pricing.models")).isEmpty();
  }

  @Test
  void listsAreCommaSeparatedOrIndexed() {
    assertThat(
            settings(Map.of("quarkus.last9.genai.baggage.keys", "user.id, workflow.id"))
                .list("baggage.keys"))
        .containsExactly("user.id", "workflow.id");
    assertThat(
            settings(
                    Map.of(
                        "quarkus.last9.genai.baggage.keys[0]", "user.id",
                        "quarkus.last9.genai.baggage.keys[1]", "workflow.id"))
                .list("baggage.keys"))
        .containsExactly("user.id", "workflow.id");
  }

  @Test
  void modelPricesArePerModelKeysWithQuotedNamesOrOneProperty() {
    Settings perKey =
        settings(
            Map.of(
                "quarkus.last9.genai.pricing.models.gpt-4o", "2.50/10.00",
                "quarkus.last9.genai.pricing.models.\"gpt-4.1\".input", "2.00",
                "quarkus.last9.genai.pricing.models.\"gpt-4.1\".output", "8.00"));
    assertThat(perKey.map("pricing.models"))
        .containsOnly(
            entry("gpt-4o", "2.50/10.00"),
            entry("gpt-4.1.input", "2.00"),
            entry("gpt-4.1.output", "8.00"));
    // the builder accepts them: both models are priced
    assertThat(ProcessorSettings.builder(perKey, null).build()).isNotNull();

    Settings flat = settings(Map.of("quarkus.last9.genai.pricing.models", "gpt-4o=2.50/10.00"));
    assertThat(flat.map("pricing.models")).containsOnly(entry("gpt-4o", "2.50/10.00"));
  }

  @Test
  void durationsAreOpenTelemetrysOrIso8601() {
    assertThat(
            settings(Map.of("quarkus.last9.genai.turns.idle-expiry", "10s"))
                .duration("turns.idle-expiry", null))
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(
            settings(Map.of("quarkus.last9.genai.turns.idle-expiry", "PT2H"))
                .duration("turns.idle-expiry", null))
        .isEqualTo(Duration.ofHours(2));
    assertThat(
            settings(Map.of("quarkus.last9.genai.turns.idle-expiry", "500ms"))
                .duration("turns.idle-expiry", null))
        .isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aWrongValueNamesTheQuarkusProperty() {
    assertThatThrownBy(
            () ->
                settings(Map.of("quarkus.last9.genai.cost.enabled", "maybe"))
                    .flag("cost.enabled", true))
        .hasMessageContaining("quarkus.last9.genai.cost.enabled")
        .hasMessageContaining("maybe");
    assertThatThrownBy(
            () ->
                ProcessorSettings.builder(
                    settings(Map.of("quarkus.last9.genai.pricing.models.gpt-4o", "-1/10")), null))
        .hasMessageContaining("quarkus.last9.genai.pricing.models[gpt-4o].input");
  }
}
