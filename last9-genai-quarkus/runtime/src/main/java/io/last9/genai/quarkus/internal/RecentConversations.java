/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.internal;

import io.last9.genai.GenAiAttributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The conversations the application served most recently, with their turns and cost, for the Dev UI
 * card. A span processor registered in dev mode only: it reads the ids, turn and cost the library's
 * processor wrote on each ended span (pricing happens before any processor sees the end), and keeps
 * at most {@value #MAX_CONVERSATIONS} conversations, the least recently seen dropped first, and of
 * each the {@value #MAX_TURNS} latest turns.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@Singleton
public class RecentConversations implements SpanProcessor {

  static final int MAX_CONVERSATIONS = 50;
  static final int MAX_TURNS = 100;

  /** One turn of a conversation: its model calls and their cost. */
  static final class Turn {
    long modelCalls;
    double costUsd;
    long unpriced;
  }

  /** One conversation as the card shows it. */
  static final class Entry {
    final String conversationId;
    String userId;
    long lastTurn;
    long turns;
    long modelCalls;
    double costUsd;
    long unpriced;
    long lastSeenMillis;
    // by turn number, so the card lists them in order whatever order their spans ended in
    final TreeMap<Long, Turn> byTurn = new TreeMap<>();

    Entry(String conversationId) {
      this.conversationId = conversationId;
    }
  }

  private final Map<String, Entry> conversations =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
          return size() > MAX_CONVERSATIONS;
        }
      };

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    String id = span.getAttribute(GenAiAttributes.CONVERSATION_ID);
    if (id == null) {
      return;
    }
    Long turn = span.getAttribute(GenAiAttributes.CONVERSATION_TURN);
    Double cost = span.getAttribute(GenAiAttributes.USAGE_COST_USD);
    boolean model = "chat".equals(span.getAttribute(GenAiAttributes.OPERATION_NAME));
    String user = span.getAttribute(GenAiAttributes.USER_ID);
    synchronized (conversations) {
      Entry e = conversations.computeIfAbsent(id, Entry::new);
      Turn t = null;
      if (turn != null) {
        t = e.byTurn.get(turn);
        if (t == null) {
          t = new Turn();
          e.byTurn.put(turn, t);
          e.turns++;
          if (e.byTurn.size() > MAX_TURNS) {
            e.byTurn.pollFirstEntry();
          }
        }
        e.lastTurn = Math.max(e.lastTurn, turn);
      }
      if (user != null) {
        e.userId = user;
      }
      if (model) {
        e.modelCalls++;
        if (cost != null) {
          e.costUsd += cost;
        } else {
          e.unpriced++;
        }
        if (t != null) {
          t.modelCalls++;
          if (cost != null) {
            t.costUsd += cost;
          } else {
            t.unpriced++;
          }
        }
      }
      e.lastSeenMillis = System.currentTimeMillis();
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /**
   * The conversations, most recently seen first; each with its latest turns ({@code "turnList"}),
   * lowest turn number first.
   */
  public List<Map<String, Object>> list() {
    List<Map<String, Object>> out = new ArrayList<>();
    synchronized (conversations) {
      for (Entry e : conversations.values()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("conversationId", e.conversationId);
        row.put("userId", e.userId == null ? "" : e.userId);
        row.put("turns", e.turns);
        row.put("lastTurn", e.lastTurn);
        row.put("modelCalls", e.modelCalls);
        row.put("costUsd", e.costUsd);
        row.put("unpricedCalls", e.unpriced);
        row.put("lastSeen", java.time.Instant.ofEpochMilli(e.lastSeenMillis).toString());
        List<Map<String, Object>> turns = new ArrayList<>(e.byTurn.size());
        for (Map.Entry<Long, Turn> t : e.byTurn.entrySet()) {
          Map<String, Object> turn = new LinkedHashMap<>();
          turn.put("turn", t.getKey());
          turn.put("modelCalls", t.getValue().modelCalls);
          turn.put("costUsd", t.getValue().costUsd);
          turn.put("unpricedCalls", t.getValue().unpriced);
          turns.add(turn);
        }
        row.put("turnList", turns);
        out.add(0, row);
      }
    }
    return out;
  }

  @Override
  public CompletableResultCode shutdown() {
    synchronized (conversations) {
      conversations.clear();
    }
    return CompletableResultCode.ofSuccess();
  }
}
