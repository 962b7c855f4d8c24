/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.testing.RecordedRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The attributes the suites read and the checks they share: which exported spans are Spring AI's
 * chat spans, and that a span's cost is the configured gpt-4o prices applied to its own token
 * counts.
 */
final class ChatSpans {

  static final AttributeKey<String> USER_ID = AttributeKey.stringKey("user.id");
  static final AttributeKey<Long> TURN = AttributeKey.longKey("gen_ai.conversation.turn");
  static final AttributeKey<Double> COST = AttributeKey.doubleKey("gen_ai.usage.cost_usd");
  static final AttributeKey<String> WORKFLOW_ID = AttributeKey.stringKey("workflow.id");
  static final AttributeKey<Double> WORKFLOW_COST =
      AttributeKey.doubleKey("workflow.total_cost_usd");
  static final AttributeKey<Long> WORKFLOW_LLM_CALLS = AttributeKey.longKey("workflow.llm_calls");

  static final AttributeKey<Boolean> UNPRICED = AttributeKey.booleanKey("gen_ai.l9.cost.unpriced");
  static final AttributeKey<String> UNPRICED_REASON =
      AttributeKey.stringKey("gen_ai.l9.cost.unpriced_reason");

  private ChatSpans() {}

  /**
   * The span carries no token counts (not even zeros Spring AI made up for a stream that reported
   * no usage) and no cost, and is marked unpriced for want of usage.
   */
  static void assertMarkedNoUsage(SpanData span) {
    Set<String> keys =
        span.getAttributes().asMap().keySet().stream()
            .map(AttributeKey::getKey)
            .collect(Collectors.toSet());
    assertThat(keys)
        .as("token counts on " + span.getName() + " " + span.getAttributes())
        .doesNotContain(
            "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gen_ai.usage.total_tokens");
    assertThat(span.getAttributes().get(COST)).as("never a made-up $0").isNull();
    assertThat(span.getAttributes().get(UNPRICED)).as(span.getAttributes().toString()).isTrue();
    assertThat(span.getAttributes().get(UNPRICED_REASON)).isEqualTo("no_usage");
  }

  /**
   * The HTTP client span that sent {@code request} is in {@code server}'s trace (the request's) and
   * carries the request's conversation, user and turn; when the application propagates trace
   * context (Boot 3.5's tests switch propagation off, Boot 4's do not), the request's {@code
   * traceparent} names that trace and that span.
   */
  static void assertClientSpanOfRequest(
      ExportedSpans spans, SpanData server, RecordedRequest request) {
    assertThat(request.header("x-last9-genai-parent"))
        .as("the starter's own header never leaves the process")
        .isNull();
    String traceparent = request.header("traceparent");
    SpanData client;
    if (traceparent != null) {
      String[] parts = traceparent.split("-");
      assertThat(parts[1])
          .as("the traceparent of the call names the request's trace: " + request.headers())
          .isEqualTo(server.getTraceId());
      client = spans.withSpanId(parts[2]);
      assertThat(client).as("the span the traceparent names was exported").isNotNull();
    } else {
      List<SpanData> clients =
          ofKind(
              spans.ofTrace(server.getTraceId(), t -> !httpClientSpans(t).isEmpty()),
              SpanKind.CLIENT);
      assertThat(httpClientSpans(clients))
          .as("an HTTP client span in the request's trace")
          .hasSize(1);
      client = httpClientSpans(clients).get(0);
    }
    assertThat(client.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(client.getTraceId()).isEqualTo(server.getTraceId());
    for (AttributeKey<?> key : List.of(ExportedSpans.CONVERSATION_ID, USER_ID, TURN)) {
      assertThat((Object) client.getAttributes().get(key))
          .as(key + " on " + client)
          .isEqualTo(server.getAttributes().get(key));
    }
  }

  /** The HTTP client spans among {@code spans} (not Spring AI's chat spans). */
  static List<SpanData> httpClientSpans(List<SpanData> spans) {
    return spans.stream()
        .filter(s -> s.getKind() == SpanKind.CLIENT && !s.getName().startsWith("chat "))
        .collect(Collectors.toList());
  }

  /**
   * The span's cost is the formula applied to its own token counts, at the configured gpt-4o
   * prices.
   */
  static void assertPriced(SpanData span) {
    Double cost = span.getAttributes().get(COST);
    assertThat(cost).as("cost on " + span.getName() + " " + span.getAttributes()).isNotNull();
    double input = number(span, "gen_ai.usage.input_tokens");
    double output = number(span, "gen_ai.usage.output_tokens");
    assertThat(output).isEqualTo(FakeOpenAiServer.COMPLETION_TOKENS);
    assertThat(cost)
        .isCloseTo((input * 2.50 + output * 10.00) / 1_000_000, within(1e-12))
        .isPositive();
  }

  /** A numeric attribute however the instrumentation wrote it (Micrometer writes strings). */
  static double number(SpanData span, String key) {
    Object v =
        span.getAttributes().asMap().entrySet().stream()
            .filter(e -> e.getKey().getKey().equals(key))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElseThrow(() -> new AssertionError(key + " missing on " + span.getName()));
    return v instanceof Number ? ((Number) v).doubleValue() : Double.parseDouble(v.toString());
  }

  /** The span of the {@code support} workflow the applications run, or {@code null}. */
  static SpanData workflowSpan(List<SpanData> spans) {
    return spans.stream()
        .filter(s -> s.getName().equals("invoke_workflow support"))
        .findFirst()
        .orElse(null);
  }

  /**
   * The workflow span of {@code exported}, which is the ancestor of each chat span among them; each
   * chat span is priced and the workflow's totals are their sum.
   */
  static SpanData assertWorkflowOfTwoPricedCalls(List<SpanData> exported) {
    SpanData workflow = workflowSpan(exported);
    assertThat(workflow).as("the workflow span among " + names(exported)).isNotNull();
    List<SpanData> chats = chatSpans(exported);
    assertThat(chats).hasSize(2);
    for (SpanData chat : chats) {
      assertPriced(chat);
      assertThat(chat.getAttributes().get(WORKFLOW_ID))
          .isEqualTo(workflow.getAttributes().get(WORKFLOW_ID));
      assertThat(isDescendant(chat, workflow, exported))
          .as("chat span under the workflow span")
          .isTrue();
    }
    double sum = chats.stream().mapToDouble(s -> s.getAttributes().get(COST)).sum();
    assertThat(workflow.getAttributes().get(WORKFLOW_COST)).isCloseTo(sum, within(1e-12));
    assertThat(workflow.getAttributes().get(WORKFLOW_LLM_CALLS)).isEqualTo(2L);
    assertThat(workflow.getAttributes().get(COST)).isNull();
    return workflow;
  }

  /** No span of {@code spans} carries a conversation id or a user id. */
  static void assertNoConversation(List<SpanData> spans) {
    assertThat(spans)
        .allSatisfy(
            s -> {
              assertThat(s.getAttributes().get(ExportedSpans.CONVERSATION_ID))
                  .as(s.getName())
                  .isNull();
              assertThat(s.getAttributes().get(USER_ID)).as(s.getName()).isNull();
            });
  }

  static List<SpanData> chatSpans(List<SpanData> spans) {
    return spans.stream()
        .filter(
            s ->
                s.getName().startsWith("chat ")
                    && s.getKind() != SpanKind.SERVER
                    && s.getKind() != SpanKind.CLIENT)
        .collect(Collectors.toList());
  }

  static List<SpanData> ofKind(List<SpanData> spans, SpanKind kind) {
    return spans.stream().filter(s -> s.getKind() == kind).collect(Collectors.toList());
  }

  static List<SpanData> ofTrace(List<SpanData> spans, String traceId) {
    return spans.stream().filter(s -> s.getTraceId().equals(traceId)).collect(Collectors.toList());
  }

  static boolean isDescendant(SpanData span, SpanData ancestor, List<SpanData> all) {
    Map<String, SpanData> byId =
        all.stream().collect(Collectors.toMap(SpanData::getSpanId, s -> s, (a, b) -> a));
    SpanData s = span;
    for (int i = 0; i < 64 && s != null; i++) {
      if (s.getParentSpanId().equals(ancestor.getSpanId())) {
        return true;
      }
      s = byId.get(s.getParentSpanId());
    }
    return false;
  }

  @SafeVarargs
  static List<SpanData> concat(List<SpanData>... lists) {
    List<SpanData> all = new ArrayList<>();
    for (List<SpanData> l : lists) {
      all.addAll(l);
    }
    return all;
  }

  static Set<String> names(List<SpanData> spans) {
    return spans.stream()
        .map(s -> s.getName() + "(" + s.getKind() + ")")
        .collect(Collectors.toSet());
  }
}
