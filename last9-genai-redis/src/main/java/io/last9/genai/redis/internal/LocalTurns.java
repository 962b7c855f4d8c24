/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The highest turn number this process has used for each recent conversation, whether Redis gave it
 * or the fallback did. It numbers turns while Redis cannot be asked (continuing from what this
 * process last saw, so a conversation does not restart at 1), and it is the floor sent with every
 * Redis call, so that after an outage, or after Redis lost its data, the count resumes above every
 * number this process has handed out. Bounded in entries and idle time; keyed by the hashed Redis
 * key, so bounded in bytes too.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class LocalTurns {

  private final Cache<String, AtomicLong> highest;

  public LocalTurns(long maximumConversations, Duration expireAfterIdle) {
    this.highest =
        Caffeine.newBuilder()
            .maximumSize(maximumConversations)
            .expireAfterAccess(expireAfterIdle)
            // maintenance on the caller's thread: no background pool, and the bound holds as soon
            // as a call returns
            .executor(Runnable::run)
            .build();
  }

  /** The highest number used for {@code key}, or 0 when this process has not seen it (recently). */
  public long highest(String key) {
    AtomicLong n = highest.getIfPresent(key);
    return n == null ? 0 : n.get();
  }

  /** Records that {@code number} was used for {@code key}. */
  public void observe(String key, long number) {
    AtomicLong n = highest.get(key, k -> new AtomicLong());
    long seen = n.get();
    while (number > seen && !n.compareAndSet(seen, number)) {
      seen = n.get();
    }
  }

  /**
   * The next number for {@code key} when Redis cannot be asked: one above the highest used here.
   */
  public long next(String key) {
    return highest.get(key, k -> new AtomicLong()).incrementAndGet();
  }

  /** The number of conversations remembered, after pending evictions. */
  public long size() {
    highest.cleanUp();
    return highest.estimatedSize();
  }
}
