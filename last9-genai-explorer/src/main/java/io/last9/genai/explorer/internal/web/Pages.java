/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.web;

import io.last9.genai.explorer.internal.store.Conversation;
import io.last9.genai.explorer.internal.store.ConversationSummary;
import io.last9.genai.explorer.internal.store.SpanNode;
import io.last9.genai.explorer.internal.store.SpanRecord;
import io.last9.genai.explorer.internal.store.SpendPoint;
import io.last9.genai.explorer.internal.store.TraceSummary;
import io.last9.genai.explorer.internal.store.Turn;
import io.last9.genai.explorer.internal.store.UserSpend;
import io.last9.genai.explorer.internal.store.WorkflowRun;
import io.last9.genai.explorer.internal.store.WorkflowType;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server-rendered pages: plain HTML and one stylesheet, no script. Internal, not for public
 * use.
 */
final class Pages {

  /** Colours of the spend chart's series, in order; the rest share the last. */
  private static final String[] PALETTE = {
    "#4f46e5", "#0891b2", "#d97706", "#059669", "#db2777", "#7c3aed", "#65a30d", "#64748b"
  };

  private Pages() {}

  static String layout(String title, String nav, long spanCount, String body) {
    Html h = new Html();
    h.raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .raw("<title>")
        .text(title)
        .raw(" · last9 GenAI explorer</title>")
        .raw("<link rel=\"stylesheet\" href=\"/assets/explorer.css\"></head><body>")
        .raw("<header class=\"top\"><a class=\"brand\" href=\"/conversations\">")
        .raw("<span class=\"logo\">l9</span> GenAI explorer</a><nav>");
    for (String[] item :
        new String[][] {
          {"conversations", "Conversations"},
          {"workflows", "Workflows"},
          {"users", "Users"},
          {"spend", "Spend"},
          {"traces", "Traces"}
        }) {
      h.raw("<a href=\"/")
          .raw(item[0])
          .raw("\"")
          .raw(item[0].equals(nav) ? " class=\"active\"" : "")
          .raw(">")
          .raw(item[1])
          .raw("</a>");
    }
    h.raw("</nav><span class=\"meta\">")
        .text(Html.count(spanCount))
        .raw(" spans stored · times in UTC</span></header><main>")
        .raw(body)
        .raw("</main></body></html>");
    return h.toString();
  }

  static String conversations(List<ConversationSummary> list, String search, String sort) {
    Html h = new Html();
    h.raw("<div class=\"title-row\"><h1>Conversations</h1>")
        .raw("<form class=\"filters\" method=\"get\" action=\"/conversations\">")
        .raw("<input type=\"search\" name=\"q\" placeholder=\"Conversation or user id\" value=\"")
        .text(search == null ? "" : search)
        .raw("\"><select name=\"sort\"><option value=\"recent\"")
        .raw("cost".equals(sort) ? "" : " selected")
        .raw(">Most recent</option><option value=\"cost\"")
        .raw("cost".equals(sort) ? " selected" : "")
        .raw(">Most costly</option></select><button type=\"submit\">Apply</button></form></div>");
    if (list.isEmpty()) {
      h.raw("<p class=\"empty\">No conversation")
          .raw(search == null ? " yet. Send spans to this explorer's /v1/traces." : " matches.")
          .raw("</p>");
      return h.toString();
    }
    h.raw("<table class=\"grid\" id=\"conversations\"><thead><tr><th>Conversation</th>")
        .raw("<th>User</th><th class=\"num\">Turns</th><th>First</th><th>Last</th>")
        .raw("<th>Models</th><th class=\"num\">Errors</th><th class=\"num\">Cost</th></tr></thead>")
        .raw("<tbody>");
    for (ConversationSummary c : list) {
      h.raw("<tr><td><a href=\"/conversations/")
          .raw(Html.param(c.id()))
          .raw("\">")
          .text(c.id())
          .raw("</a></td><td>");
      user(h, c.userId());
      h.raw("</td><td class=\"num\">")
          .text(Html.count(c.turns()))
          .raw("</td><td class=\"time\">")
          .text(Html.time(c.firstNanos()))
          .raw("</td><td class=\"time\">")
          .text(Html.time(c.lastNanos()))
          .raw("</td><td>");
      models(h, c.models());
      h.raw("</td><td class=\"num")
          .raw(c.errors() > 0 ? " bad" : " muted")
          .raw("\">")
          .text(Html.count(c.errors()))
          .raw("</td><td class=\"num cost\">");
      cost(h, c.costUsd(), c.pricedByExplorer(), c.unpricedCalls());
      h.raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    return h.toString();
  }

  static String conversation(Conversation c) {
    ConversationSummary s = c.summary();
    Html h = new Html();
    h.raw("<p class=\"crumbs\"><a href=\"/conversations\">Conversations</a> /</p>")
        .raw("<h1 class=\"mono\">")
        .text(s.id())
        .raw("</h1><div class=\"cards\">");
    card(h, "User", s.userId() == null ? "—" : s.userId(), "user");
    card(h, "Turns", Html.count(s.turns()), "turns");
    card(h, "Total cost", Html.usd(s.costUsd()), "total-cost");
    card(h, "Average per turn", Html.usd(s.turns() == 0 ? 0 : s.costUsd() / s.turns()), "avg-cost");
    card(h, "Models", s.models().isEmpty() ? "—" : String.join(", ", s.models()), "models");
    card(h, "Errors", Html.count(s.errors()), "errors");
    h.raw("</div>");
    if (s.pricedByExplorer()) {
      h.raw(
          "<p class=\"note\"><span class=\"badge explorer\">priced here</span> Some calls arrived"
              + " with a model and token counts but no cost; the explorer priced them with the"
              + " bundled genai-prices catalog.</p>");
    }
    h.raw("<p class=\"span-window\">From ")
        .text(Html.time(s.firstNanos()))
        .raw(" to ")
        .text(Html.time(s.lastNanos()))
        .raw(" · ")
        .text(Html.count(s.spans()))
        .raw(" spans</p>");
    for (Turn t : c.turns()) {
      turn(h, t);
    }
    return h.toString();
  }

  private static void turn(Html h, Turn t) {
    h.raw("<section class=\"turn\" id=\"turn-")
        .text(t.number())
        .raw("\" data-turn=\"")
        .text(t.number())
        .raw("\"><div class=\"turn-head\"><span class=\"turn-no\">")
        .text(t.number() == 0 ? "No turn number" : "Turn " + t.number())
        .raw("</span><span class=\"time\">")
        .text(Html.time(t.startNanos()))
        .raw("</span><span class=\"spacer\"></span>");
    models(h, t.models());
    h.raw("<span class=\"stat\" title=\"input / output tokens\">")
        .text(Html.count(t.inputTokens()))
        .raw(" in · ")
        .text(Html.count(t.outputTokens()))
        .raw(" out</span><span class=\"stat\" title=\"latency\">")
        .text(Html.millis(t.latencyMillis()))
        .raw("</span><span class=\"stat cost turn-cost\">");
    cost(h, t.costUsd(), t.pricedByExplorer(), t.unpricedCalls());
    h.raw("</span></div>");
    message(h, "user", "User", t.question());
    message(h, "assistant", "Assistant", t.answer());
    int spans = count(t.spans());
    h.raw("<details class=\"spans\"")
        .raw(spans <= 12 ? " open" : "")
        .raw("><summary>Span tree · ")
        .text(Html.count(spans))
        .raw(spans == 1 ? " span in " : " spans in ")
        .text(t.traceIds().size() == 1 ? "trace " : t.traceIds().size() + " traces ");
    for (String trace : t.traceIds()) {
      h.raw("<a class=\"mono\" href=\"/traces/")
          .raw(Html.param(trace))
          .raw("\">")
          .text(trace.substring(0, Math.min(8, trace.length())))
          .raw("</a> ");
    }
    h.raw("</summary>");
    tree(h, t.spans());
    h.raw("</details></section>");
  }

  private static void message(Html h, String role, String label, String text) {
    h.raw("<div class=\"msg ").raw(role).raw("\"><div class=\"role\">").raw(label).raw("</div>");
    if (text == null) {
      h.raw("<div class=\"body muted\">not captured (turn on content capture to see it)</div>");
    } else {
      h.raw("<div class=\"body\">").text(text).raw("</div>");
    }
    h.raw("</div>");
  }

  private static int count(List<SpanNode> nodes) {
    int n = 0;
    for (SpanNode node : nodes) {
      n += 1 + count(node.children());
    }
    return n;
  }

  /** A span tree as a table, with a waterfall bar per span. */
  static void tree(Html h, List<SpanNode> roots) {
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    List<Object[]> rows = new ArrayList<>();
    flatten(roots, 0, rows);
    for (Object[] row : rows) {
      SpanRecord s = (SpanRecord) row[0];
      start = Math.min(start, s.startNanos());
      end = Math.max(end, s.endNanos());
    }
    double window = Math.max(1, end - start);
    h.raw("<table class=\"grid tree\"><thead><tr><th>Span</th><th>Kind</th><th>Model</th>")
        .raw("<th class=\"num\">Tokens</th><th class=\"num\">Duration</th>")
        .raw(
            "<th class=\"waterfall\">Timeline</th><th class=\"num\">Cost</th></tr></thead><tbody>");
    for (Object[] row : rows) {
      SpanRecord s = (SpanRecord) row[0];
      int depth = Math.min((Integer) row[1], 12);
      h.raw("<tr").raw(s.error() ? " class=\"error\"" : "").raw("><td class=\"d").text(depth);
      h.raw("\"><span class=\"name\">").text(s.name()).raw("</span>");
      if (s.error()) {
        h.raw(" <span class=\"badge bad\" title=\"")
            .text(s.statusMessage() == null ? "" : s.statusMessage())
            .raw("\">error</span>");
      }
      h.raw("</td><td>");
      if (s.l9Kind() != null) {
        h.raw("<span class=\"badge kind\">").text(s.l9Kind()).raw("</span>");
      } else {
        h.raw("<span class=\"muted\">").text(s.kind().toLowerCase(Locale.ROOT)).raw("</span>");
      }
      h.raw("</td><td>").text(s.model() == null ? "" : s.model()).raw("</td><td class=\"num\">");
      if (s.inputTokens() != null || s.outputTokens() != null) {
        h.text(Html.count(s.inputTokens() == null ? 0 : s.inputTokens()))
            .raw(" / ")
            .text(Html.count(s.outputTokens() == null ? 0 : s.outputTokens()));
      }
      h.raw("</td><td class=\"num\">")
          .text(Html.millis((s.endNanos() - s.startNanos()) / 1e6))
          .raw("</td><td class=\"waterfall\">");
      double x = (s.startNanos() - start) / window * 100;
      double w = Math.max(0.5, (s.endNanos() - s.startNanos()) / window * 100);
      h.raw("<svg viewBox=\"0 0 100 8\" preserveAspectRatio=\"none\"><rect x=\"")
          .text(String.format(Locale.ROOT, "%.2f", x))
          .raw("\" width=\"")
          .text(String.format(Locale.ROOT, "%.2f", Math.min(w, 100 - x)))
          .raw("\" height=\"8\" rx=\"1\" class=\"")
          .raw(s.costUsd() != null ? "priced" : s.error() ? "bad" : "plain")
          .raw("\"/></svg></td><td class=\"num cost\">");
      if (s.costUsd() != null) {
        cost(h, s.costUsd(), s.pricedByExplorer(), 0);
        if (s.endedAfterWorkflowClose()) {
          h.raw(
              " <span class=\"badge\" title=\"ended after its workflow closed: not in the"
                  + " workflow span's total (the workflow's run adds it)\">late</span>");
        }
      } else if (s.unpricedReason() != null) {
        h.raw("<span class=\"badge warn\" title=\"")
            .text(s.unpricedReason())
            .raw("\">unpriced</span>");
      }
      h.raw("</td></tr>");
    }
    h.raw("</tbody></table>");
  }

  private static void flatten(List<SpanNode> nodes, int depth, List<Object[]> out) {
    for (SpanNode n : nodes) {
      out.add(new Object[] {n.span(), depth});
      flatten(n.children(), depth + 1, out);
    }
  }

  static String trace(String traceId, List<SpanNode> roots) {
    Html h = new Html();
    h.raw("<p class=\"crumbs\"><a href=\"/traces\">Traces</a> /</p><h1 class=\"mono\">")
        .text(traceId)
        .raw("</h1>");
    String conversation = null;
    List<Object[]> rows = new ArrayList<>();
    flatten(roots, 0, rows);
    for (Object[] row : rows) {
      SpanRecord s = (SpanRecord) row[0];
      conversation = conversation != null ? conversation : s.conversationId();
    }
    if (conversation != null) {
      h.raw("<p>Part of conversation <a href=\"/conversations/")
          .raw(Html.param(conversation))
          .raw("\">")
          .text(conversation)
          .raw("</a>.</p>");
    }
    if (roots.isEmpty()) {
      h.raw("<p class=\"empty\">No span of this trace is stored.</p>");
    } else {
      tree(h, roots);
    }
    return h.toString();
  }

  static String traces(List<TraceSummary> list, boolean withoutConversation) {
    Html h = new Html();
    h.raw("<div class=\"title-row\"><h1>Traces</h1><p class=\"filters\">")
        .raw(
            withoutConversation
                ? "<a href=\"/traces\">All traces</a> · <b>Without a conversation</b>"
                : "<b>All traces</b> · <a href=\"/traces?without=conversation\">Without a"
                    + " conversation</a>")
        .raw("</p></div>");
    if (list.isEmpty()) {
      h.raw("<p class=\"empty\">No trace.</p>");
      return h.toString();
    }
    h.raw("<table class=\"grid\" id=\"traces\"><thead><tr><th>Trace</th><th>Root span</th>")
        .raw("<th>Service</th><th>Conversation</th><th>Start</th><th class=\"num\">Spans</th>")
        .raw("<th class=\"num\">Duration</th><th class=\"num\">Errors</th>")
        .raw("<th class=\"num\">Cost</th></tr></thead><tbody>");
    for (TraceSummary t : list) {
      h.raw("<tr><td><a class=\"mono\" href=\"/traces/")
          .raw(Html.param(t.traceId()))
          .raw("\">")
          .text(t.traceId().substring(0, Math.min(16, t.traceId().length())))
          .raw("</a></td><td>")
          .text(t.rootName())
          .raw("</td><td>")
          .text(t.service() == null ? "" : t.service())
          .raw("</td><td>");
      if (t.conversationId() != null) {
        h.raw("<a href=\"/conversations/")
            .raw(Html.param(t.conversationId()))
            .raw("\">")
            .text(t.conversationId())
            .raw("</a>");
      } else {
        h.raw("<span class=\"muted\">—</span>");
      }
      h.raw("</td><td class=\"time\">")
          .text(Html.time(t.startNanos()))
          .raw("</td><td class=\"num\">")
          .text(Html.count(t.spans()))
          .raw("</td><td class=\"num\">")
          .text(Html.millis(t.durationMillis()))
          .raw("</td><td class=\"num")
          .raw(t.errors() > 0 ? " bad" : " muted")
          .raw("\">")
          .text(Html.count(t.errors()))
          .raw("</td><td class=\"num cost\">")
          .text(Html.usd(t.costUsd()))
          .raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    return h.toString();
  }

  static String workflows(
      List<WorkflowType> types, List<WorkflowRun> runs, String type, double minCost) {
    Html h = new Html();
    h.raw("<div class=\"title-row\"><h1>Workflows</h1>")
        .raw("<form class=\"filters\" method=\"get\" action=\"/workflows\"><select name=\"type\">")
        .raw("<option value=\"\">Every type</option>");
    for (WorkflowType t : types) {
      h.raw("<option value=\"")
          .text(t.type())
          .raw("\"")
          .raw(t.type().equals(type) ? " selected" : "")
          .raw(">")
          .text(t.type())
          .raw("</option>");
    }
    h.raw("</select><label>Cost above $<input type=\"number\" name=\"min\" step=\"any\" min=\"0\"")
        .raw(" value=\"")
        .text(minCost > 0 ? stripZeros(minCost) : "")
        .raw("\" placeholder=\"0\"></label><button type=\"submit\">Apply</button></form></div>");
    h.raw("<h2>By type</h2>");
    if (types.isEmpty()) {
      h.raw("<p class=\"empty\">No workflow yet.</p>");
    } else {
      h.raw("<table class=\"grid\" id=\"workflow-types\"><thead><tr><th>Type</th>")
          .raw("<th class=\"num\">Runs</th><th class=\"num\">Total</th><th class=\"num\">Average")
          .raw("</th><th class=\"num\">Median</th><th class=\"num\">p90</th>")
          .raw("<th class=\"num\">Most costly run</th><th>Step that costs most</th></tr></thead>")
          .raw("<tbody>");
      for (WorkflowType t : types) {
        h.raw("<tr><td><a href=\"/workflows?type=")
            .raw(Html.param(t.type()))
            .raw("\">")
            .text(t.type())
            .raw("</a></td><td class=\"num\">")
            .text(Html.count(t.runs()))
            .raw("</td><td class=\"num cost\">")
            .text(Html.usd(t.totalUsd()))
            .raw("</td><td class=\"num\">")
            .text(Html.usd(t.averageUsd()))
            .raw("</td><td class=\"num\">")
            .text(Html.usd(t.p50Usd()))
            .raw("</td><td class=\"num\">")
            .text(Html.usd(t.p90Usd()))
            .raw("</td><td class=\"num\">")
            .text(Html.usd(t.maxUsd()))
            .raw("</td><td>");
        step(h, t.costliestStep(), t.costliestStepUsd(), t.totalUsd());
        h.raw("</td></tr>");
      }
      h.raw("</tbody></table>");
    }
    h.raw("<h2>Runs")
        .raw(type == null ? "" : " of type " + Html.escape(type))
        .raw(minCost > 0 ? " costing at least " + Html.escape(Html.usd(minCost)) : "")
        .raw("</h2>");
    if (runs.isEmpty()) {
      h.raw("<p class=\"empty\">No run matches.</p>");
      return h.toString();
    }
    h.raw("<table class=\"grid\" id=\"workflow-runs\"><thead><tr><th>Workflow</th><th>Type</th>")
        .raw("<th>Conversation</th><th>Start</th><th class=\"num\">Model calls</th>")
        .raw("<th class=\"num\">Duration</th><th>Step that costs most</th>")
        .raw("<th class=\"num\">Cost</th></tr></thead><tbody>");
    for (WorkflowRun r : runs) {
      h.raw("<tr><td><a href=\"/traces/")
          .raw(Html.param(r.traceId()))
          .raw("\">")
          .text(r.workflowId() == null ? "(no id)" : r.workflowId())
          .raw("</a></td><td>")
          .text(r.type() == null ? "" : r.type())
          .raw("</td><td>");
      if (r.conversationId() != null) {
        h.raw("<a href=\"/conversations/")
            .raw(Html.param(r.conversationId()))
            .raw("\">")
            .text(r.conversationId())
            .raw("</a>");
      }
      h.raw("</td><td class=\"time\">")
          .text(Html.time(r.startNanos()))
          .raw("</td><td class=\"num\">")
          .text(Html.count(r.modelCalls()))
          .raw("</td><td class=\"num\">")
          .text(Html.millis(r.durationMillis()))
          .raw("</td><td>");
      step(h, r.costliestStep(), r.costliestStepUsd(), r.costUsd());
      h.raw("</td><td class=\"num cost\">").text(Html.usd(r.costUsd())).raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    return h.toString();
  }

  private static void step(Html h, String step, double usd, double total) {
    if (step == null) {
      h.raw("<span class=\"muted\">—</span>");
      return;
    }
    h.text(step).raw(" <span class=\"muted\">").text(Html.usd(usd));
    if (total > 0) {
      h.text(String.format(Locale.ROOT, " · %.0f%%", usd / total * 100));
    }
    h.raw("</span>");
  }

  private static String stripZeros(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  static String users(List<UserSpend> users) {
    Html h = new Html();
    h.raw("<h1>Users</h1>");
    if (users.isEmpty()) {
      h.raw("<p class=\"empty\">No conversation names a user yet.</p>");
      return h.toString();
    }
    h.raw("<table class=\"grid\" id=\"users\"><thead><tr><th>User</th>")
        .raw("<th class=\"num\">Conversations</th><th class=\"num\">Turns</th><th>Last seen</th>")
        .raw("<th class=\"num\">Average per conversation</th><th class=\"num\">Total</th></tr>")
        .raw("</thead><tbody>");
    for (UserSpend u : users) {
      h.raw("<tr><td><a href=\"/conversations?q=")
          .raw(Html.param(u.userId()))
          .raw("\">")
          .text(u.userId())
          .raw("</a></td><td class=\"num\">")
          .text(Html.count(u.conversations()))
          .raw("</td><td class=\"num\">")
          .text(Html.count(u.turns()))
          .raw("</td><td class=\"time\">")
          .text(Html.time(u.lastNanos()))
          .raw("</td><td class=\"num\">")
          .text(Html.usd(u.averageUsd()))
          .raw("</td><td class=\"num cost\">")
          .text(Html.usd(u.totalUsd()))
          .raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    return h.toString();
  }

  static String spend(
      List<SpendPoint> points,
      List<SpendPoint> metric,
      String by,
      String byLabel,
      String bucket,
      int days) {
    Html h = new Html();
    h.raw("<div class=\"title-row\"><h1>Spend by ")
        .text(byLabel)
        .raw("</h1><form class=\"filters\" method=\"get\" action=\"/spend\">")
        .raw("<select name=\"by\">");
    for (String[] o :
        new String[][] {
          {"model", "Model"}, {"provider", "Provider"}, {"workflow_type", "Workflow type"}
        }) {
      h.raw("<option value=\"")
          .raw(o[0])
          .raw("\"")
          .raw(o[0].equals(by) ? " selected" : "")
          .raw(">")
          .raw(o[1])
          .raw("</option>");
    }
    h.raw("</select><select name=\"bucket\">")
        .raw("<option value=\"hour\"")
        .raw("hour".equals(bucket) ? " selected" : "")
        .raw(">Hourly</option><option value=\"day\"")
        .raw("day".equals(bucket) ? " selected" : "")
        .raw(">Daily</option></select><select name=\"days\">");
    for (int d : new int[] {1, 7, 30, 365}) {
      h.raw("<option value=\"")
          .text(d)
          .raw("\"")
          .raw(d == days ? " selected" : "")
          .raw(">Last ")
          .text(d == 1 ? "24 hours" : d + " days")
          .raw("</option>");
    }
    h.raw("</select><button type=\"submit\">Apply</button></form></div>");
    h.raw(
        "<p class=\"note\">From the cost on the spans stored here (<code>gen_ai.usage.cost_usd</code>,"
            + " and the explorer's own price for calls that arrived without one). When the"
            + " application samples its traces, dropped spans are missing here while the"
            + " <code>gen_ai.client.cost</code> metric still counts every call, so the metric is"
            + " the number to bill by.</p>");
    Map<String, Double> totals = new LinkedHashMap<>();
    Map<String, Long> calls = new LinkedHashMap<>();
    Map<Long, Map<String, Double>> buckets = new TreeMap<>();
    for (SpendPoint p : points) {
      totals.merge(p.key(), p.costUsd(), Double::sum);
      calls.merge(p.key(), p.calls(), Long::sum);
      buckets
          .computeIfAbsent(p.bucketStartMillis(), k -> new LinkedHashMap<>())
          .merge(p.key(), p.costUsd(), Double::sum);
    }
    if (points.isEmpty()) {
      h.raw("<p class=\"empty\">No priced call in this period.</p>");
      metricComparison(h, metric, totals, byLabel);
      return h.toString();
    }
    List<String> keys = new ArrayList<>(totals.keySet());
    keys.sort((a, b) -> Double.compare(totals.get(b), totals.get(a)));
    chart(h, buckets, keys, "day".equals(bucket));
    double grand = totals.values().stream().mapToDouble(Double::doubleValue).sum();
    h.raw("<table class=\"grid\" id=\"spend\"><thead><tr><th>")
        .text(byLabel)
        .raw("</th><th class=\"num\">Priced calls</th><th class=\"num\">Share</th>")
        .raw("<th class=\"num\">Cost</th></tr></thead><tbody>");
    for (int i = 0; i < keys.size(); i++) {
      String k = keys.get(i);
      h.raw("<tr><td><span class=\"swatch c")
          .text(Math.min(i, PALETTE.length - 1))
          .raw("\"></span>")
          .text(k)
          .raw("</td><td class=\"num\">")
          .text(Html.count(calls.get(k)))
          .raw("</td><td class=\"num\">")
          .text(String.format(Locale.ROOT, "%.1f%%", grand == 0 ? 0 : totals.get(k) / grand * 100))
          .raw("</td><td class=\"num cost\">")
          .text(Html.usd(totals.get(k)))
          .raw("</td></tr>");
    }
    h.raw("</tbody><tfoot><tr><td>Total</td><td class=\"num\">")
        .text(Html.count(calls.values().stream().mapToLong(Long::longValue).sum()))
        .raw("</td><td></td><td class=\"num cost\">")
        .text(Html.usd(grand))
        .raw("</td></tr></tfoot></table>");
    metricComparison(h, metric, totals, byLabel);
    return h.toString();
  }

  /** The same period by the cost metric, beside the spans' sums. */
  private static void metricComparison(
      Html h, List<SpendPoint> metric, Map<String, Double> spans, String byLabel) {
    h.raw("<h2>The <code>gen_ai.client.cost</code> metric, same period</h2>");
    if (metric.isEmpty()) {
      h.raw(
          "<p class=\"empty\">No <code>gen_ai.client.cost</code> metric received. An application"
              + " that exports OTLP metrics to this explorer shows here what it counted.</p>");
      return;
    }
    Map<String, Double> totals = new LinkedHashMap<>();
    for (SpendPoint p : metric) {
      totals.merge(p.key(), p.costUsd(), Double::sum);
    }
    h.raw("<table class=\"grid\" id=\"metric-spend\"><thead><tr><th>")
        .text(byLabel)
        .raw("</th><th class=\"num\">Metric</th><th class=\"num\">Spans</th>")
        .raw("<th class=\"num\">Not in spans</th></tr></thead><tbody>");
    for (Map.Entry<String, Double> e : totals.entrySet()) {
      double fromSpans = spans.getOrDefault(e.getKey(), 0.0);
      h.raw("<tr><td>")
          .text(e.getKey())
          .raw("</td><td class=\"num cost\">")
          .text(Html.usd(e.getValue()))
          .raw("</td><td class=\"num\">")
          .text(Html.usd(fromSpans))
          .raw("</td><td class=\"num\">")
          .text(Html.usd(Math.max(0, e.getValue() - fromSpans)))
          .raw("</td></tr>");
    }
    h.raw("</tbody></table>");
  }

  /** A stacked bar per bucket, drawn as SVG on the server. */
  private static void chart(
      Html h, Map<Long, Map<String, Double>> buckets, List<String> keys, boolean daily) {
    double max = 0;
    for (Map<String, Double> b : buckets.values()) {
      max = Math.max(max, b.values().stream().mapToDouble(Double::doubleValue).sum());
    }
    max = niceCeiling(max);
    int n = buckets.size();
    double width = 760;
    double height = 220;
    double left = 70;
    double bottom = 28;
    double plotW = width - left - 10;
    double plotH = height - bottom - 10;
    double slot = plotW / Math.max(1, n);
    double barW = Math.min(48, slot * 0.7);
    h.raw("<figure class=\"chart\"><svg id=\"spend-chart\" role=\"img\" viewBox=\"0 0 ")
        .text((int) width)
        .raw(" ")
        .text((int) height)
        .raw("\" aria-label=\"Spend per period\">");
    String[] ticks = axisLabels(max);
    for (int i = 0; i <= 4; i++) {
      double y = 10 + plotH - plotH * i / 4;
      h.raw("<line class=\"gridline\" x1=\"")
          .text((int) left)
          .raw("\" x2=\"")
          .text((int) (width - 10))
          .raw("\" y1=\"")
          .text(fmt(y))
          .raw("\" y2=\"")
          .text(fmt(y))
          .raw("\"/><text class=\"axis\" x=\"")
          .text((int) left - 6)
          .raw("\" y=\"")
          .text(fmt(y + 4))
          .raw("\" text-anchor=\"end\">")
          .text(ticks[i])
          .raw("</text>");
    }
    int i = 0;
    java.time.format.DateTimeFormatter label =
        java.time.format.DateTimeFormatter.ofPattern(daily ? "MMM d" : "MMM d HH:00", Locale.ROOT)
            .withZone(java.time.ZoneOffset.UTC);
    int every = Math.max(1, n / 8);
    for (Map.Entry<Long, Map<String, Double>> b : buckets.entrySet()) {
      double x = left + slot * i + (slot - barW) / 2;
      double y = 10 + plotH;
      for (int k = 0; k < keys.size(); k++) {
        Double v = b.getValue().get(keys.get(k));
        if (v == null || max == 0) {
          continue;
        }
        double bh = plotH * v / max;
        y -= bh;
        h.raw("<rect class=\"c")
            .text(Math.min(k, PALETTE.length - 1))
            .raw("\" x=\"")
            .text(fmt(x))
            .raw("\" y=\"")
            .text(fmt(y))
            .raw("\" width=\"")
            .text(fmt(barW))
            .raw("\" height=\"")
            .text(fmt(Math.max(bh, 0.5)))
            .raw("\"><title>")
            .text(keys.get(k) + ": " + Html.usd(v))
            .raw("</title></rect>");
      }
      if (i % every == 0) {
        h.raw("<text class=\"axis\" x=\"")
            .text(fmt(x + barW / 2))
            .raw("\" y=\"")
            .text(fmt(height - 8))
            .raw("\" text-anchor=\"middle\">")
            .text(label.format(java.time.Instant.ofEpochMilli(b.getKey())))
            .raw("</text>");
      }
      i++;
    }
    h.raw("</svg></figure>");
  }

  /**
   * The five labels of the axis from 0 to {@code max} in quarters, exact and with as many decimals
   * as the finest needs: a rounded label ("$0.0188" for $0.01875) would sit at the wrong height.
   */
  static String[] axisLabels(double max) {
    BigDecimal[] values = new BigDecimal[5];
    int scale = 2;
    for (int i = 0; i <= 4; i++) {
      // max is a nice ceiling, so a quarter of it has few digits; the rounding drops float noise
      values[i] = new BigDecimal(max * i / 4).round(new MathContext(10)).stripTrailingZeros();
      scale = Math.max(scale, values[i].scale());
    }
    String[] labels = new String[5];
    for (int i = 0; i <= 4; i++) {
      labels[i] =
          String.format(
              Locale.ROOT,
              "$%,." + scale + "f",
              values[i].setScale(scale, RoundingMode.UNNECESSARY));
    }
    return labels;
  }

  /** The smallest of 1, 2, 2.5 or 5 times a power of ten at or above {@code v}: round ticks. */
  static double niceCeiling(double v) {
    if (v <= 0) {
      return 0;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v * (1 - 1e-12)) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }

  static String notFound(String what) {
    return new Html()
        .raw("<h1>Not found</h1><p class=\"empty\">")
        .text(what)
        .raw("</p>")
        .toString();
  }

  private static void card(Html h, String label, String value, String id) {
    h.raw("<div class=\"card\" id=\"card-")
        .raw(id)
        .raw("\"><div class=\"label\">")
        .raw(label)
        .raw("</div><div class=\"value\">")
        .text(value)
        .raw("</div></div>");
  }

  private static void user(Html h, String user) {
    if (user == null) {
      h.raw("<span class=\"muted\">—</span>");
    } else {
      h.text(user);
    }
  }

  private static void models(Html h, List<String> models) {
    for (String m : models) {
      h.raw("<span class=\"badge model\">").text(m).raw("</span> ");
    }
  }

  private static void cost(Html h, double usd, boolean byExplorer, long unpriced) {
    h.text(Html.usd(usd));
    if (byExplorer) {
      h.raw(
          " <span class=\"badge explorer\" title=\"priced by the explorer from the bundled"
              + " catalog: the span arrived without a cost\">est.</span>");
    }
    if (unpriced > 0) {
      h.raw(" <span class=\"badge warn\" title=\"")
          .text(unpriced + " model call(s) could not be priced")
          .raw("\">+")
          .text(unpriced)
          .raw(" unpriced</span>");
    }
  }
}
