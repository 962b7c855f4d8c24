/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.examples.javaagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.examples.SpendReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Java agent sample, as its README runs it: the real agent, the extension jar, a child JVM. */
class AgentDemoIT {

  @Test
  void theConversationAndItsCostAreReadBackFromTheAgentsSpans() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    SpendReport report;
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      report = AgentDemo.run(out);
    }
    String printed = buffer.toString(StandardCharsets.UTF_8);

    assertThat(report.conversations())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.id()).isEqualTo(WeatherApp.CONVERSATION);
              assertThat(c.userId()).isEqualTo(WeatherApp.USER);
              assertThat(c.turns())
                  .extracting(SpendReport.Turn::number)
                  .containsExactly(1L, 2L, 3L);
              assertThat(c.turns())
                  .extracting(SpendReport.Turn::question)
                  .containsExactly(
                      "What's the weather in SF?",
                      "Will I need an umbrella?",
                      "What about tomorrow?");
              assertThat(c.turns())
                  .allSatisfy(
                      t -> {
                        assertThat(t.costUsd()).isPositive();
                        assertThat(t.traceIds()).hasSize(1);
                        assertThat(t.answer()).isNotBlank();
                      });
            });
    assertThat(report.workflows())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.id()).isEqualTo(WeatherApp.WORKFLOW);
              assertThat(w.llmCalls()).isEqualTo(1);
              assertThat(w.totalCostUsd())
                  .isPositive()
                  .isCloseTo(w.sumOfSpanCostsUsd(), within(1e-12));
            });
    assertThat(report.spendByModel()).containsOnlyKeys("gpt-4o");
    assertThat(printed)
        .contains(
            "chat gpt-4o",
            "io.opentelemetry.openai-java",
            "io.opentelemetry.java-http-client",
            "ask_weather");
  }
}
