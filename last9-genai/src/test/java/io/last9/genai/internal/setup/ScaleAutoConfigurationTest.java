/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.testing.Autoconfigured;
import io.last9.genai.turns.TurnStore;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The samplers and the turn-store hook, configured from properties alone (autoconfigure, the Java
 * agent).
 */
class ScaleAutoConfigurationTest {

  private static OpenTelemetrySdk sdk(
      Map<String, String> properties, InMemorySpanExporter exported) {
    return Autoconfigured.build(properties, exported);
  }

  private String sampler(Map<String, String> properties) {
    try (OpenTelemetrySdk sdk = sdk(properties, InMemorySpanExporter.create())) {
      return sdk.getSdkTracerProvider().getSampler().getDescription();
    }
  }

  @Test
  void theConversationSamplerIsChosenByName() {
    assertThat(
            sampler(
                Map.of(
                    "otel.traces.sampler",
                    "last9_conversation",
                    "otel.traces.sampler.arg",
                    "0.25")))
        .startsWith(
            "CostPreservingSampler{ConversationSampler{ratio=0.250000, delegate=ParentBased{root:"
                + "TraceIdRatioBased{0.250000}");
    assertThat(
            sampler(
                Map.of(
                    "otel.traces.sampler",
                    "last9_conversation",
                    "otel.traces.sampler.arg",
                    "0.25",
                    "otel.last9.genai.sampler.ratio",
                    "0.5",
                    "otel.last9.genai.sampler.delegate",
                    "always_off")))
        .isEqualTo(
            "CostPreservingSampler{ConversationSampler{ratio=0.500000, delegate=AlwaysOffSampler}}");
    assertThat(
            sampler(
                Map.of(
                    "otel.traces.sampler",
                    "last9_conversation",
                    "otel.last9.genai.sampler.delegate",
                    "traceidratio",
                    "otel.last9.genai.sampler.delegate.arg",
                    "0.1")))
        .isEqualTo(
            "CostPreservingSampler{ConversationSampler{ratio=1.000000, delegate=TraceIdRatioBased{0.100000}}}");
  }

  @Test
  void badSamplerSettingsFailStartUpNamingTheProperty() {
    assertThatThrownBy(
            () ->
                sampler(
                    Map.of(
                        "otel.traces.sampler",
                        "last9_conversation",
                        "otel.traces.sampler.arg",
                        "2")))
        .hasStackTraceContaining("otel.traces.sampler.arg");
    assertThatThrownBy(
            () ->
                sampler(
                    Map.of(
                        "otel.traces.sampler",
                        "last9_conversation",
                        "otel.last9.genai.sampler.delegate",
                        "sometimes")))
        .hasStackTraceContaining("otel.last9.genai.sampler.delegate");
  }

  @Test
  void anySamplerThatCanDropIsWrappedUnlessSwitchedOff() {
    assertThat(sampler(Map.of()))
        .startsWith("CostPreservingSampler{ParentBased{root:AlwaysOnSampler");
    assertThat(
            sampler(
                Map.of("otel.traces.sampler", "traceidratio", "otel.traces.sampler.arg", "0.01")))
        .isEqualTo("CostPreservingSampler{TraceIdRatioBased{0.010000}}");
    assertThat(sampler(Map.of("otel.traces.sampler", "always_on"))).isEqualTo("AlwaysOnSampler");
    assertThat(
            sampler(
                Map.of(
                    "otel.traces.sampler",
                    "traceidratio",
                    "otel.last9.genai.sampler.record-dropped",
                    "false")))
        .isEqualTo("TraceIdRatioBased{1.000000}");
    assertThat(
            sampler(
                Map.of(
                    "otel.traces.sampler",
                    "traceidratio",
                    "otel.last9.genai.cost.enabled",
                    "false")))
        .isEqualTo("TraceIdRatioBased{1.000000}");
  }

  @Test
  void aConfiguredTurnStoreProviderReplacesTheInMemoryStore() {
    assertThat(turnOfOneCall(Map.of(FixedTurnStoreProvider.PROPERTY, "41"))).isEqualTo(42L);
    assertThat(FixedTurnStoreProvider.closed).as("closed with the SDK").isTrue();
    assertThat(turnOfOneCall(Map.of())).isEqualTo(1L);
  }

  @Test
  void aFrameworkThatNamesTheClassLoaderOfTheProvidersAsksEachProviderOnce() {
    FixedTurnStoreProvider.asked.set(0);
    ProcessorSettings.builderFindingTurnStoresIn(
            Settings.of(DefaultConfigProperties.createFromMap(Map.of())),
            FixedTurnStoreProvider.class.getClassLoader())
        .build()
        .shutdown();
    assertThat(FixedTurnStoreProvider.asked).hasValue(1);
  }

  private long turnOfOneCall(Map<String, String> properties) {
    InMemorySpanExporter exported = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk = sdk(properties, exported)) {
      try (ConversationContext c = ConversationContext.builder("conv-1").start()) {
        GenAiObservation.llm("chat").openTelemetry(sdk).run(() -> {});
      }
      // read before the SDK closes: shutting the exporter down clears it
      return exported
          .getFinishedSpanItems()
          .get(0)
          .getAttributes()
          .get(GenAiAttributes.CONVERSATION_TURN);
    }
  }

  /** Registered in this module's test resources; configured only when its property is set. */
  public static final class FixedTurnStoreProvider implements TurnStoreProvider {
    static final String PROPERTY = "test.turns.fixed-after";
    static volatile boolean closed;
    static final AtomicInteger asked = new AtomicInteger();

    @Override
    public TurnStore create(Settings settings) {
      asked.incrementAndGet();
      Long after = settings.config().getLong(PROPERTY);
      if (after == null) {
        return null;
      }
      return new ClosableStore(after);
    }
  }

  private static final class ClosableStore implements TurnStore, AutoCloseable {
    private final long after;

    ClosableStore(long after) {
      this.after = after;
    }

    @Override
    public long nextTurn(String conversationId) {
      return after + 1;
    }

    @Override
    public void close() {
      FixedTurnStoreProvider.closed = true;
    }
  }
}
