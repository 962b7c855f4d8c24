/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.pricing.Usage;
import io.last9.genai.testing.Autoconfigured;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Last9GenAi#install()} and the autoconfigure SPI (the Python SDK's test_install, and its
 * gaps).
 */
class Last9GenAiInstallTest {

  private final InMemorySpanExporter exported = InMemorySpanExporter.create();

  @BeforeEach
  @AfterEach
  void resetGlobal() {
    GlobalOpenTelemetry.resetForTest();
  }

  @Test
  void installBuildsAGlobalSdkWhoseSpansCarryScopesAndCost() {
    List<SpanData> spans;
    try (Last9GenAi genai =
        Last9GenAi.builder()
            .serviceName("install-test")
            .pricing(Map.of("my-model", ModelPricing.of(1.0, 2.0)))
            .addSpanExporter(exported)
            .property("otel.traces.exporter", "none")
            .install()) {
      assertThat(genai.isGlobal()).isTrue();
      assertThat(GlobalOpenTelemetry.get().getTracerProvider()).isNotNull();
      try (ConversationContext c = ConversationContext.builder("conv-1").userId("u-1").start()) {
        GenAiObservation.llm("chat")
            .get(
                () ->
                    ResponseInfo.builder()
                        .responseModel("my-model")
                        .usage(Usage.of(1_000, 1_000))
                        .build());
      }
      genai.flush();
      spans =
          exported.getFinishedSpanItems(); // read before close(): shutting down clears the exporter
    }
    assertThat(spans).hasSize(1);
    SpanData chat = spans.get(0);
    assertThat(
            chat.getResource()
                .getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey("service.name")))
        .isEqualTo("install-test");
    assertThat(chat.getAttributes().get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("conv-1");
    assertThat(chat.getAttributes().get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(1L);
    assertThat(chat.getAttributes().get(GenAiAttributes.USAGE_COST_USD))
        .isCloseTo(0.003, within(1e-15));
  }

  @Test
  void anExistingGlobalIsKeptAndTheNewSdkIsNotMadeGlobal() {
    OpenTelemetry existing = OpenTelemetrySdk.builder().build();
    GlobalOpenTelemetry.set(existing);
    try (Last9GenAi genai =
        Last9GenAi.builder().property("otel.traces.exporter", "none").install()) {
      assertThat(genai.isGlobal()).isFalse();
      assertThat(genai.openTelemetry()).isNotSameAs(GlobalOpenTelemetry.get());
      // the handle is still fully usable when passed explicitly
      Span span = genai.openTelemetry().getTracer("t").spanBuilder("s").startSpan();
      assertThat(span.isRecording()).isTrue();
      span.end();
    }
  }

  @Test
  void setGlobalFalseLeavesTheGlobalAlone() {
    try (Last9GenAi genai =
        Last9GenAi.builder().setGlobal(false).property("otel.traces.exporter", "none").install()) {
      assertThat(genai.isGlobal()).isFalse();
      // set() succeeds only while nothing is registered (isSet() is not in every supported API
      // version)
      GlobalOpenTelemetry.set(OpenTelemetry.noop());
    }
  }

  @Test
  void autoconfigureAddsTheProcessorFromConfigurationAlone(@TempDir Path dir) throws IOException {
    List<SpanData> spans;
    Path prices = dir.resolve("prices.json");
    Files.writeString(
        prices,
        "[{\"id\":\"acme\",\"name\":\"Acme\",\"api_pattern\":\"x\","
            + "\"models\":[{\"id\":\"acme-1\",\"match\":{\"equals\":\"acme-1\"},"
            + "\"prices\":{\"input_mtok\":4,\"output_mtok\":8}}]}]",
        StandardCharsets.UTF_8);
    OpenTelemetrySdk sdk =
        Autoconfigured.build(Map.of("otel.last9.genai.pricing.files", prices.toString()), exported);
    try {
      try (ConversationContext c = ConversationContext.builder("conv-auto").start()) {
        Span span =
            sdk.getTracer("client")
                .spanBuilder("chat acme-1")
                .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
                .setAttribute(GenAiAttributes.REQUEST_MODEL, "acme-1")
                .startSpan();
        span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 1_000_000L);
        span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 500_000L);
        span.end();
      }
      spans = exported.getFinishedSpanItems();
    } finally {
      sdk.shutdown();
    }
    SpanData span = spans.get(0);
    assertThat(span.getAttributes().get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("conv-auto");
    assertThat(span.getAttributes().get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(1L);
    assertThat(span.getAttributes().get(GenAiAttributes.USAGE_COST_USD))
        .isCloseTo(4.0 + 4.0, within(1e-12));
    assertThat(span.getAttributes().get(GenAiAttributes.COST_PRICE_SOURCE)).startsWith("file:");
  }

  @Test
  void autoconfigureCanBeSwitchedOff() {
    OpenTelemetrySdk sdk =
        Autoconfigured.build(Map.of("otel.last9.genai.enabled", "false"), exported);
    List<SpanData> spans;
    try (ConversationContext c = ConversationContext.builder("conv-off").start()) {
      sdk.getTracer("t").spanBuilder("s").startSpan().end();
      spans = exported.getFinishedSpanItems();
    } finally {
      sdk.shutdown();
    }
    assertThat(spans).hasSize(1);
    assertThat(spans.get(0).getAttributes().get(GenAiAttributes.CONVERSATION_ID)).isNull();
  }

  @Test
  void aMalformedPricingFileFailsStartUpNamingTheFileAndEntry(@TempDir Path dir)
      throws IOException {
    Path prices = dir.resolve("broken-prices.json");
    Files.writeString(
        prices,
        "[{\"id\":\"acme\",\"name\":\"Acme\",\"api_pattern\":\"x\","
            + "\"models\":[{\"id\":\"acme-1\",\"match\":{\"equals\":\"acme-1\"},"
            + "\"prices\":{\"input_mtok\":-4,\"output_mtok\":8}}]}]",
        StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                Autoconfigured.builder(Map.of("otel.last9.genai.pricing.files", prices.toString()))
                    .build())
        .isInstanceOf(io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException.class)
        // the message itself says what and where, not OpenTelemetry's generic "Unexpected
        // configuration error"
        .hasMessageContaining("otel.last9.genai.pricing.files")
        .hasMessageContaining("broken-prices.json")
        .hasMessageContaining("acme-1");
  }

  /**
   * A collector that never answers: flush() and close() each return within their documented 10
   * seconds in all (traces and metrics together), not one wait after the other, and never hang the
   * caller on an exporter that blocks the thread that calls it.
   */
  @Test
  void flushAndCloseWaitAtMostTenSecondsInAllForHungExporters() {
    Last9GenAi genai =
        Last9GenAi.builder()
            .setGlobal(false)
            .property("otel.traces.exporter", HungExporters.NAME)
            .property("otel.metrics.exporter", HungExporters.NAME)
            .install();
    try {
      // a span waiting in the batch processor, and a cost in the metric
      GenAiObservation.llm("chat")
          .openTelemetry(genai)
          .get(() -> ResponseInfo.builder().responseModel("gpt-4o").usage(Usage.of(10, 5)).build());

      long flushNanos = timed(genai::flush);
      long closeNanos = timed(genai::close);

      // 10 s is the documented bound; the margin absorbs a slow machine, not a second 10 s wait
      assertThat(flushNanos).isLessThan(TimeUnit.SECONDS.toNanos(15));
      assertThat(closeNanos).isLessThan(TimeUnit.SECONDS.toNanos(15));
    } finally {
      HungExporters.release();
      genai.close();
    }
  }

  /** How long {@code call} took; fails (without waiting further) if it took over a minute. */
  private static long timed(Runnable call) {
    long start = System.nanoTime();
    assertTimeoutPreemptively(Duration.ofMinutes(1), call::run);
    return System.nanoTime() - start;
  }
}
