/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where received spans are kept, and the questions the pages ask of them. One implementation is
 * embedded ({@link DuckDbSpanStore}); the interface leaves room for one over a team's own backend.
 * Internal, not for public use.
 */
public interface SpanStore extends AutoCloseable {

  /** How the conversation list is ordered. */
  enum ConversationOrder {
    /** The most recent activity first. */
    RECENT,
    /** The most costly first. */
    COST
  }

  /** What spend is broken down by. */
  enum SpendDimension {
    /**
     * The price entry that priced the call ({@code gpt-4o} for {@code
     * genai-prices:openai/gpt-4o@2026-08-21}), as the cost metric names it; else the model.
     */
    MODEL(
        "coalesce(nullif(regexp_extract(cost_source, '([^:/@]+)(@[0-9-]+)?$', 1), ''), model)",
        "model"),
    PROVIDER("provider", "provider"),
    WORKFLOW_TYPE("workflow_type", "workflow_type");

    final String spanColumn;
    final String metricColumn;

    SpendDimension(String spanColumn, String metricColumn) {
      this.spanColumn = spanColumn;
      this.metricColumn = metricColumn;
    }
  }

  /**
   * Stores {@code spans}; when it returns they are durable (for a store kept on disk). A span whose
   * trace id and span id are stored already is skipped: a batch sent again is stored once.
   */
  void append(List<SpanRecord> spans) throws StoreException;

  /**
   * Stores captured content that arrived as log records, shown with the span each names; durable
   * when it returns.
   */
  void appendContent(List<ContentRecord> records) throws StoreException;

  /** Stores points of the {@code gen_ai.client.cost} counter; durable when it returns. */
  void appendCostPoints(List<CostPoint> points) throws StoreException;

  /**
   * Spend from the {@code gen_ai.client.cost} counter by {@code dimension} per bucket (the increase
   * of each series within it), since {@code since}. Workflow type is the metric's own.
   */
  List<SpendPoint> metricSpend(SpendDimension dimension, long bucketSeconds, Instant since)
      throws StoreException;

  /** Conversations whose id or user contains {@code search} (all when null), in {@code order}. */
  List<ConversationSummary> conversations(String search, ConversationOrder order, int limit)
      throws StoreException;

  /** One conversation, turn by turn, with each turn's span tree. */
  Optional<Conversation> conversation(String id) throws StoreException;

  /** Every span of one trace, as a tree. */
  List<SpanNode> trace(String traceId) throws StoreException;

  /** The latest traces; only those no conversation names when {@code withoutConversation}. */
  List<TraceSummary> traces(boolean withoutConversation, int limit) throws StoreException;

  /** Workflow runs of {@code type} (any when null) that cost at least {@code minCostUsd}. */
  List<WorkflowRun> workflowRuns(String type, double minCostUsd, int limit) throws StoreException;

  /** The cost distribution of each workflow type. */
  List<WorkflowType> workflowTypes() throws StoreException;

  /** Every user's conversations and what they cost, the most costly first. */
  List<UserSpend> users() throws StoreException;

  /** Spend by {@code dimension} per bucket of {@code bucketSeconds}, since {@code since}. */
  List<SpendPoint> spend(SpendDimension dimension, long bucketSeconds, Instant since)
      throws StoreException;

  /** How many spans are stored. */
  long spanCount() throws StoreException;

  /**
   * Drops spans that ended before {@code now - maxAge}, then the oldest beyond {@code maxSpans}.
   *
   * @return how many spans were dropped
   */
  long enforceRetention(Instant now) throws StoreException;

  @Override
  void close();
}
