package io.last9.genai.javaagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the {@link Scenario} must export, whoever made each span (the agent's HTTP and openai-java
 * instrumentations, the library's workflow and observed spans), under the agent or on a plain SDK.
 */
final class ScenarioAssertions {

  private static final Set<String> STAMPED = Set.of("gen_ai.conversation.id", "gen_ai.conversation.turn",
      "user.id", "workflow.id", "workflow.type");

  private final List<ExportedSpan> spans;
  private final String dump;

  private ScenarioAssertions(List<ExportedSpan> spans) {
    this.spans = spans;
    this.dump = spans.stream().map(ExportedSpan::toString).collect(Collectors.joining("\n  ", "\n  ", ""));
  }

  /**
   * Checks the exported spans; {@code costMetric} is the exported {@code gen_ai.client.cost} sum (null to skip).
   */
  static void assertScenario(List<ExportedSpan> spans, Double costMetric) {
    new ScenarioAssertions(spans).check(costMetric);
  }

  private void check(Double costMetric) {
    ExportedSpan chat1 = chat(1);
    ExportedSpan rerank = chat(2);
    ExportedSpan classify = chat(3);
    ExportedSpan summarise = chat(4);
    ExportedSpan chat5 = chat(5);
    ExportedSpan outsideChat = chat(6);
    String turn1 = chat1.traceId();
    String turn2 = rerank.traceId();
    String turn3 = chat5.traceId();
    assertThat(List.of(turn1, turn2, turn3, outsideChat.traceId())).as("one trace per turn, and one after:" + dump)
        .doesNotHaveDuplicates();
    assertThat(List.of(classify.traceId(), summarise.traceId())).as("the workflow's chat calls in its trace:" + dump)
        .containsOnly(turn2);

    Map<String, Long> turnOfTrace = Map.of(turn1, 1L, turn2, 2L, turn3, 3L);
    List<ExportedSpan> inConversation = select(s -> turnOfTrace.containsKey(s.traceId()));
    // 4 observed calls, the workflow, 5 chat calls and 3 GETs at least (the agent adds the chat calls' POSTs)
    assertThat(inConversation).as("spans of the conversation:" + dump).hasSizeGreaterThanOrEqualTo(13);
    for (ExportedSpan s : inConversation) {
      assertThat(s.attributes()).as("stamped: " + s)
          .containsEntry("gen_ai.conversation.id", Scenario.CONVERSATION)
          .containsEntry("user.id", Scenario.USER)
          .containsEntry("gen_ai.conversation.turn", turnOfTrace.get(s.traceId()));
      boolean inWorkflow = s.traceId().equals(turn2);
      if (inWorkflow) {
        assertThat(s.attributes()).as("inside the workflow: " + s)
            .containsEntry("workflow.id", Scenario.WORKFLOW)
            .containsEntry("workflow.type", "rag");
      } else {
        assertThat(s.attributes()).as("outside the workflow: " + s)
            .doesNotContainKeys("workflow.id", "workflow.type");
      }
    }

    // every kind of span is there in each turn, the HTTP GETs included
    assertThat(one(s -> s.name().equals(Scenario.ANSWER) && s.traceId().equals(turn1)).parentSpanId()).isEmpty();
    assertThat(one(s -> s.name().equals(Scenario.ANSWER) && s.traceId().equals(turn2)).attributes())
        .containsEntry("gen_ai.l9.span.kind", "chain");
    ExportedSpan generate = one(s -> s.name().equals(Scenario.GENERATE));
    assertThat(generate.traceId()).isEqualTo(turn3);
    assertThat(chat5.parentSpanId()).as("the chat call inside the observed call").isEqualTo(generate.spanId());
    ExportedSpan classifyCall = one(s -> s.name().equals(Scenario.CLASSIFY));
    assertThat(classify.parentSpanId()).isEqualTo(classifyCall.spanId());
    assertThat(select(s -> isDocumentGet(s) && s.traceId().equals(turn1))).hasSize(1);
    assertThat(select(s -> isDocumentGet(s) && s.traceId().equals(turn2))).hasSize(2);

    // the workflow: its total is the sum of its spans' costs, counted once
    ExportedSpan workflow = one(s -> s.name().equals("invoke_workflow rag"));
    assertThat(workflow.traceId()).isEqualTo(turn2);
    double workflowSpansCost = select(s -> s.traceId().equals(turn2)).stream().mapToDouble(ExportedSpan::cost)
        .sum();
    assertThat(workflowSpansCost).as("the workflow's calls are priced:" + dump).isPositive();
    assertThat((Double) workflow.attribute("workflow.total_cost_usd")).isCloseTo(workflowSpansCost, within(1e-12));
    assertThat(workflow.attributes()).containsEntry("workflow.llm_calls", 3L).doesNotContainKey(
        "gen_ai.usage.cost_usd");
    assertThat((Double) workflow.attribute("workflow.total_cost_usd"))
        .isCloseTo(rerank.cost() + classify.cost() + summarise.cost(), within(1e-12));

    // each call priced once, by the client's span: at the catalog's gpt-4o prices ($2.50 / $10 per million), or
    // at the per-call prices of the observed call it ran in
    List<ExportedSpan> priced = select(s -> s.has("gen_ai.usage.cost_usd"));
    assertThat(priced).as("only the chat spans carry a cost:" + dump)
        .containsExactlyInAnyOrder(chat1, rerank, classify, summarise, chat5, outsideChat);
    for (ExportedSpan c : priced) {
      boolean perCall = c == classify;
      assertThat(c.cost()).as("cost of " + c).isCloseTo(cost(c, perCall ? 1.00 : 2.50, perCall ? 2.00 : 10.0),
          within(1e-12));
      assertThat(c.attribute("gen_ai.l9.cost.price_source")).as("price source of " + c)
          .isEqualTo(perCall ? "call:gpt-4o" : "genai-prices:openai/gpt-4o");
    }
    assertThat(generate.attributes()).as("the observed call leaves its tokens to the chat span: " + generate)
        .containsEntry("gen_ai.l9.cost.priced_by_child", true)
        .doesNotContainKey("gen_ai.usage.cost_usd");
    double total = priced.stream().mapToDouble(ExportedSpan::cost).sum();
    if (costMetric != null) {
      assertThat(costMetric).as("gen_ai.client.cost, exported by the host's meter provider").isCloseTo(total,
          within(1e-12));
    }

    // after the scopes close: new traces, nothing stamped
    ExportedSpan outsideGet = one(s -> isDocumentGet(s) && !turnOfTrace.containsKey(s.traceId()));
    for (ExportedSpan s : List.of(outsideChat, outsideGet)) {
      assertThat(s.parentSpanId()).as("a new trace: " + s).isEmpty();
      assertThat(s.traceId()).isNotIn(turn1, turn2, turn3);
    }
    for (ExportedSpan s : select(s -> !turnOfTrace.containsKey(s.traceId()))) {
      assertThat(s.attributes().keySet()).as("carries nothing: " + s).doesNotContainAnyElementsOf(STAMPED);
    }
  }

  /** USD of a span's tokens at these prices per million. */
  private static double cost(ExportedSpan s, double input, double output) {
    return ((Long) s.attribute("gen_ai.usage.input_tokens") * input
        + (Long) s.attribute("gen_ai.usage.output_tokens") * output) / 1e6;
  }

  private static boolean isDocumentGet(ExportedSpan s) {
    Object url = s.attribute("url.full");
    return "GET".equals(s.attribute("http.request.method")) && url != null && url.toString().endsWith("/docs");
  }

  /** The chat span of the n-th chat completion the fake answered. */
  private ExportedSpan chat(int n) {
    return one(s -> s.name().startsWith("chat ") && ("chatcmpl-fake-" + n).equals(s.attribute("gen_ai.response.id")));
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
