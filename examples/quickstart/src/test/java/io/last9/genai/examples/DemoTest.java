/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.opentelemetry.api.GlobalOpenTelemetry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DemoTest {

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private SpendReport report;

  @BeforeEach
  void runDemo() {
    GlobalOpenTelemetry.resetForTest();
    report = Demo.run(new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void reset() {
    GlobalOpenTelemetry.resetForTest();
  }

  @Test
  void theConversationComesBackInTurnOrderEachTurnItsOwnTrace() {
    SpendReport.Conversation c = conversation("user_123_session_456");
    assertThat(c.userId()).isEqualTo("user_123");
    assertThat(c.turns()).extracting(SpendReport.Turn::number).containsExactly(1L, 2L, 3L);
    assertThat(c.turns())
        .extracting(SpendReport.Turn::question)
        .containsExactly(
            "What's the weather in SF?", "Will I need an umbrella?", "What about tomorrow?");
    List<String> traces =
        c.turns().stream().flatMap(t -> t.traceIds().stream()).collect(Collectors.toList());
    assertThat(traces).hasSize(3).doesNotHaveDuplicates();
    assertThat(c.turns()).allSatisfy(t -> assertThat(t.costUsd()).isPositive());
  }

  @Test
  void perTurnCostsAreTheHandComputedGpt4oPrices() {
    // DemoModels: a token is 4 characters, rounded up; every chat prompt has a 1200-token shared
    // prefix.
    // turn 1: prompt = 1200 prefix + 9 (system prompt, 36 chars) + 7 (25 chars) = 1216 tokens, none
    // cached;
    // answer of 89 chars = 23 tokens + 40 = 63 output tokens. gpt-4o at $2.50 / $10 per million
    // (user pricing).
    double turn1 = (1216 * 2.50 + 63 * 10.0) / 1_000_000;
    // turn 2: prompt 1200 + 9 + 6 (24 chars) = 1215, of which the 1200-token prefix is cached. The
    // user's
    // ModelPricing.of(2.50, 10) gives no cache price, so the catalog's gpt-4o discount applies to
    // it (cache read
    // 1.25 = half of 2.50): 1.25. Answer 65 chars = 17 + 40 = 57.
    // 15 * 2.50 + 1200 * 1.25 + 57 * 10 = 37.5 + 1500 + 570 = 2107.5 per million = $0.0021075
    double turn2 = (15 * 2.50 + 1200 * 1.25 + 57 * 10.0) / 1_000_000;
    SpendReport.Conversation c = conversation("user_123_session_456");
    assertThat(c.turns().get(0).costUsd()).isCloseTo(turn1, within(1e-12));
    assertThat(c.turns().get(1).costUsd()).isCloseTo(turn2, within(1e-12));
  }

  @Test
  void claudeTurnCostsAreTheHandComputedCatalogPrices() {
    // The real anthropic-java client (wrapped with Last9Anthropic) against DemoModels' Anthropic
    // server, which counts
    // like its OpenAI one (a token is 4 characters, rounded up) and reports usage the way Anthropic
    // does: input_tokens
    // is only the uncached part, the 1,200-token prefix is written to the cache on the first call
    // and read after.
    // claude-sonnet-4-5 from the bundled genai-prices catalog (no user pricing): $3.00 input, $0.30
    // cache read,
    // $3.75 cache write, $15.00 output per million tokens (the 200k-token tier is not reached).
    // turn 1: input 9 (system prompt, 36 chars) + 7 ("What's the weather in SF?", 25 chars) = 16
    // uncached,
    // cache write 1200, cache read 0; answer of 89 chars = 23 tokens + 40 = 63 output tokens.
    // 16 * 3.00 + 1200 * 3.75 + 63 * 15.00 = 48 + 4500 + 945 = 5493 per million = $0.005493
    double turn1 = (16 * 3.00 + 1200 * 3.75 + 63 * 15.00) / 1_000_000;
    // turn 2: input 9 + 5 ("What about tomorrow?", 20 chars) = 14 uncached, cache read 1200, cache
    // write 0;
    // answer of 72 chars = 18 tokens + 40 = 58 output tokens.
    // 14 * 3.00 + 1200 * 0.30 + 58 * 15.00 = 42 + 360 + 870 = 1272 per million = $0.001272
    double turn2 = (14 * 3.00 + 1200 * 0.30 + 58 * 15.00) / 1_000_000;
    SpendReport.Conversation c = conversation("user_123_session_457");
    assertThat(c.userId()).isEqualTo("user_123");
    assertThat(c.turns())
        .extracting(SpendReport.Turn::question)
        .containsExactly("What's the weather in SF?", "What about tomorrow?");
    assertThat(c.turns())
        .extracting(SpendReport.Turn::answer)
        .containsExactly(
            DemoModels.answerFor("What's the weather in SF?"),
            DemoModels.answerFor("What about tomorrow?"));
    assertThat(c.turns().get(0).costUsd())
        .isCloseTo(0.005493, within(1e-12))
        .isCloseTo(turn1, within(1e-12));
    assertThat(c.turns().get(1).costUsd())
        .isCloseTo(0.001272, within(1e-12))
        .isCloseTo(turn2, within(1e-12));
    // each call priced once: the observed ask_claude span defers to the client's chat span, so the
    // conversation
    // is all of claude-sonnet-4-5's spend
    assertThat(c.costUsd()).isCloseTo(turn1 + turn2, within(1e-12));
    Map<String, Double> byModel = report.spendByModel();
    assertThat(byModel).containsOnlyKeys("gpt-4o", "claude-sonnet-4-5", "text-embedding-3-small");
    assertThat(byModel.get("claude-sonnet-4-5")).isCloseTo(turn1 + turn2, within(1e-12));
    assertThat(byModel.values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(report.totalCostUsd(), within(1e-15));
  }

  @Test
  void workflowTotalsEqualTheSumOfTheirSpans() {
    assertThat(report.workflows())
        .extracting(SpendReport.Workflow::id)
        .containsExactly("rag_12345", "rag_001", "rag_002");
    assertThat(report.workflows())
        .allSatisfy(
            w -> {
              assertThat(w.totalCostUsd())
                  .isPositive()
                  .isCloseTo(w.sumOfSpanCostsUsd(), within(1e-15));
              assertThat(w.toolCalls()).isEqualTo(1);
            });
    SpendReport.Workflow rag = report.workflows().get(0);
    assertThat(rag.llmCalls()).isEqualTo(3); // embedding, rerank, generate
  }

  @Test
  void theConversationOfWorkflowsHasOneTurnPerWorkflow() {
    SpendReport.Conversation c = conversation("support_session_789");
    assertThat(c.userId()).isEqualTo("user_456");
    assertThat(c.turns()).extracting(SpendReport.Turn::number).containsExactly(1L, 2L);
    // the observed RAG step took the retrieved documents as input: the question is the model's
    assertThat(c.turns()).extracting(SpendReport.Turn::question).containsOnly("What is RAG?");
    assertThat(c.turns())
        .extracting(SpendReport.Turn::answer)
        .allSatisfy(a -> assertThat(a).startsWith("RAG (retrieval-augmented generation)"));
    double workflows =
        report.workflows().stream()
            .filter(w -> !w.id().equals("rag_12345"))
            .mapToDouble(SpendReport.Workflow::totalCostUsd)
            .sum();
    assertThat(c.costUsd()).isCloseTo(workflows, within(1e-15));
  }

  @Test
  void averagePerUserAndSpendByModelAddUp() {
    Map<String, Double> avg = report.averageCostPerConversationByUser();
    double user123 =
        (conversation("user_123_session_456").costUsd()
                + conversation("user_123_session_457").costUsd())
            / 2;
    assertThat(avg.get("user_123")).isCloseTo(user123, within(1e-15));
    Map<String, Double> byModel = report.spendByModel();
    assertThat(byModel).containsOnlyKeys("gpt-4o", "claude-sonnet-4-5", "text-embedding-3-small");
    assertThat(byModel.values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(report.totalCostUsd(), within(1e-15));
    String out = printed.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("turn 3", "rag_12345", "per conversation", "claude-sonnet-4-5");
  }

  private SpendReport.Conversation conversation(String id) {
    return report.conversations().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }
}
