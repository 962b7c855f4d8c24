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
import java.util.ArrayDeque;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The embedded store: a DuckDB table of spans, in memory or in a file, with one row per
 * conversation kept beside it and the content that arrived as log events. Batches are written
 * through DuckDB's Appender (its bulk path) by two connections in parallel, each storing every
 * batch waiting for it under one commit, which precedes {@link #append}'s return: a batch the
 * receiver acknowledged is in the file's write-ahead log. A span already stored is skipped. Readers
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
          + " workflow_total_cost_usd DOUBLE, input_messages VARCHAR, output_messages VARCHAR,"
          + " attributes VARCHAR, ended_after_close BOOLEAN";

  /**
   * One row per conversation, so the list reads a row per conversation instead of aggregating every
   * span on each load. Each commit of spans appends what it adds to each conversation to {@code
   * conversation_delta} (an append, like the spans: an upsert per batch cost more than the spans'
   * own append); the deltas are merged into this table from time to time, and a read adds the few
   * not merged yet. Retention recomputes the rows it touched. Cost is an exact count of 1e-10 USD
   * units.
   */
  private static final String CONVERSATION_TABLE =
      "conversations (conversation_id VARCHAR PRIMARY KEY, user_id VARCHAR, turns BIGINT[],"
          + " spans BIGINT, first_ns BIGINT, last_ns BIGINT, cost_units BIGINT, models VARCHAR[],"
          + " errors BIGINT, unpriced BIGINT, priced_by_explorer BOOLEAN)";

  /** What a commit adds to a conversation; lists as tab-separated text (the Appender's types). */
  private static final String DELTA_TABLE =
      "conversation_delta (conversation_id VARCHAR NOT NULL, user_id VARCHAR, turns VARCHAR,"
          + " spans BIGINT, first_ns BIGINT, last_ns BIGINT, cost_units BIGINT, models VARCHAR,"
          + " errors BIGINT, unpriced BIGINT, priced_by_explorer BOOLEAN)";

  /** The delta rows with the conversations table's types. */
  private static final String DELTA_ROWS =
      "SELECT conversation_id, user_id,"
          + " list_transform(string_split(turns, chr(9)), x -> CAST(x AS BIGINT)) AS turns,"
          + " spans, first_ns, last_ns, cost_units,"
          + " CASE WHEN models = '' THEN []::VARCHAR[] ELSE string_split(models, chr(9)) END"
          + " AS models, errors, unpriced, priced_by_explorer FROM conversation_delta";

  /** Rows of the same conversation summed into one (turns and models as sets). */
  private static final String MERGED =
      "SELECT conversation_id, max(user_id) AS user_id,"
          + " list_sort(list_distinct(flatten(list(turns)))) AS turns, sum(spans) AS spans,"
          + " min(first_ns) AS first_ns, max(last_ns) AS last_ns, sum(cost_units) AS cost_units,"
          + " list_sort(list_distinct(flatten(list(models)))) AS models, sum(errors) AS errors,"
          + " sum(unpriced) AS unpriced, bool_or(priced_by_explorer) AS priced_by_explorer FROM (";

  /**
   * Every conversation, one row each: the rows no delta touches as they are, the few others summed
   * with their deltas (summing every row's lists cost more than the list's whole budget).
   */
  private static final String CONVERSATION_ROWS =
      "SELECT * FROM conversations WHERE conversation_id NOT IN (SELECT conversation_id FROM"
          + " conversation_delta) UNION ALL "
          + MERGED
          + "SELECT * FROM conversations WHERE conversation_id IN (SELECT conversation_id FROM"
          + " conversation_delta) UNION ALL "
          + DELTA_ROWS
          + ") GROUP BY conversation_id";

  /** Delta rows beyond which a commit merges them into the conversations table. */
  private static final int MAX_DELTA_ROWS = 20_000;

  /** The conversations table's rows, from the spans (for a conversation the filter names). */
  private static final String CONVERSATION_AGGREGATES =
      "SELECT conversation_id, max(user_id), list_sort(list(DISTINCT coalesce(turn, 0))),"
          + " count(*), min(start_ns), max(end_ns),"
          + " coalesce(sum(CAST(round(cost_usd * 1e10) AS BIGINT)), 0),"
          + " list_sort(list(DISTINCT model) FILTER (WHERE model IS NOT NULL)),"
          + " count(*) FILTER (WHERE error), count(*) FILTER (WHERE unpriced_reason IS NOT NULL),"
          + " coalesce(bool_or(priced_by_explorer), false) FROM spans WHERE conversation_id IS NOT"
          + " NULL";

  /**
   * How far outside a conversation's first and last time the spans of its traces that name no
   * conversation are looked for (a server span around the turn, another service's clock).
   */
  private static final long TRACE_MARGIN_NANOS = 10 * 60 * 1_000_000_000L;

  /** Keys remembered per generation to recognise a retried batch. */
  private static final int RECENT_KEYS = 1 << 19;

  /** Content events remembered per generation (fewer arrive than spans, each larger). */
  private static final int RECENT_CONTENT_KEYS = 1 << 17;

  private static final String CONVERSATION_COLUMNS =
      "conversation_id, user_id, len(turns), spans, first_ns, last_ns, cost_units, models, errors,"
          + " unpriced, priced_by_explorer";

  /** Delta rows not merged yet (a trigger for merging, not an exact count). */
  private final AtomicLong deltaRows = new AtomicLong();

  /**
   * Connections that append spans, each in its own transaction: DuckDB appends from several
   * connections in parallel (appends never conflict), so decoding and appending use both cores.
   */
  private static final int SPAN_WRITERS = 2;

  private static final Logger logger = Logger.getLogger(DuckDbSpanStore.class.getName());

  private final DuckDBConnection writer;
  private final Duration maxAge;
  private final long maxSpans;

  /** Free span writers. */
  private final BlockingQueue<SpanWriter> spanWriters = new ArrayBlockingQueue<>(SPAN_WRITERS);

  /** Batches waiting for a span writer; whoever gets one stores all waiting under one commit. */
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();

  /** Keys stored; guarded by itself, as {@link #inFlight} is. */
  private final RecentKeys recent = new RecentKeys(RECENT_KEYS);

  /** Keys of the content events stored; guarded by {@link #writer}. */
  private final RecentKeys recentContent = new RecentKeys(RECENT_CONTENT_KEYS);

  /** Keys being written by a span writer now, so two writers do not both store a retry. */
  private final Set<Long> inFlight = new HashSet<>();

  private DuckDbSpanStore(DuckDBConnection writer, Duration maxAge, long maxSpans)
      throws SQLException {
    this.writer = writer;
    this.maxAge = maxAge;
    this.maxSpans = maxSpans;
    for (int i = 0; i < SPAN_WRITERS; i++) {
      DuckDBConnection c = writer.duplicate();
      c.setAutoCommit(false);
      spanWriters.add(new SpanWriter(c));
    }
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
        // A checkpoint rewrites and compresses the table's last, partly filled row group: at the
        // default 16 MB of write-ahead log that happened every ~60,000 spans, and cost a fifth
        // of the ingest's CPU. 64 MB checkpoints 4x less often; a restart replays at most 64 MB.
        s.execute("SET checkpoint_threshold = '64MB'");
        s.execute("CREATE TABLE IF NOT EXISTS spans (" + COLUMNS + ")");
        // a file written before the question and answer were read at display time
        s.execute("ALTER TABLE spans DROP COLUMN IF EXISTS question");
        s.execute("ALTER TABLE spans DROP COLUMN IF EXISTS answer");
        // a file written before late calls were told apart: none of its spans reads as one
        s.execute("ALTER TABLE spans ADD COLUMN IF NOT EXISTS ended_after_close BOOLEAN");
        s.execute(
            "CREATE TABLE IF NOT EXISTS span_content (trace_id VARCHAR NOT NULL,"
                + " span_id VARCHAR NOT NULL, time_ns BIGINT NOT NULL, input_messages VARCHAR,"
                + " output_messages VARCHAR, content_key BIGINT)");
        // a file written before content events were keyed: its rows have none, and are not
        // recognised if sent again
        s.execute("ALTER TABLE span_content ADD COLUMN IF NOT EXISTS content_key BIGINT");
        boolean fresh;
        try (ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_name ="
                    + " 'conversations'")) {
          rs.next();
          fresh = rs.getLong(1) == 0;
        }
        s.execute("CREATE TABLE IF NOT EXISTS " + CONVERSATION_TABLE);
        s.execute("CREATE TABLE IF NOT EXISTS " + DELTA_TABLE);
        if (fresh) {
          s.execute(
              "INSERT INTO conversations " + CONVERSATION_AGGREGATES + " GROUP BY conversation_id");
        }
        s.execute(
            "CREATE TABLE IF NOT EXISTS cost_points (series VARCHAR NOT NULL,"
                + " start_ns BIGINT NOT NULL, time_ns BIGINT NOT NULL, cumulative BOOLEAN NOT NULL,"
                + " value_usd DOUBLE NOT NULL, model VARCHAR, provider VARCHAR,"
                + " workflow_type VARCHAR)");
      }
      connection.setAutoCommit(false);
      DuckDbSpanStore store = new DuckDbSpanStore(connection, maxAge, maxSpans);
      store.rememberRecentKeys();
      store.merge();
      return store;
    } catch (SQLException e) {
      throw new StoreException(
          "cannot open the DuckDB store" + (file == null ? "" : " " + file), e);
    }
  }

  /**
   * Stores {@code spans} and returns once they are committed. Batches that arrive while another is
   * being written wait, and the next writer stores them all under one commit (group commit): each
   * caller still returns only after the commit holding its batch. A span whose (trace id, span id)
   * is already stored is skipped, so a batch sent again is stored once.
   */
  @Override
  public void append(List<SpanRecord> spans) throws StoreException {
    if (spans.isEmpty()) {
      return;
    }
    Pending mine = new Pending(spans);
    synchronized (pending) {
      pending.add(mine);
    }
    SpanWriter c;
    try {
      c = spanWriters.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted waiting to store " + spans.size() + " spans", e);
    }
    try {
      if (!mine.isDone()) {
        List<Pending> group;
        synchronized (pending) {
          group = new ArrayList<>(pending);
          pending.clear();
        }
        if (!group.isEmpty()) {
          write(c, group); // mine is in it, or in a group another writer is storing now
        }
      }
    } finally {
      c.release();
      spanWriters.add(c);
    }
    SQLException failure = mine.await();
    if (failure != null) {
      throw new StoreException("cannot store " + spans.size() + " spans", failure);
    }
    if (deltaRows.get() > MAX_DELTA_ROWS) {
      try {
        mergeConversations();
      } catch (SQLException e) {
        // the deltas stay, and are merged next time; the spans are stored
        logger.log(Level.FINE, "cannot merge conversation rows", e);
      }
    }
  }

  /** Writes a group under one commit; if that fails, each batch alone, so one bad batch fails. */
  private void write(SpanWriter c, List<Pending> group) {
    try {
      try {
        commit(c, group);
        return;
      } catch (SQLException e) {
        c.rollback();
        if (group.size() == 1) {
          group.get(0).finish(e);
          return;
        }
      }
      for (Pending p : group) {
        try {
          commit(c, List.of(p));
        } catch (SQLException e) {
          c.rollback();
          p.finish(e);
        }
      }
    } catch (RuntimeException | Error e) {
      for (Pending p : group) {
        p.finish(new SQLException("cannot store the batch", e)); // no caller waits forever
      }
      throw e;
    }
  }

  private void commit(SpanWriter c, List<Pending> group) throws SQLException {
    List<Long> added = new ArrayList<>();
    Map<String, ConversationDelta> deltas = new HashMap<>();
    boolean committed = false;
    try {
      DuckDBAppender appender = c.spans();
      for (Pending p : group) {
        for (SpanRecord r : p.spans) {
          if (r.traceId() != null && r.spanId() != null) {
            long key = RecentKeys.key(r.traceId(), r.spanId());
            synchronized (recent) {
              if (recent.contains(key) || !inFlight.add(key)) {
                continue; // stored already, or being stored: an exporter's retry
              }
            }
            added.add(key);
          }
          appendRow(appender, r);
          if (r.conversationId() != null) {
            deltas.computeIfAbsent(r.conversationId(), ConversationDelta::new).add(r);
          }
        }
      }
      appender.flush();
      appendDeltas(c.deltas(), deltas.values());
      c.connection.commit();
      committed = true;
    } finally {
      synchronized (recent) {
        for (long key : added) {
          inFlight.remove(key);
          if (committed) {
            recent.add(key);
          }
        }
      }
    }
    deltaRows.addAndGet(deltas.size());
    for (Pending p : group) {
      p.finish(null);
    }
  }

  private static void appendRow(DuckDBAppender appender, SpanRecord r) throws SQLException {
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
    string(appender, r.inputMessages());
    string(appender, r.outputMessages());
    string(appender, r.attributes());
    appender.append(r.endedAfterWorkflowClose());
    appender.endRow();
  }

  /** Appends what a group adds to each conversation, in the same transaction as its spans. */
  private static void appendDeltas(
      DuckDBAppender appender, java.util.Collection<ConversationDelta> deltas) throws SQLException {
    if (deltas.isEmpty()) {
      return;
    }
    for (ConversationDelta d : deltas) {
      appender.beginRow();
      appender.append(d.id);
      string(appender, d.user);
      appender.append(joined(d.turns));
      appender.append(d.spans);
      appender.append(d.first);
      appender.append(d.last);
      appender.append(d.costUnits);
      appender.append(joined(d.models));
      appender.append(d.errors);
      appender.append(d.unpriced);
      appender.append(d.pricedByExplorer);
      appender.endRow();
    }
    appender.flush();
  }

  /** Merges the deltas into the conversations table, in a transaction of its own. */
  private void mergeConversations() throws SQLException {
    synchronized (writer) {
      try {
        merge();
      } catch (SQLException e) {
        rollback();
        throw e;
      }
    }
  }

  private void merge() throws SQLException {
    long before = deltaRows.get();
    try (Statement s = writer.createStatement()) {
      s.execute(
          "INSERT INTO conversations "
              + MERGED
              + DELTA_ROWS
              + ") GROUP BY conversation_id"
              + " ON CONFLICT (conversation_id) DO UPDATE SET"
              + " user_id = greatest(conversations.user_id, excluded.user_id),"
              + " turns = list_sort(list_distinct(list_concat(conversations.turns,"
              + " excluded.turns))), spans = conversations.spans + excluded.spans,"
              + " first_ns = least(conversations.first_ns, excluded.first_ns),"
              + " last_ns = greatest(conversations.last_ns, excluded.last_ns),"
              + " cost_units = conversations.cost_units + excluded.cost_units,"
              + " models = list_sort(list_distinct(list_concat(conversations.models,"
              + " excluded.models))), errors = conversations.errors + excluded.errors,"
              + " unpriced = conversations.unpriced + excluded.unpriced,"
              + " priced_by_explorer = conversations.priced_by_explorer"
              + " OR excluded.priced_by_explorer");
      s.execute("DELETE FROM conversation_delta");
    }
    writer.commit();
    deltaRows.addAndGet(-before);
  }

  private static String joined(Set<?> values) {
    StringBuilder sb = new StringBuilder();
    for (Object v : values) {
      if (sb.length() > 0) {
        sb.append('\t');
      }
      sb.append(v);
    }
    return sb.toString();
  }

  /**
   * After a restart: the keys of the latest spans and content events, so a batch retried across it
   * is stored once.
   */
  private void rememberRecentKeys() throws SQLException {
    try (Statement s = writer.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT trace_id, span_id FROM spans ORDER BY end_ns DESC LIMIT " + RECENT_KEYS)) {
      List<Long> keys = new ArrayList<>();
      while (rs.next()) {
        keys.add(RecentKeys.key(rs.getString(1), rs.getString(2)));
      }
      for (int i = keys.size() - 1; i >= 0; i--) {
        recent.add(keys.get(i)); // oldest first, so the newest are the last forgotten
      }
    }
    try (Statement s = writer.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT content_key FROM (SELECT content_key, time_ns FROM span_content"
                    + " WHERE content_key IS NOT NULL ORDER BY time_ns DESC LIMIT "
                    + RECENT_CONTENT_KEYS
                    + ") ORDER BY time_ns")) {
      while (rs.next()) {
        recentContent.add(rs.getLong(1));
      }
    }
    writer.commit();
  }

  /**
   * A connection that appends spans, with its Appenders kept from one commit to the next (making
   * one costs about as much as appending a thousand rows). One thread at a time uses it (it is
   * taken from and given back to a blocking queue), but not always the same thread: the Appenders'
   * own locks are taken around each use, as DuckDB asks of an Appender used by several threads.
   */
  private static final class SpanWriter {
    final DuckDBConnection connection;
    private final Appender spans;
    private final Appender deltas;

    SpanWriter(DuckDBConnection connection) {
      this.connection = connection;
      this.spans = new Appender(connection, "spans");
      this.deltas = new Appender(connection, "conversation_delta");
    }

    DuckDBAppender spans() throws SQLException {
      return spans.get();
    }

    DuckDBAppender deltas() throws SQLException {
      return deltas.get();
    }

    /** Gives the Appenders back at the end of a use (the next may be another thread's). */
    void release() {
      spans.release();
      deltas.release();
    }

    /** Drops the Appenders (they may hold part of a row) and the transaction. */
    void rollback() {
      spans.discard();
      deltas.discard();
      DuckDbSpanStore.rollback(connection);
    }

    void close() throws SQLException {
      rollback();
      connection.close();
    }
  }

  /** One table's Appender, made on first use and locked while a thread uses it. */
  private static final class Appender {
    private final DuckDBConnection connection;
    private final String table;
    private DuckDBAppender appender;
    private Lock lock;
    private boolean locked;

    Appender(DuckDBConnection connection, String table) {
      this.connection = connection;
      this.table = table;
    }

    DuckDBAppender get() throws SQLException {
      if (appender == null) {
        appender = connection.createAppender("main", table);
        lock = appender.unsafeBreakThreadConfinement();
      }
      if (!locked) {
        lock.lock();
        locked = true;
      }
      return appender;
    }

    void release() {
      if (locked) {
        locked = false;
        lock.unlock();
      }
    }

    void discard() {
      if (appender == null) {
        return;
      }
      try {
        get();
        appender.close();
      } catch (SQLException | RuntimeException ignored) {
        // whatever it held goes with the rollback that follows
      } finally {
        release();
        appender = null;
        lock = null;
      }
    }
  }

  /** One caller's batch, waiting for (or done with) its commit. */
  private static final class Pending {
    final List<SpanRecord> spans;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile SQLException failure;

    Pending(List<SpanRecord> spans) {
      this.spans = spans;
    }

    void finish(SQLException failure) {
      if (done.getCount() > 0) {
        this.failure = failure;
        done.countDown();
      }
    }

    boolean isDone() {
      return done.getCount() == 0;
    }

    /** Waits for the commit holding this batch; its failure, or null. */
    SQLException await() {
      boolean interrupted = false;
      while (true) {
        try {
          done.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the commit is under way: wait for its outcome all the same
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return failure;
    }
  }

  /** What one group adds to one conversation's row. */
  private static final class ConversationDelta {
    final String id;
    String user;
    final Set<Long> turns = new TreeSet<>();
    final Set<String> models = new TreeSet<>();
    long spans;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long costUnits;
    long errors;
    long unpriced;
    boolean pricedByExplorer;

    ConversationDelta(String id) {
      this.id = id;
    }

    void add(SpanRecord s) {
      if (s.userId() != null && (user == null || s.userId().compareTo(user) > 0)) {
        user = s.userId(); // the greatest, as SQL's max(user_id)
      }
      turns.add(s.turn() == null ? 0 : s.turn());
      if (s.model() != null && s.model().indexOf('\t') < 0) {
        models.add(s.model());
      }
      spans++;
      first = Math.min(first, s.startNanos());
      last = Math.max(last, s.endNanos());
      costUnits += Usd.units(s.costUsd());
      errors += s.error() ? 1 : 0;
      unpriced += s.unpricedReason() == null ? 0 : 1;
      pricedByExplorer |= s.pricedByExplorer();
    }
  }

  @Override
  public void appendContent(List<ContentRecord> records) throws StoreException {
    if (records.isEmpty()) {
      return;
    }
    synchronized (writer) {
      List<Long> added = new ArrayList<>(records.size());
      try {
        try (DuckDBAppender appender = writer.createAppender("main", "span_content")) {
          Map<Long, Integer> seen = new HashMap<>();
          for (ContentRecord c : records) {
            long key = contentKey(c, seen);
            if (recentContent.contains(key)) {
              continue; // stored already: an exporter's retry
            }
            added.add(key);
            appender.beginRow();
            appender.append(c.traceId());
            appender.append(c.spanId());
            appender.append(c.timeNanos());
            string(appender, c.inputMessages());
            string(appender, c.outputMessages());
            appender.append(key);
            appender.endRow();
          }
          appender.flush();
        }
        writer.commit();
      } catch (SQLException e) {
        rollback();
        throw new StoreException("cannot store " + records.size() + " content events", e);
      }
      for (long key : added) {
        recentContent.add(key);
      }
    }
  }

  /**
   * The key of a content event: a hash of all it holds and of how many identical events came before
   * it in the same batch, so that a batch sent again matches itself while two equal messages of one
   * call (a user saying "yes" twice) stay two. The key is stored with the event, to be reloaded at
   * start.
   */
  private static long contentKey(ContentRecord c, Map<Long, Integer> seen) {
    long h = RecentKeys.key(c.traceId(), c.spanId());
    h = RecentKeys.mix(h, c.timeNanos());
    h = RecentKeys.mix(h, c.inputMessages());
    h = RecentKeys.mix(h, c.outputMessages());
    int before = seen.merge(h, 1, Integer::sum) - 1;
    return RecentKeys.mix(h, before);
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
    rollback(writer);
  }

  private static void rollback(DuckDBConnection c) {
    try {
      c.rollback();
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
            + " FROM ("
            + CONVERSATION_ROWS
            + ")"
            + (search == null
                ? ""
                : " WHERE contains(lower(conversation_id), lower(?))"
                    + " OR contains(lower(coalesce(user_id, '')), lower(?))")
            + " ORDER BY "
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
        Usd.fromUnits(rs.getLong(7)),
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
    List<ConversationSummary> found =
        query(
            "SELECT "
                + CONVERSATION_COLUMNS
                + " FROM ("
                + MERGED
                + "SELECT * FROM conversations WHERE conversation_id = ? UNION ALL "
                + DELTA_ROWS
                + " WHERE conversation_id = ?) GROUP BY conversation_id)",
            ps -> {
              ps.setString(1, id);
              ps.setString(2, id);
            },
            DuckDbSpanStore::summary);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ConversationSummary summary = found.get(0);
    // Its spans lie between its first start and last end: ingest order is time order, so
    // DuckDB's min/max zone maps on start_ns skip the row groups outside (no index to keep up on
    // every append). Then the spans of its traces that name no conversation (an HTTP call made
    // inside a turn by an instrumentation that does not stamp the conversation), looked for a
    // little outside that range. Two plain filters, so each is one column scan.
    List<SpanRecord> spans =
        new ArrayList<>(
            query(
                "SELECT * FROM spans WHERE start_ns BETWEEN ? AND ? AND conversation_id = ?",
                ps -> {
                  ps.setLong(1, summary.firstNanos());
                  ps.setLong(2, summary.lastNanos());
                  ps.setString(3, id);
                },
                DuckDbSpanStore::span));
    if (spans.isEmpty()) {
      return Optional.empty();
    }
    Set<String> traceIds = new LinkedHashSet<>();
    for (SpanRecord s : spans) {
      traceIds.add(s.traceId());
    }
    String marks = String.join(",", java.util.Collections.nCopies(traceIds.size(), "?"));
    spans.addAll(
        query(
            "SELECT * FROM spans WHERE start_ns BETWEEN ? AND ? AND trace_id IN ("
                + marks
                + ") AND conversation_id IS NULL",
            ps -> {
              ps.setLong(1, summary.firstNanos() - TRACE_MARGIN_NANOS);
              ps.setLong(2, summary.lastNanos() + TRACE_MARGIN_NANOS);
              int i = 3;
              for (String t : traceIds) {
                ps.setString(i++, t);
              }
            },
            DuckDbSpanStore::span));
    spans = withContent(spans, traceIds);
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

  /**
   * The spans with their messages: their own, else those their content log events carried (in the
   * order observed), and the question and answer read from them.
   */
  private List<SpanRecord> withContent(List<SpanRecord> spans, Set<String> traceIds)
      throws StoreException {
    Map<String, String[]> events = new HashMap<>();
    if (!traceIds.isEmpty()) {
      String marks = String.join(",", java.util.Collections.nCopies(traceIds.size(), "?"));
      query(
          "SELECT trace_id || span_id, input_messages, output_messages FROM span_content"
              + " WHERE trace_id IN ("
              + marks
              + ") ORDER BY time_ns",
          ps -> {
            int i = 1;
            for (String t : traceIds) {
              ps.setString(i++, t);
            }
          },
          rs -> {
            String[] both = events.computeIfAbsent(rs.getString(1), k -> new String[2]);
            both[0] = Messages.concat(both[0], rs.getString(2));
            both[1] = Messages.concat(both[1], rs.getString(3));
            return null;
          });
    }
    List<SpanRecord> out = new ArrayList<>(spans.size());
    for (SpanRecord s : spans) {
      String[] e = events.get(s.traceId() + s.spanId());
      String input = s.inputMessages() != null || e == null ? s.inputMessages() : e[0];
      String output = s.outputMessages() != null || e == null ? s.outputMessages() : e[1];
      out.add(s.withContent(input, output));
    }
    return out;
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
        withContent(
            query(
                "SELECT * FROM spans WHERE trace_id = ? ORDER BY start_ns, span_id",
                ps -> ps.setString(1, traceId),
                DuckDbSpanStore::span),
            Set.of(traceId)));
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
          // A workflow span's total lacks the calls that ended after it closed; those say so. Each
          // is added to the workflow spans above it that ended before it did (its own, and those
          // around it that had closed too), walking up its parents: late calls are few.
          // (received parents may form a cycle: the walk stops at a depth no real trace reaches)
          + " up AS (SELECT trace_id, parent_span_id AS span_id, end_ns, cost_usd, 1 AS depth"
          + " FROM spans WHERE ended_after_close AND cost_usd IS NOT NULL"
          + " UNION ALL SELECT p.trace_id, p.parent_span_id, up.end_ns, up.cost_usd, up.depth + 1"
          + " FROM up JOIN spans p ON p.trace_id = up.trace_id AND p.span_id = up.span_id"
          + " WHERE up.depth < 256),"
          + " late AS (SELECT w.trace_id, w.span_id, sum(up.cost_usd) AS cost FROM up"
          + " JOIN spans w ON w.trace_id = up.trace_id AND w.span_id = up.span_id"
          + " WHERE w.l9_kind = 'workflow' AND w.end_ns <= up.end_ns"
          + " GROUP BY w.trace_id, w.span_id),"
          + " runs AS (SELECT w.workflow_id, w.workflow_type, w.trace_id, w.conversation_id,"
          + " w.start_ns, (w.end_ns - w.start_ns) / 1e6 AS duration_ms,"
          + " coalesce(w.workflow_total_cost_usd + coalesce(late.cost, 0), per.span_cost, 0)"
          + " AS cost,"
          + " coalesce(per.calls, 0) AS calls, top.step, coalesce(top.c, 0) AS step_cost"
          + " FROM spans w LEFT JOIN per ON per.workflow_id = w.workflow_id"
          + " LEFT JOIN top ON top.workflow_id = w.workflow_id"
          + " LEFT JOIN late ON late.trace_id = w.trace_id AND late.span_id = w.span_id"
          + " WHERE w.l9_kind = 'workflow')";

  @Override
  public List<WorkflowRun> workflowRuns(String type, double minCostUsd, int limit)
      throws StoreException {
    return query(
        "WITH RECURSIVE "
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
        "WITH RECURSIVE "
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
        "SELECT user_id, count(*), sum(len(turns)), sum(cost_units) / 1e10,"
            + " avg(cost_units) / 1e10, max(last_ns) FROM ("
            + CONVERSATION_ROWS
            + ")"
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
        merge(); // so that the rows recomputed below have no delta left
        long dropped = 0;
        long cutoff = nanos(now.minus(maxAge));
        // every span dropped started at or before this: the conversations it touched too
        long touched = cutoff;
        try (PreparedStatement ps = writer.prepareStatement("DELETE FROM spans WHERE end_ns < ?")) {
          ps.setLong(1, cutoff);
          dropped += ps.executeUpdate();
        }
        for (String table : new String[] {"cost_points", "span_content"}) {
          try (PreparedStatement ps =
              writer.prepareStatement("DELETE FROM " + table + " WHERE time_ns < ?")) {
            ps.setLong(1, cutoff);
            ps.executeUpdate();
          }
        }
        long count;
        try (Statement s = writer.createStatement();
            ResultSet rs = s.executeQuery("SELECT count(*) FROM spans")) {
          rs.next();
          count = rs.getLong(1);
        }
        if (count > maxSpans) {
          // whole start times go at once, so the store may keep a little less than maxSpans
          long oldestKept;
          try (PreparedStatement ps =
              writer.prepareStatement(
                  "SELECT start_ns FROM spans ORDER BY start_ns LIMIT 1 OFFSET ?")) {
            ps.setLong(1, count - maxSpans - 1);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              oldestKept = rs.getLong(1);
            }
          }
          try (PreparedStatement ps =
              writer.prepareStatement("DELETE FROM spans WHERE start_ns <= ?")) {
            ps.setLong(1, oldestKept);
            dropped += ps.executeUpdate();
          }
          try (PreparedStatement ps =
              writer.prepareStatement("DELETE FROM span_content WHERE time_ns <= ?")) {
            ps.setLong(1, oldestKept);
            ps.executeUpdate();
          }
          touched = Math.max(touched, oldestKept);
        }
        if (dropped > 0) {
          // the conversations that began before the cut are summed again from what is left
          try (PreparedStatement ps =
              writer.prepareStatement(
                  "CREATE OR REPLACE TEMP TABLE touched AS SELECT conversation_id FROM"
                      + " conversations WHERE first_ns <= ?")) {
            ps.setLong(1, touched);
            ps.execute();
          }
          try (Statement s = writer.createStatement()) {
            s.execute(
                "DELETE FROM conversations WHERE conversation_id IN (SELECT conversation_id"
                    + " FROM touched)");
            s.execute(
                "INSERT INTO conversations "
                    + CONVERSATION_AGGREGATES
                    + " AND conversation_id IN (SELECT conversation_id FROM touched)"
                    + " GROUP BY conversation_id");
            s.execute("DROP TABLE touched");
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
    SpanRecord columns =
        new SpanRecord(
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
            rs.getBoolean(30),
            null,
            null,
            rs.getString(27),
            rs.getString(28),
            null);
    return columns.withAttributes(ColumnAttributes.restore(rs.getString(29), columns));
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
        for (SpanWriter c : spanWriters) {
          c.close();
        }
        writer.close();
      } catch (SQLException ignored) {
        // closing at shutdown: nothing left to save
      }
    }
  }
}
