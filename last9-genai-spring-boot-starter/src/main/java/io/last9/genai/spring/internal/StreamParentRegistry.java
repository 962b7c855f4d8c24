/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.micrometer.observation.ObservationView;
import io.opentelemetry.context.Context;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What was current when each streamed OpenAI call in flight was made, by an opaque id the call's
 * HTTP request carries in {@value #HEADER} across openai-java's thread hop (see {@link
 * ContextCarryingOpenAiClient}). Bounded: past {@value #MAX_ENTRIES} streams in flight a call gets
 * no id, and its HTTP client span stays where Spring AI puts it. An entry goes when its stream ends
 * or is closed.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class StreamParentRegistry {

  /** The request header that carries the id; taken off before the request is sent. */
  static final String HEADER = "X-Last9-Genai-Parent";

  /** Streams in flight whose caller is kept. */
  static final int MAX_ENTRIES = 4_096;

  /**
   * What was current at a call.
   *
   * @param observation the caller's current observation, or {@code null}
   * @param context the caller's OpenTelemetry context: its span and the last9-genai scopes
   */
  record Caller(ObservationView observation, Context context) {}

  private final Map<String, Caller> callers = new ConcurrentHashMap<>();
  private final AtomicLong counter = new AtomicLong();

  /** Random per registry, so an id names nothing outside this process. */
  private final String prefix = Long.toHexString(new SecureRandom().nextLong());

  /** Keeps {@code caller} and returns its id, or {@code null} when the registry is full. */
  String register(Caller caller) {
    if (callers.size() >= MAX_ENTRIES) {
      return null;
    }
    String id = prefix + '-' + Long.toHexString(counter.incrementAndGet());
    callers.put(id, caller);
    return id;
  }

  /** The caller kept under {@code id}, or {@code null}. */
  Caller find(String id) {
    return id == null ? null : callers.get(id);
  }

  /** Forgets {@code id} (a no-op for {@code null} or an id already forgotten). */
  void forget(String id) {
    if (id != null) {
      callers.remove(id);
    }
  }

  /** Entries held (for tests). */
  int size() {
    return callers.size();
  }
}
