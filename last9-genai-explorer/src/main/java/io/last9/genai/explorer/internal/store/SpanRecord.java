/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

/**
 * One received span, flattened into the columns the pages query. Internal, not for public use.
 *
 * @param traceId the trace id, 32 lowercase hex digits
 * @param spanId the span id, 16 lowercase hex digits
 * @param parentSpanId the parent's span id, or {@code null} for a root
 * @param name the span name
 * @param kind the OpenTelemetry span kind ({@code CLIENT}, {@code INTERNAL}, ...)
 * @param service the resource's {@code service.name}
 * @param startNanos start, in nanoseconds since the epoch
 * @param endNanos end, in nanoseconds since the epoch
 * @param error true when the span's status is ERROR
 * @param statusMessage the status description, or {@code null}
 * @param conversationId {@code gen_ai.conversation.id} (or the {@code session.id} other sources
 *     use)
 * @param turn {@code gen_ai.conversation.turn}, or {@code null}
 * @param userId {@code user.id}
 * @param workflowId {@code workflow.id}
 * @param workflowType {@code workflow.type}
 * @param l9Kind {@code gen_ai.l9.span.kind} ({@code llm}, {@code tool}, {@code workflow}, ...), or
 *     one inferred from the GenAI operation for spans of other sources
 * @param operation {@code gen_ai.operation.name}
 * @param provider {@code gen_ai.provider.name}, or the older {@code gen_ai.system}
 * @param model the response model, else the request model
 * @param inputTokens input tokens, or {@code null} when not reported
 * @param outputTokens output tokens, or {@code null} when not reported
 * @param costUsd {@code gen_ai.usage.cost_usd}, or the explorer's own price; {@code null} when
 *     unpriced
 * @param costSource the price entry ({@code gen_ai.l9.cost.price_source}), or {@code null}
 * @param pricedByExplorer true when the span arrived without a cost and the explorer priced it
 * @param unpricedReason why a span with a model has no cost, or {@code null}
 * @param workflowTotalCostUsd {@code workflow.total_cost_usd} (on workflow spans), or {@code null}
 * @param question the turn's user message: the last user text of the input messages
 * @param answer the model's answer: the text of the first output message
 * @param inputMessages the input messages as received (any of the keys the sources use)
 * @param outputMessages the output messages as received
 * @param attributes every span attribute, as a JSON object
 */
public record SpanRecord(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    String kind,
    String service,
    long startNanos,
    long endNanos,
    boolean error,
    String statusMessage,
    String conversationId,
    Long turn,
    String userId,
    String workflowId,
    String workflowType,
    String l9Kind,
    String operation,
    String provider,
    String model,
    Long inputTokens,
    Long outputTokens,
    Double costUsd,
    String costSource,
    boolean pricedByExplorer,
    String unpricedReason,
    Double workflowTotalCostUsd,
    String question,
    String answer,
    String inputMessages,
    String outputMessages,
    String attributes) {}
