/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the {@link Scenario} must export, whoever made each span (the agent's HTTP and openai-java
 * instrumentations, the library's workflow and observed spans), under the agent or on a plain SDK.
 */
final class ScenarioAssertions {

  private static final Set<String> STAMPED =
      Set.of(
          "gen_ai.conversation.id",
          "gen_ai.conversation.turn",
          "user.id",
          "workflow.id",
          "workflow.type");

  private final List<ExportedSpan> spans;
  private final String dump;

  private ScenarioAssertions(List<ExportedSpan> spans) {
    this.spans = spans;
    this.dump =
        spans.stream().map(ExportedSpan::toString).collect(Collectors.joining("\n  ", "\n  ", ""));
  }

  /**
   * Checks the exported spans; {@code costMetric} is the exported {@code gen_ai.client.cost} sum
   * (null to skip). Each turn is one trace and the calls' spans are children of the observed calls
   * they ran in.
   */
  static void assertScenario(List<ExportedSpan> spans, Double costMetric) {
    ScenarioAssertions a = new ScenarioAssertions(spans);
    a.checkAttributes(costMetric);
    a.checkTraces();
  }

  /**
   * Like {@link #assertScenario}, for an application whose library spans go to an SDK of its own
   * while the agent exports its spans: the agent then starts its spans as roots (it cannot parent
   * them on another SDK's spans), so only the attributes, the pricing and the totals are checked.
   */
  static void assertScenarioAttributes(List<ExportedSpan> spans, Double costMetric) {
    new ScenarioAssertions(spans).checkAttributes(costMetric);
  }

  private void checkAttributes(Double costMetric) {
    // the n-th chat completion the fake answered, and its turn (0: outside every scope)
    long[] turnOfChat = {0, 1, 2, 2, 2, 3, 0};
    for (int n = 1; n < turnOfChat.length; n++) {
      assertTurn(chat(n), turnOfChat[n]);
    }
    // the observed chain before the workflow, and the one inside it
    assertTurn(one(s -> s.name().equals(Scenario.ANSWER) && !s.has("workflow.id")), 1);
    assertTurn(one(s -> s.name().equals(Scenario.ANSWER) && s.has("workflow.id")), 2);
    assertTurn(one(s -> s.name().equals(Scenario.CLASSIFY)), 2);
    assertTurn(one(s -> s.name().equals(Scenario.GENERATE)), 3);
    assertTurn(one(s -> s.name().equals("invoke_workflow rag")), 2);
    assertThat(select(ScenarioAssertions::isDocumentGet))
        .as("the HTTP GETs:" + dump)
        .extracting(s -> s.attribute("gen_ai.conversation.turn"))
        .containsExactlyInAnyOrder(1L, 2L, 2L, null);

    for (ExportedSpan s : spans) {
      if (!s.has("gen_ai.conversation.id")) {
        assertThat(s.attributes().keySet())
            .as("outside every scope, carries nothing: " + s)
            .doesNotContainAnyElementsOf(STAMPED);
        continue;
      }
      assertThat(s.attributes())
          .as("stamped: " + s)
          .containsEntry("gen_ai.conversation.id", Scenario.CONVERSATION)
          .containsEntry("user.id", Scenario.USER)
          .containsKey("gen_ai.conversation.turn");
      if (Long.valueOf(2).equals(s.attribute("gen_ai.conversation.turn"))) {
        assertThat(s.attributes())
            .as("inside the workflow: " + s)
            .containsEntry("workflow.id", Scenario.WORKFLOW)
            .containsEntry("workflow.type", "rag");
      } else {
        assertThat(s.attributes())
            .as("outside the workflow: " + s)
            .doesNotContainKeys("workflow.id", "workflow.type");
      }
    }

    // the workflow: its total is the sum of its spans' costs, each call counted once
    ExportedSpan workflow = one(s -> s.name().equals("invoke_workflow rag"));
    double workflowSpansCost =
        select(s -> Scenario.WORKFLOW.equals(s.attribute("workflow.id"))).stream()
            .mapToDouble(ExportedSpan::cost)
            .sum();
    assertThat(workflowSpansCost).as("the workflow's calls are priced:" + dump).isPositive();
    assertThat((Double) workflow.attribute("workflow.total_cost_usd"))
        .isCloseTo(workflowSpansCost, within(1e-12))
        .isCloseTo(chat(2).cost() + chat(3).cost() + chat(4).cost(), within(1e-12));
    assertThat(workflow.attributes())
        .containsEntry("workflow.llm_calls", 3L)
        .doesNotContainKey("gen_ai.usage.cost_usd");

    // each call priced once, by the client's span: at the catalog's gpt-4o prices ($2.50 / $10 per
    // million), or
    // at the per-call prices of the observed call it ran in
    List<ExportedSpan> priced = select(s -> s.has("gen_ai.usage.cost_usd"));
    assertThat(priced)
        .as("only the chat spans carry a cost:" + dump)
        .containsExactlyInAnyOrder(chat(1), chat(2), chat(3), chat(4), chat(5), chat(6));
    for (ExportedSpan c : priced) {
      boolean perCall = c == chat(3);
      assertThat(c.cost())
          .as("cost of " + c)
          .isCloseTo(cost(c, perCall ? 1.00 : 2.50, perCall ? 2.00 : 10.0), within(1e-12));
      assertThat(c.attribute("gen_ai.l9.cost.price_source"))
          .as("price source of " + c)
          .isEqualTo(perCall ? "call:gpt-4o" : "genai-prices:openai/gpt-4o@2026-08-21");
    }
    assertThat(one(s -> s.name().equals(Scenario.GENERATE)).attributes())
        .as("the observed call leaves its tokens to the chat span inside it")
        .containsEntry("gen_ai.l9.cost.priced_by_child", true)
        .doesNotContainKey("gen_ai.usage.cost_usd");
    if (costMetric != null) {
      assertThat(costMetric)
          .as("gen_ai.client.cost, exported by the host's meter provider")
          .isCloseTo(priced.stream().mapToDouble(ExportedSpan::cost).sum(), within(1e-12));
    }
    checkCachedInput(priced);
  }

  /**
   * Every chat call read half its input from the prompt cache. A span that carries the cached count
   * is priced with the cache discount; a span that does not (the agent's openai-java
   * instrumentation before it reported cache reads) bills all its input at the input price, and
   * must say that its cost is an upper bound, and why.
   */
  private void checkCachedInput(List<ExportedSpan> priced) {
    for (ExportedSpan c : priced) {
      if (c.has("gen_ai.usage.cache_read.input_tokens")) {
        assertThat(c.attribute("gen_ai.usage.cache_read.input_tokens"))
            .as("cached tokens of " + c)
            .isEqualTo((Long) c.attribute("gen_ai.usage.input_tokens") / 2);
        assertThat(c.attributes())
            .as("an exact cost: " + c)
            .doesNotContainKeys("gen_ai.l9.cost.upper_bound", "gen_ai.l9.cost.upper_bound_reason");
      } else {
        assertThat(c.attributes())
            .as("the cost of " + c + " bills its cached input in full")
            .containsEntry("gen_ai.l9.cost.upper_bound", true)
            .containsEntry("gen_ai.l9.cost.upper_bound_reason", "cache_read_tokens_not_reported");
      }
    }
  }

  private void checkTraces() {
    String turn1 = chat(1).traceId();
    String turn2 = chat(2).traceId();
    String turn3 = chat(5).traceId();
    List<String> turnTraces = List.of(turn1, turn2, turn3);
    assertThat(List.of(turn1, turn2, turn3, chat(6).traceId()))
        .as("one trace per turn, and one after:" + dump)
        .doesNotHaveDuplicates();
    for (ExportedSpan s : spans) {
      Object turn = s.attribute("gen_ai.conversation.turn");
      if (turn != null) {
        assertThat(s.traceId())
            .as("in its turn's trace: " + s)
            .isEqualTo(turnTraces.get(((Long) turn).intValue() - 1));
      }
    }
    ExportedSpan generate = one(s -> s.name().equals(Scenario.GENERATE));
    assertThat(chat(5).parentSpanId())
        .as("the chat call inside the observed call")
        .isEqualTo(generate.spanId());
    assertThat(chat(3).parentSpanId())
        .isEqualTo(one(s -> s.name().equals(Scenario.CLASSIFY)).spanId());
    ExportedSpan outsideGet = one(s -> isDocumentGet(s) && !s.has("gen_ai.conversation.id"));
    for (ExportedSpan s : List.of(chat(6), outsideGet)) {
      assertThat(s.parentSpanId()).as("after the scopes close, a new trace: " + s).isEmpty();
      assertThat(s.traceId()).isNotIn(turnTraces);
    }
  }

  private void assertTurn(ExportedSpan s, long turn) {
    if (turn == 0) {
      assertThat(s.attributes().keySet())
          .as("outside every scope: " + s)
          .doesNotContainAnyElementsOf(STAMPED);
    } else {
      assertThat(s.attributes())
          .as("turn " + turn + ": " + s)
          .containsEntry("gen_ai.conversation.turn", turn);
    }
  }

  /**
   * USD of a span's tokens at these prices per million; cached input, when the span reports it, at
   * half the input price (gpt-4o's catalog ratio, which per-call prices without a cache price take
   * too).
   */
  private static double cost(ExportedSpan s, double input, double output) {
    Object cachedAttribute = s.attribute("gen_ai.usage.cache_read.input_tokens");
    long cached = cachedAttribute == null ? 0 : (Long) cachedAttribute;
    return (((Long) s.attribute("gen_ai.usage.input_tokens") - cached) * input
            + cached * input / 2
            + (Long) s.attribute("gen_ai.usage.output_tokens") * output)
        / 1e6;
  }

  private static boolean isDocumentGet(ExportedSpan s) {
    Object url = s.attribute("url.full");
    return "GET".equals(s.attribute("http.request.method"))
        && url != null
        && url.toString().endsWith("/docs");
  }

  /** The chat span of the n-th chat completion the fake answered. */
  private ExportedSpan chat(int n) {
    return one(
        s ->
            s.name().startsWith("chat ")
                && ("chatcmpl-fake-" + n).equals(s.attribute("gen_ai.response.id")));
  }

  private List<ExportedSpan> select(Predicate<ExportedSpan> p) {
    return spans.stream().filter(p).collect(Collectors.toList());
  }

  private ExportedSpan one(Predicate<ExportedSpan> p) {
    List<ExportedSpan> found = select(p);
    assertThat(found).as("exactly one such span among:" + dump).hasSize(1);
    return found.get(0);
  }
}
