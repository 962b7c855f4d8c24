/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

/**
 * Captured content that arrived as an OTLP log record (a GenAI content event) instead of on its
 * span: shown with the span named by its trace and span id. Internal, not for public use.
 *
 * @param traceId the trace id of the span it belongs to, 32 lowercase hex digits
 * @param spanId the span id, 16 lowercase hex digits
 * @param timeNanos when it was observed, nanoseconds since the epoch (orders several events)
 * @param inputMessages input messages as a JSON list, or {@code null}
 * @param outputMessages output messages as a JSON list, or {@code null}
 */
public record ContentRecord(
    String traceId, String spanId, long timeNanos, String inputMessages, String outputMessages) {}
