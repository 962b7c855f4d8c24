/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An SDK built from an OpenTelemetry declarative-configuration file by OpenTelemetry's own reader,
 * with the library's processor and sampler named in the file. Runs on the lowest supported
 * OpenTelemetry (1.49, where the file format is 0.3 and the property is still experimental) and the
 * newest.
 */
class DeclarativeConfigurationTest {

  private static final String RENAMED =
      "io.opentelemetry.sdk.autoconfigure.declarativeconfig.DeclarativeConfiguration";
  private static final String INCUBATING =
      "io.opentelemetry.sdk.extension.incubator.fileconfig.DeclarativeConfiguration";

  /** Whether this OpenTelemetry reads files through its later, renamed module. */
  private static final boolean RENAMED_MODULE = present();

  @BeforeEach
  void clear() {
    MemoryExporterComponentProvider.EXPORTED.reset();
  }

  private static boolean present() {
    try {
      Class.forName(
          "io.opentelemetry.sdk.autoconfigure.declarativeconfig.DeclarativeConfiguration");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private OpenTelemetrySdk sdk(String tracerProvider) throws Exception {
    String yaml =
        "file_format: \""
            + (RENAMED_MODULE ? "1.1" : "0.3")
            + "\"\n"
            + "tracer_provider:\n"
            + tracerProvider;
    // the module's own entry point, which autoconfigure calls for otel.config.file; by name, as
    // its package differs between the two versions under test
    Class<?> reader = Class.forName(RENAMED_MODULE ? RENAMED : INCUBATING);
    try (InputStream in = new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))) {
      Object built = reader.getMethod("parseAndCreate", InputStream.class).invoke(null, in);
      // later versions wrap the SDK in a result that also carries the resource
      return (OpenTelemetrySdk)
          (built instanceof OpenTelemetrySdk
              ? built
              : built.getClass().getMethod("getSdk").invoke(built));
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    }
  }

  private static SpanData chat(OpenTelemetrySdk sdk, String model) {
    Tracer tracer = sdk.getTracer("test");
    try (ConversationContext c = ConversationContext.builder("conv-1").userId("u-1").start()) {
      Span span =
          tracer
              .spanBuilder("chat " + model)
              .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
              .setAttribute(GenAiAttributes.PROVIDER_NAME, "openai")
              .setAttribute(GenAiAttributes.REQUEST_MODEL, model)
              .setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 1_000_000L)
              .setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 1_000_000L)
              .startSpan();
      span.end();
    }
    List<SpanData> spans = MemoryExporterComponentProvider.EXPORTED.getFinishedSpanItems();
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  @Test
  void aBareEntryAddsTheProcessorWithEveryDefault() throws Exception {
    try (OpenTelemetrySdk sdk =
        sdk(
            "  processors:\n"
                + "    - last9_genai:\n"
                + "    - simple:\n"
                + "        exporter:\n"
                + "          last9_test_memory:\n")) {
      SpanData span = chat(sdk, "gpt-4o");
      assertThat(span.getAttributes().get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("conv-1");
      assertThat(span.getAttributes().get(GenAiAttributes.USER_ID)).isEqualTo("u-1");
      assertThat(span.getAttributes().get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(1L);
      // the bundled catalog, on by default: gpt-4o at $2.50 / $10.00 per million tokens
      assertThat(span.getAttributes().get(GenAiAttributes.USAGE_COST_USD)).isEqualTo(12.5);
    }
  }

  @Test
  void settingsInsideTheEntryUseTheFilesSpelling() throws Exception {
    try (OpenTelemetrySdk sdk =
        sdk(
            "  processors:\n"
                + "    - last9_genai:\n"
                + "        pricing:\n"
                + "          bundled: false\n"
                + "          models:\n"
                + "            my-fine-tune: 1.00/3.00\n"
                + "            other-model:\n"
                + "              input: 0.5\n"
                + "              output: 1\n"
                + "        limits:\n"
                + "          max_open_spans: 1024\n"
                + "        baggage:\n"
                + "          keys: [gen_ai.conversation.id, user.id]\n"
                + "    - simple:\n"
                + "        exporter:\n"
                + "          last9_test_memory: {}\n")) {
      assertThat(chat(sdk, "my-fine-tune").getAttributes().get(GenAiAttributes.USAGE_COST_USD))
          .isEqualTo(4.0);
      MemoryExporterComponentProvider.EXPORTED.reset();
      assertThat(chat(sdk, "other-model").getAttributes().get(GenAiAttributes.USAGE_COST_USD))
          .isEqualTo(1.5);
      MemoryExporterComponentProvider.EXPORTED.reset();
      // the bundled catalog is off, so a catalog model is marked, never priced at $0
      SpanData unpriced = chat(sdk, "gpt-4o");
      assertThat(unpriced.getAttributes().get(GenAiAttributes.USAGE_COST_USD)).isNull();
      assertThat(unpriced.getAttributes().get(GenAiAttributes.COST_UNPRICED)).isTrue();
    }
  }

  @Test
  void anEntryThatSwitchesItselfOffStampsNothing() throws Exception {
    try (OpenTelemetrySdk sdk =
        sdk(
            "  processors:\n"
                + "    - last9_genai:\n"
                + "        enabled: false\n"
                + "    - simple:\n"
                + "        exporter:\n"
                + "          last9_test_memory: {}\n")) {
      SpanData span = chat(sdk, "gpt-4o");
      assertThat(span.getAttributes().get(GenAiAttributes.CONVERSATION_ID)).isNull();
      assertThat(span.getAttributes().get(GenAiAttributes.USAGE_COST_USD)).isNull();
    }
  }

  @Test
  void anInvalidValueFailsStartUpNamingItsPathInTheFile() {
    assertThatThrownBy(
            () ->
                sdk(
                    "  processors:\n"
                        + "    - last9_genai:\n"
                        + "        limits:\n"
                        + "          max_open_spans: 1000\n"
                        + "    - simple:\n"
                        + "        exporter:\n"
                        + "          last9_test_memory: {}\n"))
        .hasStackTraceContaining("last9_genai.limits.max_open_spans")
        .hasStackTraceContaining("1000");
    assertThatThrownBy(
            () ->
                sdk(
                    "  processors:\n"
                        + "    - last9_genai:\n"
                        + "        cost:\n"
                        + "          enabled: maybe\n"))
        .hasStackTraceContaining("last9_genai.cost.enabled")
        .hasStackTraceContaining("maybe");
  }

  @Test
  void theConversationSamplerIsChosenByName() throws Exception {
    try (OpenTelemetrySdk sdk =
        sdk(
            "  sampler:\n"
                + "    last9_conversation:\n"
                + "      ratio: 0.25\n"
                + "      delegate: always_off\n")) {
      assertThat(sdk.getSdkTracerProvider().getSampler().getDescription())
          .isEqualTo(
              "CostPreservingSampler{ConversationSampler{ratio=0.250000, delegate=AlwaysOffSampler}}");
    }
    try (OpenTelemetrySdk sdk =
        sdk("  sampler:\n" + "    last9_conversation:\n" + "      record_dropped: false\n")) {
      // every default: all conversations, the ratio sampler under a parent for the rest
      assertThat(sdk.getSdkTracerProvider().getSampler().getDescription())
          .startsWith(
              "ConversationSampler{ratio=1.000000, delegate=ParentBased{root:TraceIdRatioBased{1.000000}");
    }
    assertThatThrownBy(() -> sdk("  sampler:\n" + "    last9_conversation:\n" + "      ratio: 2\n"))
        .hasStackTraceContaining("last9_conversation.ratio");
  }
}
