/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.internal.ControlCharacters;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;

/**
 * A readable console exporter: one line per span with what this library adds (kind, conversation,
 * turn, user, workflow, tokens, cost). Used by {@code Last9GenAi.install()} when no OTLP endpoint
 * is configured. Control characters in names and values are escaped, so an id with a CR/LF in it
 * cannot forge a line.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ConsoleSpanExporter implements SpanExporter {

  private final PrintStream out;

  public ConsoleSpanExporter(PrintStream out) {
    this.out = out;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    StringBuilder sb = new StringBuilder();
    for (SpanData span : spans) {
      format(span, sb);
      sb.append(System.lineSeparator());
    }
    out.print(sb);
    out.flush();
    return CompletableResultCode.ofSuccess();
  }

  /** Appends the one-line rendering of {@code span} to {@code sb}. */
  public static void format(SpanData span, StringBuilder sb) {
    Attributes a = span.getAttributes();
    sb.append("[last9-genai] ").append(ControlCharacters.escape(span.getName()));
    String kind = a.get(GenAiAttributes.L9_SPAN_KIND);
    sb.append(" (")
        .append(kind == null ? span.getKind().name().toLowerCase(Locale.ROOT) : kind)
        .append(", ")
        .append((span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000_000)
        .append(" ms)");
    sb.append(" trace=").append(span.getTraceId(), 0, 8);
    append(sb, "conversation", a, GenAiAttributes.CONVERSATION_ID);
    append(sb, "turn", a, GenAiAttributes.CONVERSATION_TURN);
    append(sb, "user", a, GenAiAttributes.USER_ID);
    append(sb, "workflow", a, GenAiAttributes.WORKFLOW_ID);
    append(sb, "agent", a, GenAiAttributes.AGENT_NAME);
    append(sb, "model", a, GenAiAttributes.RESPONSE_MODEL);
    Long in = a.get(GenAiAttributes.USAGE_INPUT_TOKENS);
    Long outTokens = a.get(GenAiAttributes.USAGE_OUTPUT_TOKENS);
    if (in != null || outTokens != null) {
      sb.append(" tokens=").append(in).append('/').append(outTokens);
    }
    Double cost = a.get(GenAiAttributes.USAGE_COST_USD);
    if (cost != null) {
      sb.append(String.format(Locale.ROOT, " cost=$%.6f", cost));
    }
    Double total = a.get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD);
    if (total != null) {
      sb.append(String.format(Locale.ROOT, " workflow_total=$%.6f", total));
    }
    if (Boolean.TRUE.equals(a.get(GenAiAttributes.COST_UNPRICED))) {
      sb.append(" cost=unpriced");
    }
    if (span.getStatus().getStatusCode() == io.opentelemetry.api.trace.StatusCode.ERROR) {
      sb.append(" ERROR ").append(ControlCharacters.escape(span.getStatus().getDescription()));
    }
  }

  private static void append(StringBuilder sb, String label, Attributes a, AttributeKey<?> key) {
    Object v = a.get(key);
    if (v != null) {
      sb.append(' ').append(label).append('=').append(ControlCharacters.escape(String.valueOf(v)));
    }
  }

  @Override
  public CompletableResultCode flush() {
    out.flush();
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return flush();
  }
}
