/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.AttributeReads;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.GenAiSpanKind;
import io.last9.genai.Last9Limits;
import io.last9.genai.internal.OpenSpanTable;
import io.last9.genai.internal.WorkflowTotals;
import io.last9.genai.pricing.CostCalculator;
import io.last9.genai.pricing.ModelPricing;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The end of a span inside a workflow: what it adds to the workflow's totals, and which of its
 * attributes that takes reading (each read takes the span's lock, on every span of the
 * application).
 */
class SpanAccountingTest {

  private final SdkTracerProvider provider =
      SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create()))
          .build();

  private final SpanAccounting accounting =
      new SpanAccounting(
          CostCalculator.builder()
              .bundledCatalog(false)
              .pricing(Map.of("gpt-4o", ModelPricing.of(2.50, 10.0)))
              .build(),
          (cost, attributes) -> {},
          null,
          Last9Limits.getDefault(),
          true);

  private final WorkflowTotals totals = new WorkflowTotals(null);
  private final OpenSpanTable openSpans = new OpenSpanTable(16);
  private final AttributeReads reads = new AttributeReads();

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  @Test
  void aSpanThatIsNoModelCallReadsOnlyItsModelsAndAddsNothing() {
    ReadWriteSpan span = reads.of(start("SELECT documents"));

    end(span, null);

    assertThat(reads.keys())
        .containsExactly(GenAiAttributes.REQUEST_MODEL, GenAiAttributes.RESPONSE_MODEL);
    assertThat(totals.llmCalls()).isZero();
    assertThat(totals.toolCalls()).isZero();
  }

  @Test
  void aModelCallIsPricedAndCounted() {
    ReadWriteSpan span = reads.of(modelCall());

    end(span, GenAiSpanKind.LLM);

    assertThat(totals.llmCalls()).isEqualTo(1);
    assertThat(totals.costUsd()).isEqualTo(0.0075); // 1,000 x 2.50 + 500 x 10.0 per million
    assertThat(span.getAttribute(GenAiAttributes.COST_PRICE_SOURCE)).isNotNull();
  }

  @Test
  void aModelCallThatAnotherProcessorOfTheLibraryPricedIsNotCountedAgain() {
    ReadWriteSpan span = reads.of(modelCall());
    span.setAttribute(GenAiAttributes.USAGE_COST_USD, 0.0075);
    span.setAttribute(GenAiAttributes.COST_PRICE_SOURCE, "custom:gpt-4o");

    end(span, GenAiSpanKind.LLM);

    assertThat(totals.llmCalls()).isZero();
    assertThat(totals.costUsd()).isZero();
  }

  @Test
  void aModelCallThatAnotherProcessorMarkedUnpricedIsNotCountedAgain() {
    ReadWriteSpan span = reads.of(modelCall());
    span.setAttribute(GenAiAttributes.COST_UNPRICED, true);

    end(span, GenAiSpanKind.LLM);

    assertThat(totals.llmCalls()).isZero();
    assertThat(totals.inputTokens()).isZero();
  }

  @Test
  void aToolSpanIsCountedAsAToolCall() {
    ReadWriteSpan span = reads.of(start("execute_tool get_weather"));

    end(span, GenAiSpanKind.TOOL);

    assertThat(totals.toolCalls()).isEqualTo(1);
    assertThat(totals.llmCalls()).isZero();
  }

  /**
   * Under the Java agent a processor is built before the application's {@code main}, where every
   * class loaded is also rewritten: the pricer and the cost metric wait for the end of the first
   * span that names a model, and the cost metric's meter for the first priced call.
   */
  @Test
  void thePricerIsMadeByTheFirstModelCallsEndAndTheMeterByTheFirstCost() {
    AtomicInteger meterLookups = new AtomicInteger();
    SpanAccounting lazy =
        new SpanAccounting(
            CostCalculator.builder()
                .bundledCatalog(false)
                .pricing(Map.of("gpt-4o", ModelPricing.of(2.50, 10.0)))
                .build(),
            null,
            () -> {
              meterLookups.incrementAndGet();
              return MeterProvider.noop();
            },
            Last9Limits.getDefault(),
            true);
    assertThat(lazy.pricerMade()).isFalse();

    ReadWriteSpan query = start("SELECT documents");
    openSpans.put(query, totals, null, null);
    lazy.atEnd(query, openSpans.remove(query), null);
    assertThat(lazy.pricerMade()).as("after a span that is no model call").isFalse();

    ReadWriteSpan unreported = start("chat gpt-4o");
    unreported.setAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-4o");
    openSpans.put(unreported, totals, null, null);
    lazy.atEnd(unreported, openSpans.remove(unreported), GenAiSpanKind.LLM);
    assertThat(lazy.pricerMade()).isTrue();
    assertThat(meterLookups).as("a call with no usage has no cost to record").hasValue(0);

    ReadWriteSpan chat = modelCall();
    openSpans.put(chat, totals, null, null);
    lazy.atEnd(chat, openSpans.remove(chat), GenAiSpanKind.LLM);
    assertThat(meterLookups).hasPositiveValue();
    assertThat(totals.costUsd()).isEqualTo(0.0075);
  }

  @Test
  void theDefaultSinkLooksUpTheHostsMetersOnlyWhenItFirstRecordsAndNotOnceConnected() {
    AtomicInteger lookups = new AtomicInteger();
    DefaultCostMetricSink sink =
        new DefaultCostMetricSink(
            () -> {
              lookups.incrementAndGet();
              return MeterProvider.noop();
            });
    assertThat(lookups).hasValue(0);
    sink.record(0.01, Attributes.empty());
    assertThat(lookups).hasValue(1);

    AtomicInteger unused = new AtomicInteger();
    DefaultCostMetricSink connected =
        new DefaultCostMetricSink(
            () -> {
              unused.incrementAndGet();
              return MeterProvider.noop();
            });
    List<Double> recorded = new ArrayList<>();
    connected.connect((cost, attributes) -> recorded.add(cost));
    connected.record(0.02, Attributes.empty());
    assertThat(recorded).containsExactly(0.02);
    assertThat(unused).hasValue(0);
  }

  private ReadWriteSpan modelCall() {
    ReadWriteSpan span = start("chat gpt-4o");
    span.setAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-4o");
    span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 1_000L);
    span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 500L);
    return span;
  }

  private ReadWriteSpan start(String name) {
    return (ReadWriteSpan) provider.get("test").spanBuilder(name).startSpan();
  }

  /** Noted at its start in the workflow, as the processor does, then ended through accounting. */
  private void end(ReadWriteSpan span, GenAiSpanKind kind) {
    openSpans.put(span, totals, null, null);
    reads.clear();
    accounting.atEnd(span, openSpans.remove(span), kind);
  }
}
