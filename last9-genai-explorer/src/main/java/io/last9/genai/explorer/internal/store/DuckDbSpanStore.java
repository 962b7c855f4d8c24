/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The embedded store: one DuckDB table of spans, in memory or in a file. Batches are written
 * through DuckDB's Appender (its bulk path) inside one transaction, committed before {@link
 * #append} returns, so a batch the receiver acknowledged is in the file's write-ahead log. Readers
 * use their own connections, so a page never waits for a write. Internal, not for public use.
 */
public final class DuckDbSpanStore implements SpanStore {

  private static final String COLUMNS =
      "trace_id VARCHAR NOT NULL, span_id VARCHAR NOT NULL, parent_span_id VARCHAR, name VARCHAR,"
          + " kind VARCHAR, service VARCHAR, start_ns BIGINT NOT NULL, end_ns BIGINT NOT NULL,"
          + " error BOOLEAN NOT NULL, status_message VARCHAR, conversation_id VARCHAR, turn BIGINT,"
          + " user_id VARCHAR, workflow_id VARCHAR, workflow_type VARCHAR, l9_kind VARCHAR,"
          + " operation VARCHAR, provider VARCHAR, model VARCHAR, input_tokens BIGINT,"
          + " output_tokens BIGINT, cost_usd DOUBLE, cost_source VARCHAR,"
          + " priced_by_explorer BOOLEAN NOT NULL, unpriced_reason VARCHAR,"
          + " workflow_total_cost_usd DOUBLE, question VARCHAR, answer VARCHAR,"
          + " input_messages VARCHAR, output_messages VARCHAR, attributes VARCHAR";

  private static final String CONVERSATION_COLUMNS =
      "conversation_id, max(user_id), count(DISTINCT coalesce(turn, 0)), count(*), min(start_ns),"
          + " max(end_ns), coalesce(sum(cost_usd), 0),"
          + " list_sort(list(DISTINCT model) FILTER (WHERE model IS NOT NULL)),"
          + " count(*) FILTER (WHERE error), count(*) FILTER (WHERE unpriced_reason IS NOT NULL),"
          + " bool_or(priced_by_explorer)";

  private final DuckDBConnection writer;
  private final Duration maxAge;
  private final long maxSpans;

  private DuckDbSpanStore(DuckDBConnection writer, Duration maxAge, long maxSpans) {
    this.writer = writer;
    this.maxAge = maxAge;
    this.maxSpans = maxSpans;
  }

  /**
   * Opens a store.
   *
   * @param file the database file, or {@code null} to keep everything in memory
   * @param maxAge spans that ended longer ago are dropped
   * @param maxSpans at most this many spans are kept, the oldest dropped first
   */
  public static DuckDbSpanStore open(Path file, Duration maxAge, long maxSpans)
      throws StoreException {
    try {
      String url = file == null ? "jdbc:duckdb:" : "jdbc:duckdb:" + file.toAbsolutePath();
      DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection(url);
      try (Statement s = connection.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS spans (" + COLUMNS + ")");
        s.execute(
            "CREATE TABLE IF NOT EXISTS cost_points (series VARCHAR NOT NULL,"
                + " start_ns BIGINT NOT NULL, time_ns BIGINT NOT NULL, cumulative BOOLEAN NOT NULL,"
                + " value_usd DOUBLE NOT NULL, model VARCHAR, provider VARCHAR,"
                + " workflow_type VARCHAR)");
      }
      connection.setAutoCommit(false);
      return new DuckDbSpanStore(connection, maxAge, maxSpans);
    } catch (SQLException e) {
      throw new StoreException(
          "cannot open the DuckDB store" + (file == null ? "" : " " + file), e);
    }
  }

  @Override
  public void append(List<SpanRecord> spans) throws StoreException {
    if (spans.isEmpty()) {
      return;
    }
    synchronized (writer) {
      try {
        try (DuckDBAppender appender = writer.createAppender("main", "spans")) {
          for (SpanRecord r : spans) {
            appender.beginRow();
            appender.append(r.traceId());
            appender.append(r.spanId());
            string(appender, r.parentSpanId());
            string(appender, r.name());
            string(appender, r.kind());
            string(appender, r.service());
            appender.append(r.startNanos());
            appender.append(r.endNanos());
            appender.append(r.error());
            string(appender, r.statusMessage());
            string(appender, r.conversationId());
            number(appender, r.turn());
            string(appender, r.userId());
            string(appender, r.workflowId());
            string(appender, r.workflowType());
            string(appender, r.l9Kind());
            string(appender, r.operation());
            string(appender, r.provider());
            string(appender, r.model());
            number(appender, r.inputTokens());
            number(appender, r.outputTokens());
            decimal(appender, r.costUsd());
            string(appender, r.costSource());
            appender.append(r.pricedByExplorer());
            string(appender, r.unpricedReason());
            decimal(appender, r.workflowTotalCostUsd());
            string(appender, r.question());
            string(appender, r.answer());
            string(appender, r.inputMessages());
            string(appender, r.outputMessages());
            string(appender, r.attributes());
            appender.endRow();
          }
          appender.flush();
        }
        writer.commit();
      } catch (SQLException e) {
        rollback();
        throw new StoreException("cannot store " + spans.size() + " spans", e);
      }
    }
  }

  @Override
  public void appendCostPoints(List<CostPoint> points) throws StoreException {
    if (points.isEmpty()) {
      return;
    }
    synchronized (writer) {
      try {
        try (DuckDBAppender appender = writer.createAppender("main", "cost_points")) {
          for (CostPoint p : points) {
            appender.beginRow();
            appender.append(p.series());
            appender.append(p.startNanos());
            appender.append(p.timeNanos());
            appender.append(p.cumulative());
            appender.append(p.valueUsd());
            string(appender, p.model());
            string(appender, p.provider());
            string(appender, p.workflowType());
            appender.endRow();
          }
          appender.flush();
        }
        writer.commit();
      } catch (SQLException e) {
        rollback();
        throw new StoreException("cannot store " + points.size() + " cost points", e);
      }
    }
  }

  @Override
  public List<SpendPoint> metricSpend(SpendDimension dimension, long bucketSeconds, Instant since)
      throws StoreException {
    long bucketNanos = Math.max(1, bucketSeconds) * 1_000_000_000L;
    // a cumulative series reports its running total: each point adds what it grew since the one
    // before (the first point of a series adds all it counted since its start)
    return query(
        "WITH d AS (SELECT time_ns, model, provider, workflow_type, CASE WHEN cumulative THEN"
            + " value_usd - coalesce(lag(value_usd) OVER (PARTITION BY series, start_ns"
            + " ORDER BY time_ns), 0) ELSE value_usd END AS delta FROM cost_points)"
            + " SELECT (time_ns // ?) * ? // 1000000 AS bucket, coalesce("
            + dimension.metricColumn
            + ", '(none)') AS key, sum(delta), count(*) FROM d WHERE time_ns >= ?"
            + " GROUP BY ALL HAVING sum(delta) > 0 ORDER BY 1, 3 DESC, 2",
        ps -> {
          ps.setLong(1, bucketNanos);
          ps.setLong(2, bucketNanos);
          ps.setLong(3, nanos(since));
        },
        rs -> new SpendPoint(rs.getLong(1), rs.getString(2), rs.getDouble(3), rs.getLong(4)));
  }

  private void rollback() {
    try {
      writer.rollback();
    } catch (SQLException ignored) {
      // the append failed already; that is the error to report
    }
  }

  private static void string(DuckDBAppender a, String v) throws SQLException {
    if (v == null) {
      a.appendNull();
    } else {
      a.append(v);
    }
  }

  private static void number(DuckDBAppender a, Long v) throws SQLException {
    if (v == null) {
      a.appendNull();
    } else {
      a.append(v.longValue());
    }
  }

  private static void decimal(DuckDBAppender a, Double v) throws SQLException {
    if (v == null) {
      a.appendNull();
    } else {
      a.append(v.doubleValue());
    }
  }

  @Override
  public List<ConversationSummary> conversations(String search, ConversationOrder order, int limit)
      throws StoreException {
    String sql =
        "SELECT "
            + CONVERSATION_COLUMNS
            + " FROM spans WHERE conversation_id IS NOT NULL"
            + (search == null
                ? ""
                : " AND (contains(lower(conversation_id), lower(?))"
                    + " OR contains(lower(coalesce(user_id, '')), lower(?)))")
            + " GROUP BY conversation_id ORDER BY "
            + (order == ConversationOrder.COST ? "7 DESC, 6 DESC" : "6 DESC, 7 DESC")
            + " LIMIT ?";
    return query(
        sql,
        ps -> {
          int i = 1;
          if (search != null) {
            ps.setString(i++, search);
            ps.setString(i++, search);
          }
          ps.setInt(i, limit);
        },
        DuckDbSpanStore::summary);
  }

  private static ConversationSummary summary(ResultSet rs) throws SQLException {
    return new ConversationSummary(
        rs.getString(1),
        rs.getString(2),
        rs.getLong(3),
        rs.getLong(4),
        rs.getLong(5),
        rs.getLong(6),
        rs.getDouble(7),
        strings(rs.getArray(8)),
        rs.getLong(9),
        rs.getLong(10),
        rs.getBoolean(11));
  }

  private static List<String> strings(Array array) throws SQLException {
    List<String> out = new ArrayList<>();
    if (array != null) {
      for (Object o : (Object[]) array.getArray()) {
        out.add(String.valueOf(o));
      }
    }
    return out;
  }

  @Override
  public Optional<Conversation> conversation(String id) throws StoreException {
    // the conversation's spans, then the spans of its traces that name no conversation (an HTTP
    // call made inside a turn, by an instrumentation that does not stamp the conversation). Two
    // plain filters, so each is one column scan: an OR of both would read every column.
    List<SpanRecord> spans =
        new ArrayList<>(
            query(
                "SELECT * FROM spans WHERE conversation_id = ?",
                ps -> ps.setString(1, id),
                DuckDbSpanStore::span));
    if (spans.isEmpty()) {
      return Optional.empty();
    }
    ConversationSummary summary = summary(id, spans);
    Set<String> traceIds = new LinkedHashSet<>();
    for (SpanRecord s : spans) {
      traceIds.add(s.traceId());
    }
    if (!traceIds.isEmpty()) {
      String marks = String.join(",", java.util.Collections.nCopies(traceIds.size(), "?"));
      spans.addAll(
          query(
              "SELECT * FROM spans WHERE trace_id IN (" + marks + ") AND conversation_id IS NULL",
              ps -> {
                int i = 1;
                for (String t : traceIds) {
                  ps.setString(i++, t);
                }
              },
              DuckDbSpanStore::span));
    }
    spans.sort(Comparator.comparingLong(SpanRecord::startNanos).thenComparing(SpanRecord::spanId));
    Map<Long, List<SpanRecord>> byTurn = new TreeMap<>();
    Map<String, Long> turnOfTrace = new HashMap<>();
    for (SpanRecord s : spans) {
      if (s.conversationId() != null) {
        long turn = s.turn() == null ? 0 : s.turn();
        byTurn.computeIfAbsent(turn, k -> new ArrayList<>()).add(s);
        turnOfTrace.putIfAbsent(s.traceId(), turn);
      }
    }
    for (SpanRecord s : spans) {
      if (s.conversationId() == null) {
        byTurn.get(turnOfTrace.get(s.traceId())).add(s);
      }
    }
    List<Turn> turns = new ArrayList<>();
    byTurn.forEach((number, list) -> turns.add(turn(number, list)));
    return Optional.of(new Conversation(summary, turns));
  }

  /** What the list shows of one conversation, from its spans (one scan less than asking SQL). */
  private static ConversationSummary summary(String id, List<SpanRecord> conversationSpans) {
    String user = null;
    Set<Long> turns = new HashSet<>();
    Set<String> models = new TreeSet<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    double cost = 0;
    long errors = 0;
    long unpriced = 0;
    boolean byExplorer = false;
    for (SpanRecord s : conversationSpans) {
      if (s.userId() != null && (user == null || s.userId().compareTo(user) > 0)) {
        user = s.userId(); // the greatest, as max(user_id) in the list
      }
      turns.add(s.turn() == null ? 0 : s.turn());
      if (s.model() != null) {
        models.add(s.model());
      }
      first = Math.min(first, s.startNanos());
      last = Math.max(last, s.endNanos());
      cost += s.costUsd() == null ? 0 : s.costUsd();
      errors += s.error() ? 1 : 0;
      unpriced += s.unpricedReason() == null ? 0 : 1;
      byExplorer |= s.pricedByExplorer();
    }
    return new ConversationSummary(
        id,
        user,
        turns.size(),
        conversationSpans.size(),
        first,
        last,
        cost,
        List.copyOf(models),
        errors,
        unpriced,
        byExplorer);
  }

  private static Turn turn(long number, List<SpanRecord> spans) {
    Set<String> traces = new LinkedHashSet<>();
    Set<String> models = new TreeSet<>();
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    long input = 0;
    long output = 0;
    double cost = 0;
    boolean byExplorer = false;
    long unpriced = 0;
    long errors = 0;
    // The turn's exchange is read from the model call that gave its answer (the last to end):
    // its last user message is the question, even when an observed step around it took other
    // input (a RAG step's documents). Spans that are no model call are the fallback.
    String question = null;
    String answer = null;
    long answerEnd = Long.MIN_VALUE;
    String callQuestion = null;
    String callAnswer = null;
    long callEnd = Long.MIN_VALUE;
    for (SpanRecord s : spans) {
      traces.add(s.traceId());
      start = Math.min(start, s.startNanos());
      end = Math.max(end, s.endNanos());
      if (s.model() != null) {
        models.add(s.model());
      }
      input += s.inputTokens() == null ? 0 : s.inputTokens();
      output += s.outputTokens() == null ? 0 : s.outputTokens();
      cost += s.costUsd() == null ? 0 : s.costUsd();
      byExplorer |= s.pricedByExplorer();
      unpriced += s.unpricedReason() == null ? 0 : 1;
      errors += s.error() ? 1 : 0;
      if (question == null && s.question() != null) {
        question = s.question(); // spans are in start order: the first asked
      }
      if (s.answer() != null && s.endNanos() >= answerEnd) {
        answer = s.answer();
        answerEnd = s.endNanos();
      }
      if (s.answer() != null && isModelCall(s) && s.endNanos() >= callEnd) {
        callAnswer = s.answer();
        callQuestion = s.question();
        callEnd = s.endNanos();
      }
    }
    return new Turn(
        number,
        List.copyOf(traces),
        start,
        (end - start) / 1e6,
        callQuestion != null ? callQuestion : question,
        callAnswer != null ? callAnswer : answer,
        List.copyOf(models),
        input,
        output,
        cost,
        byExplorer,
        unpriced,
        errors,
        tree(spans));
  }

  private static boolean isModelCall(SpanRecord s) {
    return s.inputTokens() != null
        || s.outputTokens() != null
        || s.costUsd() != null
        || s.unpricedReason() != null;
  }

  /** The spans as trees: a span whose parent is not among them is a root. */
  static List<SpanNode> tree(List<SpanRecord> spans) {
    Map<String, List<SpanRecord>> children = new HashMap<>();
    Set<String> present = new HashSet<>();
    for (SpanRecord s : spans) {
      present.add(s.traceId() + s.spanId());
    }
    List<SpanRecord> roots = new ArrayList<>();
    for (SpanRecord s : spans) {
      if (s.parentSpanId() != null && present.contains(s.traceId() + s.parentSpanId())) {
        children.computeIfAbsent(s.traceId() + s.parentSpanId(), k -> new ArrayList<>()).add(s);
      } else {
        roots.add(s);
      }
    }
    List<SpanNode> out = new ArrayList<>();
    for (SpanRecord root : roots) {
      out.add(node(root, children, 0));
    }
    return out;
  }

  private static SpanNode node(SpanRecord s, Map<String, List<SpanRecord>> children, int depth) {
    List<SpanNode> kids = new ArrayList<>();
    if (depth < 64) { // a malformed trace can make a cycle of parent ids
      List<SpanRecord> list =
          new ArrayList<>(children.getOrDefault(s.traceId() + s.spanId(), List.of()));
      list.sort(Comparator.comparingLong(SpanRecord::startNanos));
      for (SpanRecord c : list) {
        kids.add(node(c, children, depth + 1));
      }
    }
    return new SpanNode(s, kids);
  }

  @Override
  public List<SpanNode> trace(String traceId) throws StoreException {
    return tree(
        query(
            "SELECT * FROM spans WHERE trace_id = ? ORDER BY start_ns, span_id",
            ps -> ps.setString(1, traceId),
            DuckDbSpanStore::span));
  }

  @Override
  public List<TraceSummary> traces(boolean withoutConversation, int limit) throws StoreException {
    return query(
        "SELECT trace_id, coalesce(max(name) FILTER (WHERE parent_span_id IS NULL),"
            + " arg_min(name, start_ns)), coalesce(max(service) FILTER (WHERE parent_span_id IS"
            + " NULL), arg_min(service, start_ns)), count(*), min(start_ns),"
            + " (max(end_ns) - min(start_ns)) / 1e6, coalesce(sum(cost_usd), 0),"
            + " max(conversation_id), count(*) FILTER (WHERE error) FROM spans GROUP BY trace_id"
            + (withoutConversation ? " HAVING max(conversation_id) IS NULL" : "")
            + " ORDER BY 5 DESC LIMIT ?",
        ps -> ps.setInt(1, limit),
        rs ->
            new TraceSummary(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getDouble(6),
                rs.getDouble(7),
                rs.getString(8),
                rs.getLong(9)));
  }

  /**
   * The cost of every span inside a workflow, named by its step: the observed call around it (such
   * as {@code generate_response} around its {@code chat gpt-4o} span) when there is one.
   */
  private static final String STEPS =
      "steps AS (SELECT s.workflow_id, s.cost_usd, s.unpriced_reason,"
          + " CASE WHEN p.l9_kind IS NOT NULL AND p.l9_kind <> 'workflow'"
          + " AND p.workflow_id = s.workflow_id THEN p.name ELSE s.name END AS step"
          + " FROM spans s LEFT JOIN spans p ON p.trace_id = s.trace_id"
          + " AND p.span_id = s.parent_span_id"
          + " WHERE s.workflow_id IS NOT NULL AND (s.cost_usd IS NOT NULL"
          + " OR s.unpriced_reason IS NOT NULL))";

  private static final String RUNS =
      STEPS
          + ", per AS (SELECT workflow_id, sum(cost_usd) AS span_cost, count(*) AS calls"
          + " FROM steps GROUP BY workflow_id),"
          + " top AS (SELECT workflow_id, arg_max(step, c) AS step, max(c) AS c FROM"
          + " (SELECT workflow_id, step, sum(cost_usd) AS c FROM steps WHERE cost_usd IS NOT NULL"
          + " GROUP BY workflow_id, step) GROUP BY workflow_id),"
          + " runs AS (SELECT w.workflow_id, w.workflow_type, w.trace_id, w.conversation_id,"
          + " w.start_ns, (w.end_ns - w.start_ns) / 1e6 AS duration_ms,"
          + " coalesce(w.workflow_total_cost_usd, per.span_cost, 0) AS cost,"
          + " coalesce(per.calls, 0) AS calls, top.step, coalesce(top.c, 0) AS step_cost"
          + " FROM spans w LEFT JOIN per ON per.workflow_id = w.workflow_id"
          + " LEFT JOIN top ON top.workflow_id = w.workflow_id WHERE w.l9_kind = 'workflow')";

  @Override
  public List<WorkflowRun> workflowRuns(String type, double minCostUsd, int limit)
      throws StoreException {
    return query(
        "WITH "
            + RUNS
            + " SELECT * FROM runs WHERE cost >= ?"
            + (type == null ? "" : " AND coalesce(workflow_type, '(none)') = ?")
            + " ORDER BY cost DESC, start_ns DESC LIMIT ?",
        ps -> {
          int i = 1;
          ps.setDouble(i++, minCostUsd);
          if (type != null) {
            ps.setString(i++, type);
          }
          ps.setInt(i, limit);
        },
        rs ->
            new WorkflowRun(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getLong(5),
                rs.getDouble(6),
                rs.getDouble(7),
                rs.getLong(8),
                rs.getString(9),
                rs.getDouble(10)));
  }

  @Override
  public List<WorkflowType> workflowTypes() throws StoreException {
    return query(
        "WITH "
            + RUNS
            + ", type_steps AS (SELECT coalesce(w.workflow_type, '(none)') AS type, s.step,"
            + " sum(s.cost_usd) AS c FROM steps s JOIN (SELECT DISTINCT workflow_id, workflow_type"
            + " FROM runs) w ON w.workflow_id = s.workflow_id WHERE s.cost_usd IS NOT NULL"
            + " GROUP BY ALL),"
            + " type_top AS (SELECT type, arg_max(step, c) AS step, max(c) AS c FROM type_steps"
            + " GROUP BY type)"
            + " SELECT coalesce(workflow_type, '(none)') AS type, count(*), sum(cost), avg(cost),"
            + " quantile_cont(cost, 0.5), quantile_cont(cost, 0.9), max(cost),"
            + " any_value(type_top.step), coalesce(any_value(type_top.c), 0)"
            + " FROM runs LEFT JOIN type_top ON type_top.type = coalesce(runs.workflow_type,"
            + " '(none)') GROUP BY 1 ORDER BY 3 DESC",
        ps -> {},
        rs ->
            new WorkflowType(
                rs.getString(1),
                rs.getLong(2),
                rs.getDouble(3),
                rs.getDouble(4),
                rs.getDouble(5),
                rs.getDouble(6),
                rs.getDouble(7),
                rs.getString(8),
                rs.getDouble(9)));
  }

  @Override
  public List<UserSpend> users() throws StoreException {
    return query(
        "WITH c AS (SELECT conversation_id, max(user_id) AS user_id,"
            + " count(DISTINCT coalesce(turn, 0)) AS turns, coalesce(sum(cost_usd), 0) AS cost,"
            + " max(end_ns) AS last FROM spans WHERE conversation_id IS NOT NULL"
            + " GROUP BY conversation_id)"
            + " SELECT user_id, count(*), sum(turns), sum(cost), avg(cost), max(last) FROM c"
            + " WHERE user_id IS NOT NULL GROUP BY user_id ORDER BY 4 DESC, 1",
        ps -> {},
        rs ->
            new UserSpend(
                rs.getString(1),
                rs.getLong(2),
                rs.getLong(3),
                rs.getDouble(4),
                rs.getDouble(5),
                rs.getLong(6)));
  }

  @Override
  public List<SpendPoint> spend(SpendDimension dimension, long bucketSeconds, Instant since)
      throws StoreException {
    long bucketNanos = Math.max(1, bucketSeconds) * 1_000_000_000L;
    return query(
        "SELECT (start_ns // ?) * ? // 1000000 AS bucket, coalesce("
            + dimension.spanColumn
            + ", '(none)') AS key, sum(cost_usd), count(*) FROM spans"
            + " WHERE cost_usd IS NOT NULL AND start_ns >= ? GROUP BY ALL ORDER BY 1, 3 DESC, 2",
        ps -> {
          ps.setLong(1, bucketNanos);
          ps.setLong(2, bucketNanos);
          ps.setLong(3, nanos(since));
        },
        rs -> new SpendPoint(rs.getLong(1), rs.getString(2), rs.getDouble(3), rs.getLong(4)));
  }

  @Override
  public long spanCount() throws StoreException {
    return query("SELECT count(*) FROM spans", ps -> {}, rs -> rs.getLong(1)).get(0);
  }

  @Override
  public long enforceRetention(Instant now) throws StoreException {
    synchronized (writer) {
      try {
        long dropped = 0;
        try (PreparedStatement ps = writer.prepareStatement("DELETE FROM spans WHERE end_ns < ?")) {
          ps.setLong(1, nanos(now.minus(maxAge)));
          dropped += ps.executeUpdate();
        }
        try (PreparedStatement ps =
            writer.prepareStatement("DELETE FROM cost_points WHERE time_ns < ?")) {
          ps.setLong(1, nanos(now.minus(maxAge)));
          ps.executeUpdate();
        }
        long count;
        try (Statement s = writer.createStatement();
            ResultSet rs = s.executeQuery("SELECT count(*) FROM spans")) {
          rs.next();
          count = rs.getLong(1);
        }
        if (count > maxSpans) {
          // whole start times go at once, so the store may keep a little less than maxSpans
          try (PreparedStatement ps =
              writer.prepareStatement(
                  "DELETE FROM spans WHERE start_ns <= (SELECT start_ns FROM spans"
                      + " ORDER BY start_ns LIMIT 1 OFFSET ?)")) {
            ps.setLong(1, count - maxSpans - 1);
            dropped += ps.executeUpdate();
          }
        }
        writer.commit();
        return dropped;
      } catch (SQLException e) {
        rollback();
        throw new StoreException("cannot apply retention", e);
      }
    }
  }

  private static long nanos(Instant t) {
    if (t.getEpochSecond() <= 0) {
      return 0;
    }
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private static SpanRecord span(ResultSet rs) throws SQLException {
    return new SpanRecord(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getLong(7),
        rs.getLong(8),
        rs.getBoolean(9),
        rs.getString(10),
        rs.getString(11),
        longOrNull(rs, 12),
        rs.getString(13),
        rs.getString(14),
        rs.getString(15),
        rs.getString(16),
        rs.getString(17),
        rs.getString(18),
        rs.getString(19),
        longOrNull(rs, 20),
        longOrNull(rs, 21),
        doubleOrNull(rs, 22),
        rs.getString(23),
        rs.getBoolean(24),
        rs.getString(25),
        doubleOrNull(rs, 26),
        rs.getString(27),
        rs.getString(28),
        rs.getString(29),
        rs.getString(30),
        rs.getString(31));
  }

  private static Long longOrNull(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static Double doubleOrNull(ResultSet rs, int column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  /** Binds a statement's parameters. */
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  /** Reads one row. */
  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Runs a read on a connection of its own, so it does not wait for a write in progress. */
  private <T> List<T> query(String sql, Binder binder, RowReader<T> reader) throws StoreException {
    try (Connection c = writer.duplicate();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(reader.read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("query failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    synchronized (writer) {
      try {
        writer.close();
      } catch (SQLException ignored) {
        // closing at shutdown: nothing left to save
      }
    }
  }
}
