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

/**
 * The conversations the application served most recently, with their turns and cost, for the Dev UI
 * card. A span processor registered in dev mode only: it reads the ids, turn and cost the library's
 * processor wrote on each ended span (pricing happens before any processor sees the end), and keeps
 * at most {@value #MAX_CONVERSATIONS} conversations, the least recently seen dropped first.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@Singleton
public class RecentConversations implements SpanProcessor {

  static final int MAX_CONVERSATIONS = 50;

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
      if (turn != null && turn > e.lastTurn) {
        e.lastTurn = turn;
        e.turns++;
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
      }
      e.lastSeenMillis = System.currentTimeMillis();
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /** The conversations, most recently seen first. */
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
