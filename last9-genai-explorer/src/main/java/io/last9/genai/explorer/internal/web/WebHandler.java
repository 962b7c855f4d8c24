/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.last9.genai.explorer.internal.store.Conversation;
import io.last9.genai.explorer.internal.store.SpanNode;
import io.last9.genai.explorer.internal.store.SpanStore;
import io.last9.genai.explorer.internal.store.SpanStore.ConversationOrder;
import io.last9.genai.explorer.internal.store.SpanStore.SpendDimension;
import io.last9.genai.explorer.internal.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The pages ({@code /conversations}, {@code /workflows}, {@code /users}, {@code /spend}, {@code
 * /traces}) and the same data as JSON under {@code /api/}. Internal, not for public use.
 */
public final class WebHandler implements HttpHandler {

  private static final Logger logger = Logger.getLogger(WebHandler.class.getName());

  /**
   * No script, no frame, nothing from elsewhere: even markup that escaped the escaping could not
   * run.
   */
  private static final String CSP =
      "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self';"
          + " base-uri 'none'; frame-ancestors 'none'";

  private static final int LIST_LIMIT = 500;

  private final SpanStore store;
  private final ObjectMapper json =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  private final byte[] css;

  public WebHandler(SpanStore store) {
    this.store = store;
    try (InputStream in = WebHandler.class.getResourceAsStream("explorer.css")) {
      this.css = in == null ? new byte[0] : in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("the explorer's stylesheet is missing", e);
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", bytes("GET only"));
        return;
      }
      String path = exchange.getRequestURI().getRawPath();
      Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
      try {
        route(exchange, path, q);
      } catch (StoreException e) {
        logger.log(Level.WARNING, "last9-genai-explorer: " + e.getMessage(), e);
        send(
            exchange,
            503,
            "text/plain; charset=utf-8",
            bytes("the store failed: " + e.getMessage()));
      } catch (IllegalArgumentException e) {
        send(exchange, 400, "text/plain; charset=utf-8", bytes(e.getMessage()));
      } catch (RuntimeException e) {
        logger.log(Level.WARNING, "last9-genai-explorer: " + path + " failed", e);
        send(exchange, 500, "text/plain; charset=utf-8", bytes("internal error: " + e));
      }
    }
  }

  private void route(HttpExchange ex, String path, Map<String, String> q)
      throws IOException, StoreException {
    if (path.equals("/") || path.isEmpty()) {
      ex.getResponseHeaders().set("Location", "/conversations");
      send(ex, 302, "text/plain; charset=utf-8", new byte[0]);
    } else if (path.equals("/assets/explorer.css")) {
      ex.getResponseHeaders().set("Cache-Control", "max-age=300");
      send(ex, 200, "text/css; charset=utf-8", css);
    } else if (path.equals("/healthz")) {
      send(ex, 200, "text/plain; charset=utf-8", bytes("ok"));
    } else if (path.startsWith("/api/")) {
      api(ex, path.substring("/api".length()), q);
    } else {
      page(ex, path, q);
    }
  }

  private void page(HttpExchange ex, String path, Map<String, String> q)
      throws IOException, StoreException {
    String nav;
    String title;
    String body;
    int status = 200;
    if (path.equals("/conversations")) {
      String search = blankToNull(q.get("q"));
      String sort = "cost".equals(q.get("sort")) ? "cost" : "recent";
      nav = "conversations";
      title = "Conversations";
      body =
          Pages.conversations(store.conversations(search, order(sort), LIST_LIMIT), search, sort);
    } else if (path.startsWith("/conversations/")) {
      String id = segment(path, "/conversations/");
      Optional<Conversation> c = store.conversation(id);
      nav = "conversations";
      title = "Conversation " + id;
      if (c.isPresent()) {
        body = Pages.conversation(c.get());
      } else {
        status = 404;
        body = Pages.notFound("No span names conversation " + id + ".");
      }
    } else if (path.equals("/traces")) {
      boolean without = "conversation".equals(q.get("without"));
      nav = "traces";
      title = "Traces";
      body = Pages.traces(store.traces(without, LIST_LIMIT), without);
    } else if (path.startsWith("/traces/")) {
      String id = segment(path, "/traces/");
      nav = "traces";
      title = "Trace " + id;
      List<SpanNode> tree = store.trace(id);
      status = tree.isEmpty() ? 404 : 200;
      body = Pages.trace(id, tree);
    } else if (path.equals("/workflows")) {
      String type = blankToNull(q.get("type"));
      double min = minCost(q.get("min"));
      nav = "workflows";
      title = "Workflows";
      body =
          Pages.workflows(
              store.workflowTypes(), store.workflowRuns(type, min, LIST_LIMIT), type, min);
    } else if (path.equals("/users")) {
      nav = "users";
      title = "Users";
      body = Pages.users(store.users());
    } else if (path.equals("/spend")) {
      SpendDimension by = dimension(q.get("by"));
      String bucket = "day".equals(q.get("bucket")) ? "day" : "hour";
      int days = days(q.get("days"));
      nav = "spend";
      title = "Spend";
      long bucketSeconds = "day".equals(bucket) ? 86_400 : 3_600;
      body =
          Pages.spend(
              store.spend(by, bucketSeconds, since(days)),
              store.metricSpend(by, bucketSeconds, since(days)),
              by.name().toLowerCase(java.util.Locale.ROOT),
              label(by),
              bucket,
              days);
    } else {
      nav = "";
      title = "Not found";
      status = 404;
      body = Pages.notFound("There is no page at " + path + ".");
    }
    ex.getResponseHeaders().set("Content-Security-Policy", CSP);
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    send(
        ex,
        status,
        "text/html; charset=utf-8",
        bytes(Pages.layout(title, nav, store.spanCount(), body)));
  }

  private void api(HttpExchange ex, String path, Map<String, String> q)
      throws IOException, StoreException {
    Object result;
    int status = 200;
    if (path.equals("/conversations")) {
      result =
          store.conversations(blankToNull(q.get("q")), order(q.get("sort")), limit(q.get("limit")));
    } else if (path.startsWith("/conversations/")) {
      Optional<Conversation> c = store.conversation(segment(path, "/conversations/"));
      result = c.isPresent() ? c.get() : error("no such conversation");
      status = c.isPresent() ? 200 : 404;
    } else if (path.equals("/traces")) {
      result = store.traces("conversation".equals(q.get("without")), limit(q.get("limit")));
    } else if (path.startsWith("/traces/")) {
      List<SpanNode> tree = store.trace(segment(path, "/traces/"));
      result = tree.isEmpty() ? error("no such trace") : tree;
      status = tree.isEmpty() ? 404 : 200;
    } else if (path.equals("/workflows")) {
      result =
          store.workflowRuns(
              blankToNull(q.get("type")), minCost(q.get("min")), limit(q.get("limit")));
    } else if (path.equals("/workflow-types")) {
      result = store.workflowTypes();
    } else if (path.equals("/users")) {
      result = store.users();
    } else if (path.equals("/spend")) {
      SpendDimension by = dimension(q.get("by"));
      long bucket = "day".equals(q.get("bucket")) ? 86_400 : 3_600;
      Instant since = since(days(q.get("days")));
      result =
          "metric".equals(q.get("source"))
              ? store.metricSpend(by, bucket, since)
              : store.spend(by, bucket, since);
    } else {
      result = error("no API at /api" + path);
      status = 404;
    }
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    send(ex, status, "application/json", json.writeValueAsBytes(result));
  }

  private static Map<String, String> error(String message) {
    return Map.of("error", message);
  }

  private static ConversationOrder order(String sort) {
    return "cost".equals(sort) ? ConversationOrder.COST : ConversationOrder.RECENT;
  }

  private static SpendDimension dimension(String by) {
    if (by == null || by.isEmpty() || by.equals("model")) {
      return SpendDimension.MODEL;
    }
    if (by.equals("provider")) {
      return SpendDimension.PROVIDER;
    }
    if (by.equals("workflow_type")) {
      return SpendDimension.WORKFLOW_TYPE;
    }
    throw new IllegalArgumentException("by must be model, provider or workflow_type");
  }

  private static String label(SpendDimension by) {
    switch (by) {
      case PROVIDER:
        return "provider";
      case WORKFLOW_TYPE:
        return "workflow type";
      default:
        return "priced model";
    }
  }

  private static int days(String value) {
    if (value == null || value.isEmpty()) {
      return 7;
    }
    try {
      return Math.max(1, Math.min(3650, Integer.parseInt(value)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("days must be a whole number");
    }
  }

  private static Instant since(int days) {
    return Instant.now().minus(Duration.ofDays(days));
  }

  private static int limit(String value) {
    if (value == null || value.isEmpty()) {
      return LIST_LIMIT;
    }
    try {
      return Math.max(1, Math.min(10_000, Integer.parseInt(value)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit must be a whole number");
    }
  }

  private static double minCost(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      double d = Double.parseDouble(value.strip());
      if (!(d >= 0) || Double.isInfinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("min must be a cost in USD, such as 1 or 0.05");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String segment(String rawPath, String prefix) {
    String raw = rawPath.substring(prefix.length());
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        out.putIfAbsent(
            URLDecoder.decode(k, StandardCharsets.UTF_8),
            URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException malformed) {
        throw new IllegalArgumentException("the query string is not URL-encoded");
      }
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
