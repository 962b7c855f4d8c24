/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticApplicationContext;

class MicrometerCostMetricSinkTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private MicrometerCostMetricSink sink(int maxSeries) {
    StaticApplicationContext context = new StaticApplicationContext();
    context.getBeanFactory().registerSingleton("registry", registry);
    MicrometerCostMetricSink sink =
        new MicrometerCostMetricSink(context.getBeanProvider(MeterRegistry.class), maxSeries);
    sink.afterSingletonsInstantiated();
    return sink;
  }

  private static Attributes call(String model, String workflowType) {
    var b =
        Attributes.builder()
            .put("gen_ai.response.model", model)
            .put("gen_ai.provider.name", "openai")
            .put("gen_ai.l9.span.kind", "llm");
    if (workflowType != null) {
      b.put(AttributeKey.stringKey("workflow.type"), workflowType);
    }
    return b.build();
  }

  @Test
  void everySeriesHasTheSameFourTagsAndCountsUsd() {
    MicrometerCostMetricSink sink = sink(10);
    sink.record(0.25, call("gpt-4o", "rag"));
    sink.record(0.50, call("gpt-4o", "rag"));
    sink.record(0.10, call("claude-sonnet-4-5", null));

    Counter rag =
        registry
            .get("gen_ai.client.cost")
            .tag("gen_ai.response.model", "gpt-4o")
            .tag("workflow.type", "rag")
            .counter();
    assertThat(rag.count()).isCloseTo(0.75, within(1e-12));
    assertThat(rag.getId().getBaseUnit()).isEqualTo("USD");
    Counter claude =
        registry
            .get("gen_ai.client.cost")
            .tag("gen_ai.response.model", "claude-sonnet-4-5")
            .counter();
    assertThat(claude.getId().getTag("workflow.type")).isEqualTo("none");
    assertThat(claude.getId().getTags()).hasSize(4);
  }

  @Test
  void pastTheBoundNewSeriesGoToOneOverflowSeriesAndTheTotalStaysExact() {
    MicrometerCostMetricSink sink = sink(2);
    for (int i = 0; i < 50; i++) {
      sink.record(0.01, call("model-" + i, null));
    }
    assertThat(registry.find("gen_ai.client.cost").counters()).hasSize(3);
    Counter overflow =
        registry
            .get("gen_ai.client.cost")
            .tag("gen_ai.response.model", MicrometerCostMetricSink.OVERFLOW)
            .counter();
    assertThat(overflow.count()).isCloseTo(0.48, within(1e-12));
    double total =
        registry.find("gen_ai.client.cost").counters().stream().mapToDouble(Counter::count).sum();
    assertThat(total).isCloseTo(0.50, within(1e-12));
  }

  @Test
  void withoutARegistryNothingIsRecordedAndNothingThrows() {
    MicrometerCostMetricSink sink =
        new MicrometerCostMetricSink(
            new StaticApplicationContext().getBeanProvider(MeterRegistry.class), 10);
    sink.afterSingletonsInstantiated();
    sink.record(1.0, call("gpt-4o", null));
    assertThat(sink.hasRegistry()).isFalse();
  }
}
