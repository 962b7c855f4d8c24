/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.turns;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.last9.genai.internal.ConversationKeys;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default {@link TurnStore}: per-conversation counters in this JVM, bounded in count and
 * expired when idle, so a service with millions of conversations does not grow without limit. A
 * conversation evicted for size or idleness starts again at turn 1 if it comes back. The bound
 * holds in bytes too: a conversation id longer than {@value ConversationKeys#MAX_LENGTH} characters
 * is kept as its SHA-256 digest, so no id can make an entry large.
 *
 * <pre>{@code
 * TurnStore turns = InMemoryTurnStore.builder()
 *     .maximumConversations(100_000)
 *     .expireAfterIdle(Duration.ofHours(24))
 *     .build();
 * }</pre>
 */
public final class InMemoryTurnStore implements TurnStore {

  /** Default bound on the number of conversations remembered. */
  public static final long DEFAULT_MAXIMUM_CONVERSATIONS = 100_000;

  /** Default idle time after which a conversation is forgotten. */
  public static final Duration DEFAULT_EXPIRE_AFTER_IDLE = Duration.ofHours(24);

  private final long maximumConversations;
  private final Duration expireAfterIdle;

  /**
   * Made on the first turn counted: an application that never opens a conversation never loads the
   * cache's classes (a cold start pays for what it uses).
   */
  private volatile Cache<String, AtomicLong> counters;

  private final Object lock = new Object();

  private InMemoryTurnStore(long maximumConversations, Duration expireAfterIdle) {
    this.maximumConversations = maximumConversations;
    this.expireAfterIdle = expireAfterIdle;
  }

  private Cache<String, AtomicLong> counters() {
    Cache<String, AtomicLong> c = counters;
    if (c != null) {
      return c;
    }
    synchronized (lock) {
      c = counters;
      if (c == null) {
        c =
            Caffeine.newBuilder()
                .maximumSize(maximumConversations)
                .expireAfterAccess(expireAfterIdle)
                // maintenance on the caller's thread: no background pool, and the bound holds as
                // soon as a call returns
                .executor(Runnable::run)
                .build();
        counters = c;
      }
      return c;
    }
  }

  /** A store with the default bounds. */
  public static InMemoryTurnStore create() {
    // not through the builder: the default store is on every processor's start-up path
    return new InMemoryTurnStore(DEFAULT_MAXIMUM_CONVERSATIONS, DEFAULT_EXPIRE_AFTER_IDLE);
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public long nextTurn(String conversationId) {
    return counters()
        .get(ConversationKeys.of(conversationId), k -> new AtomicLong())
        .incrementAndGet();
  }

  /** The number of conversations remembered, after pending evictions have run. */
  public long size() {
    Cache<String, AtomicLong> c = counters;
    if (c == null) {
      return 0;
    }
    c.cleanUp();
    return c.estimatedSize();
  }

  /** Builder for {@link InMemoryTurnStore}. */
  public static final class Builder {
    private long maximumConversations = DEFAULT_MAXIMUM_CONVERSATIONS;
    private Duration expireAfterIdle = DEFAULT_EXPIRE_AFTER_IDLE;

    private Builder() {}

    /** The most conversations remembered at once (default 100,000). */
    public Builder maximumConversations(long maximum) {
      if (maximum <= 0) {
        throw new IllegalArgumentException("maximumConversations must be positive, was " + maximum);
      }
      this.maximumConversations = maximum;
      return this;
    }

    /** How long an idle conversation is remembered (default 24 hours). */
    public Builder expireAfterIdle(Duration idle) {
      if (idle == null || idle.isNegative() || idle.isZero()) {
        throw new IllegalArgumentException(
            "expireAfterIdle must be a positive duration, was " + idle);
      }
      this.expireAfterIdle = idle;
      return this;
    }

    /** Builds the store. */
    public InMemoryTurnStore build() {
      return new InMemoryTurnStore(maximumConversations, expireAfterIdle);
    }
  }
}
