/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.last9.genai.GenAiAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Answers the questions a team asks of LLM traces (the conversation in turn order, cost per
 * conversation, user and model) from exported spans alone, the way a query in a tracing backend
 * would: the full conversation in turn order with per-turn cost, the cost of each conversation and
 * workflow, the average cost per conversation of a user, and spend by model. Nothing here reads the
 * application's variables.
 */
public final class SpendReport {

  /** One turn of a conversation, as read from its spans. */
  public record Turn(
      long number, Set<String> traceIds, String question, String answer, double costUsd) {}

  /** One conversation. */
  public record Conversation(String id, String userId, List<Turn> turns, double costUsd) {}

  /** One workflow span with its totals, and the sum of the costs of the spans that name it. */
  public record Workflow(
      String id,
      String type,
      double totalCostUsd,
      long llmCalls,
      long toolCalls,
      long inputTokens,
      long outputTokens,
      double sumOfSpanCostsUsd) {}

  /** The date of the catalog's data that ends a catalog price source. */
  private static final Pattern CATALOG_DATA_DATE = Pattern.compile("@\\d{4}-\\d{2}-\\d{2}$");

  private final List<SpanData> spans;

  public SpendReport(List<SpanData> spans) {
    this.spans = List.copyOf(spans);
  }

  /** Every conversation, with its turns in order. */
  public List<Conversation> conversations() {
    Map<String, Map<Long, List<SpanData>>> byConversation = new LinkedHashMap<>();
    for (SpanData s : sortedByStart()) {
      String conversationId = s.getAttributes().get(GenAiAttributes.CONVERSATION_ID);
      Long turn = s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN);
      if (conversationId != null && turn != null) {
        byConversation
            .computeIfAbsent(conversationId, k -> new TreeMap<>())
            .computeIfAbsent(turn, k -> new ArrayList<>())
            .add(s);
      }
    }
    List<Conversation> result = new ArrayList<>();
    byConversation.forEach(
        (id, turns) -> {
          List<Turn> list = new ArrayList<>();
          String user = null;
          double total = 0;
          for (Map.Entry<Long, List<SpanData>> t : turns.entrySet()) {
            Set<String> traces = new LinkedHashSet<>();
            double cost = 0;
            // The exchange is read from the model call that gave the turn's answer (the last to
            // end): its last user message is the question, even when an observed step around it
            // took other input (a RAG step's documents). Other spans are only the fallback.
            String question = null;
            String answer = null;
            String callQuestion = null;
            String callAnswer = null;
            long callEnd = Long.MIN_VALUE;
            for (SpanData s : t.getValue()) {
              Attributes a = s.getAttributes();
              traces.add(s.getTraceId());
              cost += cost(s);
              user = user != null ? user : a.get(GenAiAttributes.USER_ID);
              String asked = lastUserText(a.get(GenAiAttributes.INPUT_MESSAGES));
              question = question != null ? question : asked;
              if ("llm".equals(a.get(GenAiAttributes.L9_SPAN_KIND))) {
                String completion = firstText(a.get(GenAiAttributes.OUTPUT_MESSAGES));
                answer = completion != null ? completion : answer;
                if (completion != null
                    && a.get(GenAiAttributes.REQUEST_MODEL) != null
                    && s.getEndEpochNanos() >= callEnd) {
                  callQuestion = asked;
                  callAnswer = completion;
                  callEnd = s.getEndEpochNanos();
                }
              }
            }
            if (callAnswer != null) {
              question = callQuestion != null ? callQuestion : question;
              answer = callAnswer;
            }
            list.add(new Turn(t.getKey(), traces, question, answer, cost));
            total += cost;
          }
          result.add(new Conversation(id, user, list, total));
        });
    return result;
  }

  /** Every workflow span, in start order. */
  public List<Workflow> workflows() {
    List<Workflow> result = new ArrayList<>();
    for (SpanData s : sortedByStart()) {
      Attributes a = s.getAttributes();
      if (!"workflow".equals(a.get(GenAiAttributes.L9_SPAN_KIND))) {
        continue;
      }
      String id = a.get(GenAiAttributes.WORKFLOW_ID);
      double sum =
          spans.stream()
              .filter(o -> id.equals(o.getAttributes().get(GenAiAttributes.WORKFLOW_ID)))
              .mapToDouble(SpendReport::cost)
              .sum();
      result.add(
          new Workflow(
              id,
              a.get(GenAiAttributes.WORKFLOW_TYPE),
              a.get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD),
              a.get(GenAiAttributes.WORKFLOW_LLM_CALLS),
              a.get(GenAiAttributes.WORKFLOW_TOOL_CALLS),
              a.get(GenAiAttributes.WORKFLOW_INPUT_TOKENS),
              a.get(GenAiAttributes.WORKFLOW_OUTPUT_TOKENS),
              sum));
    }
    return result;
  }

  /** Average cost per conversation, by user. */
  public Map<String, Double> averageCostPerConversationByUser() {
    Map<String, List<Double>> costs = new TreeMap<>();
    for (Conversation c : conversations()) {
      if (c.userId() != null) {
        costs.computeIfAbsent(c.userId(), k -> new ArrayList<>()).add(c.costUsd());
      }
    }
    Map<String, Double> result = new LinkedHashMap<>();
    costs.forEach(
        (user, list) -> result.put(user, list.stream().mapToDouble(d -> d).average().orElse(0)));
    return result;
  }

  /** Spend by priced model (the price entry a cost came from), largest first. */
  public Map<String, Double> spendByModel() {
    Map<String, Double> byModel = new TreeMap<>();
    for (SpanData s : spans) {
      String source = s.getAttributes().get(GenAiAttributes.COST_PRICE_SOURCE);
      if (source != null) {
        // genai-prices:openai/gpt-4o@2026-08-21: the entry, without the date of the catalog's data
        String entry = CATALOG_DATA_DATE.matcher(source).replaceFirst("");
        String model =
            entry.substring(Math.max(entry.lastIndexOf(':'), entry.lastIndexOf('/')) + 1);
        byModel.merge(model, cost(s), Double::sum);
      }
    }
    Map<String, Double> sorted = new LinkedHashMap<>();
    byModel.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  /** The sum of {@code gen_ai.usage.cost_usd} over all spans: every LLM call counted once. */
  public double totalCostUsd() {
    return spans.stream().mapToDouble(SpendReport::cost).sum();
  }

  /** Prints the four answers. */
  public void print(PrintStream out) {
    out.println();
    out.println("== 1. What was the full conversation? (each turn is its own trace) ==");
    for (Conversation c : conversations()) {
      out.printf(Locale.ROOT, "conversation %s (user %s)%n", c.id(), c.userId());
      for (Turn t : c.turns()) {
        out.printf(
            Locale.ROOT,
            "  turn %d  trace %s  cost $%.6f%n",
            t.number(),
            String.join(",", t.traceIds().stream().map(id -> id.substring(0, 8)).toList()),
            t.costUsd());
        if (t.question() != null) {
          out.printf(Locale.ROOT, "    user:      %s%n", abbreviate(t.question()));
        }
        if (t.answer() != null) {
          out.printf(Locale.ROOT, "    assistant: %s%n", abbreviate(t.answer()));
        }
      }
    }
    out.println();
    out.println("== 2. How much did each conversation and each workflow cost? ==");
    for (Conversation c : conversations()) {
      out.printf(
          Locale.ROOT,
          "  conversation %-22s %d turns   $%.6f%n",
          c.id(),
          c.turns().size(),
          c.costUsd());
    }
    for (Workflow w : workflows()) {
      out.printf(
          Locale.ROOT,
          "  workflow     %-22s type=%s  $%.6f  (%d LLM calls, %d tool calls, %d in / %d out tokens; "
              + "sum of its spans $%.6f)%n",
          w.id(),
          w.type(),
          w.totalCostUsd(),
          w.llmCalls(),
          w.toolCalls(),
          w.inputTokens(),
          w.outputTokens(),
          w.sumOfSpanCostsUsd());
    }
    out.println();
    out.println("== 3. What's the average cost per conversation for each user? ==");
    averageCostPerConversationByUser()
        .forEach(
            (user, avg) ->
                out.printf(
                    Locale.ROOT,
                    "  %-10s $%.6f per conversation (conversations: %d)%n",
                    user,
                    avg,
                    conversations().stream().filter(c -> user.equals(c.userId())).count()));
    out.println();
    out.println("== 4. How much did we spend on each model? ==");
    spendByModel().forEach((model, usd) -> out.printf(Locale.ROOT, "  %-24s $%.8f%n", model, usd));
    out.printf(
        Locale.ROOT,
        "  %-24s $%.8f  (sum of gen_ai.usage.cost_usd over %d spans)%n",
        "total",
        totalCostUsd(),
        spans.size());
  }

  private List<SpanData> sortedByStart() {
    List<SpanData> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingLong(SpanData::getStartEpochNanos));
    return sorted;
  }

  private static double cost(SpanData s) {
    Double c = s.getAttributes().get(GenAiAttributes.USAGE_COST_USD);
    return c == null ? 0 : c;
  }

  /** The text of the last user message of {@code gen_ai.input.messages}: the turn's question. */
  private static String lastUserText(String inputMessages) {
    JsonNode messages = parse(inputMessages);
    String text = null;
    for (JsonNode m : messages) {
      if ("user".equals(m.path("role").asText())) {
        text = text(m);
      }
    }
    return text;
  }

  /** The text of the first message of {@code gen_ai.output.messages}: the answer. */
  private static String firstText(String outputMessages) {
    JsonNode messages = parse(outputMessages);
    return messages.size() == 0 ? null : text(messages.get(0));
  }

  private static String text(JsonNode message) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode p : message.path("parts")) {
      if ("text".equals(p.path("type").asText())) {
        sb.append(p.path("content").asText());
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  private static JsonNode parse(String json) {
    if (json == null) {
      return JSON.createArrayNode();
    }
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException notJson) {
      return JSON.createArrayNode();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String abbreviate(String s) {
    return s.length() <= 100 ? s : s.substring(0, 97) + "...";
  }
}
