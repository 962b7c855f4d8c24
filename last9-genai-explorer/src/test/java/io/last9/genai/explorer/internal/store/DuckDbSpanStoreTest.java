/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbSpanStoreTest {

  private static final long HOUR = 3_600_000_000_000L;

  @Test
  void retentionDropsSpansOlderThanTheAgeThenTheOldestBeyondTheCount() throws Exception {
    long now = Instant.now().getEpochSecond() * 1_000_000_000L;
    try (DuckDbSpanStore store = DuckDbSpanStore.open(null, Duration.ofHours(24), 3)) {
      List<SpanRecord> spans = new ArrayList<>();
      spans.add(span("a", now - 48 * HOUR)); // older than a day: dropped by age
      for (int i = 5; i >= 1; i--) {
        spans.add(span("s" + i, now - i * HOUR));
      }
      store.append(spans);
      assertThat(store.spanCount()).isEqualTo(6);

      assertThat(store.enforceRetention(Instant.now())).isEqualTo(3);
      List<String> kept = new ArrayList<>();
      for (TraceSummary t : store.traces(false, 100)) {
        kept.add(t.rootName());
      }
      assertThat(kept).containsExactly("s1", "s2", "s3");
      assertThat(store.enforceRetention(Instant.now())).isZero();
    }
  }

  @Test
  void aBatchIsStoredWholeOrNotAtAll() throws Exception {
    try (DuckDbSpanStore store = DuckDbSpanStore.open(null, Duration.ofDays(1), 100)) {
      long now = Instant.now().getEpochSecond() * 1_000_000_000L;
      // trace_id is NOT NULL: the second row makes the Appender fail, and the first goes too
      SpanRecord broken =
          new SpanRecord(
              null,
              "00f067aa0ba902b7",
              null,
              "bad",
              "INTERNAL",
              null,
              now,
              now,
              false,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              false,
              null,
              null,
              false,
              null,
              null,
              null,
              null,
              "{}");
      try {
        store.append(List.of(span("good", now), broken));
      } catch (StoreException expected) {
        // reported to the sender as a 503, which it retries
      }
      assertThat(store.spanCount()).isZero();
      store.append(List.of(span("next", now)));
      assertThat(store.spanCount()).isEqualTo(1);
    }
  }

  @Test
  void aBatchStoredAgainIsSkippedEvenAfterARestart(@TempDir Path dir) throws Exception {
    long now = Instant.now().getEpochSecond() * 1_000_000_000L;
    List<SpanRecord> batch = List.of(span("a", now), span("b", now), span("c", now));
    Path file = dir.resolve("spans.duckdb");
    try (DuckDbSpanStore store = DuckDbSpanStore.open(file, Duration.ofDays(1), 100)) {
      store.append(batch);
      store.append(batch);
      store.append(List.of(span("d", now), span("d", now))); // twice in one batch
      assertThat(store.spanCount()).isEqualTo(4);
    }
    try (DuckDbSpanStore store = DuckDbSpanStore.open(file, Duration.ofDays(1), 100)) {
      store.append(batch); // the exporter retries once the explorer is back
      store.append(List.of(span("e", now)));
      assertThat(store.spanCount()).isEqualTo(5);
    }
  }

  @Test
  void contentEventsSentAgainAreSkippedEvenAfterARestart(@TempDir Path dir) throws Exception {
    long now = Instant.now().getEpochSecond() * 1_000_000_000L;
    SpanRecord span = span("a", now);
    List<ContentRecord> events =
        List.of(
            content(span, now, "[{\"role\":\"user\",\"content\":\"yes\"}]"),
            content(span, now, "[{\"role\":\"user\",\"content\":\"yes\"}]"));
    Path file = dir.resolve("spans.duckdb");
    try (DuckDbSpanStore store = DuckDbSpanStore.open(file, Duration.ofDays(1), 100)) {
      store.append(List.of(span));
      store.appendContent(events);
      store.appendContent(events);
      assertThat(yeses(store, span)).isEqualTo(2); // two equal messages, sent twice
    }
    try (DuckDbSpanStore store = DuckDbSpanStore.open(file, Duration.ofDays(1), 100)) {
      store.appendContent(events); // the exporter retries once the explorer is back
      assertThat(yeses(store, span)).isEqualTo(2);
      store.appendContent(List.of(content(span, now + 1, "[{\"content\":\"yes\"}]")));
      assertThat(yeses(store, span)).isEqualTo(3);
    }
  }

  @Test
  void aFileWrittenBeforeContentWasKeyedTakesContentEvents(@TempDir Path dir) throws Exception {
    long now = Instant.now().getEpochSecond() * 1_000_000_000L;
    SpanRecord span = span("a", now);
    Path file = dir.resolve("spans.duckdb");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE span_content (trace_id VARCHAR NOT NULL, span_id VARCHAR NOT NULL,"
              + " time_ns BIGINT NOT NULL, input_messages VARCHAR, output_messages VARCHAR)");
      s.execute(
          "INSERT INTO span_content VALUES ('"
              + span.traceId()
              + "', '"
              + span.spanId()
              + "', "
              + now
              + ", '[{\"content\":\"yes\"}]', NULL)");
    }
    List<ContentRecord> events = List.of(content(span, now + 1, "[{\"content\":\"yes\"}]"));
    try (DuckDbSpanStore store = DuckDbSpanStore.open(file, Duration.ofDays(1), 100)) {
      store.append(List.of(span));
      store.appendContent(events);
      store.appendContent(events);
      assertThat(yeses(store, span)).isEqualTo(2); // the old row and the new one, once
    }
  }

  private static ContentRecord content(SpanRecord span, long time, String input) {
    return new ContentRecord(span.traceId(), span.spanId(), time, input, null);
  }

  private static int yeses(DuckDbSpanStore store, SpanRecord span) throws Exception {
    String input = store.trace(span.traceId()).get(0).span().inputMessages();
    int n = 0;
    for (int at = input.indexOf("\"yes\""); at >= 0; at = input.indexOf("\"yes\"", at + 1)) {
      n++;
    }
    return n;
  }

  private static SpanRecord span(String name, long start) {
    String trace = String.format("%032x", name.hashCode() & 0xffffffffL);
    return new SpanRecord(
        trace,
        "00f067aa0ba902b7",
        null,
        name,
        "INTERNAL",
        "svc",
        start,
        start + 1_000_000,
        false,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        false,
        null,
        null,
        false,
        null,
        null,
        null,
        null,
        "{}");
  }
}
