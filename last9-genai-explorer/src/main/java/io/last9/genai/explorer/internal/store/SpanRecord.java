/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

import com.fasterxml.jackson.databind.node.TextNode;
import io.last9.genai.GenAiAttributes;

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
 * @param endedAfterWorkflowClose {@code gen_ai.l9.workflow.ended_after_close}: a call that ended
 *     after its workflow's span took its totals, so that its cost is not in them
 * @param question the turn's user message: the last user text of the input messages (read from them
 *     when the span is shown; {@code null} as received)
 * @param answer the model's answer: the text of the first output message (likewise)
 * @param inputMessages the input messages as received (any of the keys the sources use)
 * @param outputMessages the output messages as received
 * @param attributes every span attribute, as a JSON object; as decoded for the store, only those no
 *     other component holds, behind the mask of those left out ({@link ColumnAttributes})
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
    boolean endedAfterWorkflowClose,
    String question,
    String answer,
    String inputMessages,
    String outputMessages,
    String attributes) {

  /** The attribute whose text is kept in {@link #inputMessages}, not in {@link #attributes}. */
  public static final String INPUT_MESSAGES_KEY = GenAiAttributes.INPUT_MESSAGES.getKey();

  /** The attribute whose text is kept in {@link #outputMessages}. */
  public static final String OUTPUT_MESSAGES_KEY = GenAiAttributes.OUTPUT_MESSAGES.getKey();

  /**
   * The attribute JSON as received, from a file written before {@link ColumnAttributes}: the
   * messages attributes kept only in their own columns (written there as {@code null}) get their
   * text back. A {@code null} value is never received (an OTLP value is written as text at worst),
   * so the marker is unambiguous.
   */
  static String restoreContent(String attributes, String input, String output) {
    if (attributes == null) {
      return null;
    }
    String out = restore(attributes, INPUT_MESSAGES_KEY, input);
    return restore(out, OUTPUT_MESSAGES_KEY, output);
  }

  private static String restore(String attributes, String key, String value) {
    String marker = "\"" + key + "\":null";
    int at = attributes.indexOf(marker);
    if (at < 0 || value == null) {
      return attributes;
    }
    return attributes.substring(0, at + marker.length() - 4)
        + TextNode.valueOf(value)
        + attributes.substring(at + marker.length());
  }

  /** This span with {@code attributes} as its attribute text. */
  public SpanRecord withAttributes(String attributes) {
    return with(question, answer, inputMessages, outputMessages, attributes);
  }

  /**
   * This span with its messages (those of its content log events when it carried none itself) and
   * the question and answer read from them.
   */
  public SpanRecord withContent(String input, String output) {
    return with(
        Messages.lastUserText(input), Messages.firstText(output), input, output, attributes);
  }

  // the one copy: the columns read from the span, with its content and attribute text replaced
  private SpanRecord with(
      String question, String answer, String input, String output, String attributes) {
    return new SpanRecord(
        traceId,
        spanId,
        parentSpanId,
        name,
        kind,
        service,
        startNanos,
        endNanos,
        error,
        statusMessage,
        conversationId,
        turn,
        userId,
        workflowId,
        workflowType,
        l9Kind,
        operation,
        provider,
        model,
        inputTokens,
        outputTokens,
        costUsd,
        costSource,
        pricedByExplorer,
        unpricedReason,
        workflowTotalCostUsd,
        endedAfterWorkflowClose,
        question,
        answer,
        input,
        output,
        attributes);
  }
}
