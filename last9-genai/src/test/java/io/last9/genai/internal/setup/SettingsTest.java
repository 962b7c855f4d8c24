/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.Last9Limits;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.pricing.ModelPricing;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** One reader of settings: the names, their former spellings, and failures that name them. */
class SettingsTest {

  private static Settings settings(Map<String, String> properties) {
    return Settings.of(DefaultConfigProperties.createFromMap(properties));
  }

  private static boolean flag(String value) {
    return settings(Map.of("otel.last9.genai.enabled", value)).flag("enabled", false);
  }

  @Test
  void booleansAcceptTheUsualSpellings() {
    assertThat(flag("yes")).isTrue();
    assertThat(flag("ON")).isTrue();
    assertThat(flag("1")).isTrue();
    assertThat(flag("false")).isFalse();
    assertThat(flag("off")).isFalse();
  }

  @Test
  void anythingElseFailsNamingThePropertyAndValue() {
    assertThatThrownBy(() -> flag("maybe"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("otel.last9.genai.enabled")
        .hasMessageContaining("maybe");
  }

  @Test
  void aFailureNamesThePropertyWithThePrefixTheSetUpsUsersWrite() {
    Settings spring =
        Settings.of(
            DefaultConfigProperties.createFromMap(Map.of("otel.last9.genai.cost.enabled", "x")),
            "last9.genai.",
            Paths::get);
    Throwable failure = null;
    try {
      spring.flag("cost.enabled", true);
    } catch (ConfigurationException e) {
      failure = e;
    }
    SettingException parts = SettingException.of(failure);
    assertThat(parts).isNotNull();
    assertThat(parts.property()).isEqualTo("last9.genai.cost.enabled");
    assertThat(parts.value()).isEqualTo("x");
    assertThat(failure).hasMessageStartingWith("last9.genai.cost.enabled: ");
  }

  @Test
  void aFormerSpellingIsHonouredWithOneWarningNamingTheNewName() {
    List<LogRecord> records = new ArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger logger = Logger.getLogger(Settings.class.getName());
    logger.addHandler(handler);
    try {
      // a logger of its own: the shared one may have reported this spelling in an earlier test
      Settings s =
          new Settings(
              DefaultConfigProperties.createFromMap(
                  Map.of("otel.last9.genai.sampler.delegate.arg", "0.25")),
              name -> Settings.PREFIX + name,
              Paths::get,
              new OnceLogger(logger));
      assertThat(s.number("sampler.delegate-ratio")).isEqualTo(0.25);
      assertThat(s.number("sampler.delegate-ratio")).isEqualTo(0.25);
      assertThat(records)
          .filteredOn(r -> r.getMessage().contains("sampler.delegate.arg"))
          .hasSize(1)
          .first()
          .satisfies(r -> assertThat(r.getMessage()).contains("sampler.delegate-ratio"));
    } finally {
      logger.removeHandler(handler);
    }
  }

  @Test
  void theNewNameWinsOverAFormerSpelling() {
    Settings s =
        settings(
            Map.of(
                "otel.last9.genai.cost.enabled", "false",
                "otel.last9.genai.cost-tracking", "true"));
    assertThat(s.flag("cost.enabled", true)).isFalse();
  }

  @Test
  void everyRenamedSettingIsASharedSettingAndNoFormerSpellingIsOne() {
    assertThat(SettingNames.renamed().keySet()).isSubsetOf(SettingNames.SHARED);
    SettingNames.renamed()
        .values()
        .forEach(former -> assertThat(former).doesNotContainAnyElementsOf(SettingNames.SHARED));
  }

  @Test
  void durationsListsAndNumbersReadTheirUsualForms() {
    Settings s =
        settings(
            Map.of(
                "otel.last9.genai.turns.idle-expiry", "90m",
                "otel.last9.genai.baggage.keys", "a, b",
                "otel.last9.genai.turns.max-conversations", "12"));
    assertThat(s.duration("turns.idle-expiry", Duration.ZERO)).isEqualTo(Duration.ofMinutes(90));
    assertThat(s.list("baggage.keys")).containsExactly("a", "b");
    assertThat(s.longValue("turns.max-conversations", 1)).isEqualTo(12);
    assertThat(s.duration("turns.redis.timeout", Duration.ofSeconds(3)))
        .isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(
            () ->
                settings(Map.of("otel.last9.genai.turns.max-conversations", "many"))
                    .longValue("turns.max-conversations", 1))
        .hasMessageContaining("otel.last9.genai.turns.max-conversations")
        .hasMessageContaining("many");
  }

  @Test
  void modelPricesReadTheShortFormAndTheOneEntryPerFieldForm() {
    Map<String, ModelPricing> prices =
        ProcessorSettings.modelPrices(
            settings(
                Map.of(
                    "otel.last9.genai.pricing.models",
                    "my-ft=3/12, gpt-4.1.input=2, gpt-4.1.output=8, gpt-4.1.cache-read=0.5")));
    assertThat(prices).containsOnlyKeys("my-ft", "gpt-4.1");
    assertThat(prices.get("my-ft")).isEqualTo(ModelPricing.of(3, 12));
    assertThat(prices.get("gpt-4.1"))
        .isEqualTo(ModelPricing.builder().input(2).output(8).cacheRead(0.5).build());
  }

  @Test
  void aModelPriceWithoutItsOutputFailsNamingTheModel() {
    assertThatThrownBy(
            () ->
                ProcessorSettings.modelPrices(
                    settings(Map.of("otel.last9.genai.pricing.models", "my-ft.input=3"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("otel.last9.genai.pricing.models[my-ft]")
        .hasMessageContaining("both required");
  }

  @Test
  void limitsKeepTheirDefaultsUnlessSetAndAnOutOfRangeOneFailsNamingIt() {
    assertThat(ProcessorSettings.limits(settings(Map.of()))).isEqualTo(Last9Limits.getDefault());
    assertThat(
            ProcessorSettings.limits(
                    settings(Map.of("otel.last9.genai.limits.max-cost-metric-values", "7")))
                .getMaxCostMetricValues())
        .isEqualTo(7);
    assertThatThrownBy(
            () ->
                ProcessorSettings.limits(
                    settings(Map.of("otel.last9.genai.limits.max-open-spans", "1000"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("otel.last9.genai.limits.max-open-spans")
        .hasMessageContaining("power of two");
  }

  @Test
  void unsetSettingsReadAsEmptyOrTheirDefault() {
    assertThat(settings(Map.of()).list("baggage.keys")).isEmpty();
    assertThat(settings(Map.of()).map("pricing.models")).isEmpty();
    assertThat(settings(Map.of()).duration("turns.idle-expiry", Duration.ofHours(24)))
        .isEqualTo(Duration.ofHours(24));
  }
}
