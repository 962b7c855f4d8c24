package io.last9.genai.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.CostMetricSink;
import io.last9.genai.InMemoryTurnStore;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.TurnStore;
import io.last9.genai.internal.HostTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class Last9GenAiAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(Last9GenAiAutoConfiguration.class));

  @Test
  void aNegativePriceFailsStartUpNamingTheProperty() {
    runner.withPropertyValues("last9.genai.pricing.models.gpt-4o.input=-1", "last9.genai.pricing.models.gpt-4o.output=10")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(rootCause(context.getStartupFailure()))
              .isInstanceOf(InvalidConfigurationPropertyValueException.class)
              .hasMessageContaining("last9.genai.pricing.models[gpt-4o].input")
              .hasMessageContaining("-1");
        });
  }

  @Test
  void aModelWithoutAnOutputPriceFailsStartUpNamingTheProperty() {
    runner.withPropertyValues("last9.genai.pricing.models.my-model.input=1")
        .run(context -> assertThat(rootCause(context.getStartupFailure()))
            .hasMessageContaining("last9.genai.pricing.models[my-model].output"));
  }

  @Test
  void anUnreadablePricingFileFailsStartUpNamingTheProperty(@TempDir Path dir) {
    runner.withPropertyValues("last9.genai.pricing.files[0]=file:" + dir.resolve("missing.json"))
        .run(context -> assertThat(rootCause(context.getStartupFailure()))
            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
            .hasMessageContaining("last9.genai.pricing.files[0]")
            .hasMessageContaining("missing.json"));
  }

  @Test
  void aMalformedPricingFileFailsStartUpNamingThePropertyAndTheFile(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("prices.json"), "[{\"id\": \"acme\", \"models\": [{\"id\": 42");
    runner.withPropertyValues("last9.genai.pricing.files=file:" + file)
        .run(context -> assertThat(rootCause(context.getStartupFailure()))
            .hasMessageContaining("last9.genai.pricing.files[0]")
            .hasMessageContaining("prices.json"));
  }

  @Test
  void anUnknownBaggageKeyFailsStartUpNamingTheProperty() {
    runner.withPropertyValues("last9.genai.baggage.keys=gen_ai.conversation.id,session.secret")
        .run(context -> assertThat(rootCause(context.getStartupFailure()))
            .hasMessageContaining("last9.genai.baggage.keys"));
  }

  @Test
  void nonPositiveTurnBoundsFailStartUpNamingTheProperty() {
    runner.withPropertyValues("last9.genai.turns.max-conversations=0")
        .run(context -> assertThat(rootCause(context.getStartupFailure()))
            .hasMessageContaining("last9.genai.turns.max-conversations"));
  }

  @Test
  void configuredPricesAreUsed() {
    runner.withPropertyValues("last9.genai.pricing.models.my-model.input=1.5",
            "last9.genai.pricing.models.my-model.output=3", "last9.genai.pricing.models.my-model.cache-read=0.5",
            "last9.genai.pricing.bundled=false")
        .run(context -> {
          Last9SpanProcessor p = context.getBean(Last9SpanProcessor.class);
          assertThat(p.costCalculator().estimate("my-model", io.last9.genai.Usage.of(1_000_000, 1_000_000)))
              .hasValueSatisfying(e -> assertThat(e.cost().totalUsd()).isEqualTo(4.5));
          // the bundled catalog is off: a model only it knows is not priced
          assertThat(p.costCalculator().estimate("gpt-4o", io.last9.genai.Usage.of(1, 1))).isEmpty();
        });
  }

  @Test
  void everyBeanBacksOffForTheApplicationsOwn() {
    TurnStore store = InMemoryTurnStore.create();
    Last9SpanProcessor own = Last9SpanProcessor.create();
    CostMetricSink sink = (usd, attributes) -> {};
    runner.withBean(TurnStore.class, () -> store).withBean(Last9SpanProcessor.class, () -> own)
        .withBean(CostMetricSink.class, () -> sink)
        .run(context -> {
          assertThat(context).hasSingleBean(Last9SpanProcessor.class).hasSingleBean(TurnStore.class);
          assertThat(context.getBean(Last9SpanProcessor.class)).isSameAs(own);
          assertThat(context.getBean(TurnStore.class)).isSameAs(store);
          assertThat(context.getBean(CostMetricSink.class)).isSameAs(sink);
        });
  }

  @Test
  void aTurnStoreBeanNumbersTheProcessorsTurns() {
    TurnStore store = InMemoryTurnStore.create();
    runner.withBean(TurnStore.class, () -> store)
        .run(context -> assertThat(context.getBean(Last9SpanProcessor.class).turnStore()).isSameAs(store));
  }

  @Test
  void theApplicationsOpenTelemetryIsTheLibrarysWhileTheContextRuns() {
    OpenTelemetry app = OpenTelemetry.noop();
    runner.withBean(OpenTelemetry.class, () -> app).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(HostTelemetry.preferred()).isSameAs(app);
    });
    assertThat(HostTelemetry.preferred()).isNull();
  }

  @Test
  void theStarterCanBeSwitchedOff() {
    runner.withPropertyValues("last9.genai.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(Last9SpanProcessor.class));
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && !(c instanceof InvalidConfigurationPropertyValueException)) {
      c = c.getCause();
    }
    return c;
  }
}
