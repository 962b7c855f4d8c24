/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.Collected;
import io.last9.genai.Collected.Named;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The processor's table of open spans at its smallest size, so that every probe window fills: live
 * entries are never displaced, and the entries of spans nothing holds any more are removed.
 */
class OpenSpanTableTest {

  /** A provider with one processor: the SDK makes recording spans only when one listens. */
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create()))
          .build();

  private final Tracer tracer = provider.get("test");

  @AfterEach
  void close() {
    provider.close();
  }

  private ReadableSpan span() {
    return (ReadableSpan) tracer.spanBuilder("s").startSpan();
  }

  @Test
  void moreLiveSpansThanSlotsAreAllKeptAndFoundAgain() {
    OpenSpanTable table = new OpenSpanTable(8);
    List<ReadableSpan> spans = new ArrayList<>();
    List<WorkflowTotals> totals = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      ReadableSpan s = span();
      WorkflowTotals t = new WorkflowTotals(null);
      spans.add(s);
      totals.add(t);
      table.put(s, t, null, "conv-" + i);
    }
    assertThat(table.size()).isEqualTo(1_000);
    for (int i = 999; i >= 0; i--) {
      OpenSpanTable.Entry e = table.remove(spans.get(i));
      assertThat(e).as("entry %s", i).isNotNull();
      assertThat(e.totals()).isSameAs(totals.get(i));
      assertThat(e.conversationId()).isEqualTo("conv-" + i);
      assertThat(table.remove(spans.get(i))).as("removed once").isNull();
    }
    assertThat(table.size()).isZero();
    assertThat(table.entries()).isZero();
  }

  @Test
  void theEntriesOfSpansNothingHoldsAreRemovedWithWhatTheyReferTo() {
    OpenSpanTable table = new OpenSpanTable(8);
    ReadableSpan kept = span();
    WorkflowTotals keptTotals = new WorkflowTotals(null);
    table.put(kept, keptTotals, null, null);
    List<Named> dropped = putAndDrop(table, 100);
    Collected.awaitCleared(dropped);
    Collected.await("the dropped spans' entries", () -> table.entries() == 1);
    assertThat(table.size()).isEqualTo(1);
    assertThat(table.remove(kept).totals()).isSameAs(keptTotals);
  }

  @Test
  void theDefaultTableTakesManyMoreSpansThanItHasSlots() {
    OpenSpanTable table = new OpenSpanTable(OpenSpanTable.DEFAULT_CAPACITY);
    int n = OpenSpanTable.DEFAULT_CAPACITY * 2;
    List<ReadableSpan> spans = new ArrayList<>(n);
    WorkflowTotals totals = new WorkflowTotals(null);
    for (int i = 0; i < n; i++) {
      ReadableSpan s = span();
      spans.add(s);
      table.put(s, totals, null, null);
    }
    assertThat(table.size()).isEqualTo(n);
    assertThat(spans).allSatisfy(s -> assertThat(table.remove(s)).isNotNull());
    assertThat(table.entries()).isZero();
  }

  @Test
  void theCapacityIsAPowerOfTwoOfAtLeastOneProbeWindow() {
    assertThatThrownBy(() -> new OpenSpanTable(4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OpenSpanTable(100)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Notes spans with their own totals and drops both; returns weak references to them. */
  private List<Named> putAndDrop(OpenSpanTable table, int n) {
    List<Named> refs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ReadableSpan s = span();
      WorkflowTotals t = new WorkflowTotals(null);
      table.put(s, t, null, null);
      refs.add(new Named("span " + i, s));
      refs.add(new Named("the totals noted with span " + i, t));
    }
    return refs;
  }
}
