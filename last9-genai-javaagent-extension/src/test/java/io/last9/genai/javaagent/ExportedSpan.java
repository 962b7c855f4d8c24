/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A finished span as the scenario's assertions read it: ids in hex (an empty parent for a root),
 * attributes by key name as Java values (String, Long, Double, Boolean, or a List of them).
 */
record ExportedSpan(
    String name,
    String traceId,
    String spanId,
    String parentSpanId,
    String kind,
    String scope,
    Map<String, Object> attributes,
    long durationNanos,
    String status) {

  static ExportedSpan of(SpanData s) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    s.getAttributes().forEach((AttributeKey<?> k, Object v) -> attributes.put(k.getKey(), v));
    return new ExportedSpan(
        s.getName(),
        s.getTraceId(),
        s.getSpanId(),
        s.getParentSpanContext().isValid() ? s.getParentSpanId() : "",
        s.getKind().name(),
        s.getInstrumentationScopeInfo().getName(),
        attributes,
        s.getEndEpochNanos() - s.getStartEpochNanos(),
        s.getStatus().getStatusCode().name());
  }

  /** The workflow span of workflow {@code id} among {@code spans}; the error lists them all. */
  static ExportedSpan workflow(List<ExportedSpan> spans, String id) {
    return spans.stream()
        .filter(
            s -> s.name().startsWith("invoke_workflow") && id.equals(s.attribute("workflow.id")))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no workflow span "
                        + id
                        + " among\n  "
                        + spans.stream()
                            .map(ExportedSpan::toString)
                            .collect(Collectors.joining("\n  "))));
  }

  Object attribute(String key) {
    return attributes.get(key);
  }

  boolean has(String key) {
    return attributes.containsKey(key);
  }

  double cost() {
    Object c = attributes.get("gen_ai.usage.cost_usd");
    return c instanceof Number ? ((Number) c).doubleValue() : 0;
  }

  @Override
  public String toString() {
    return name
        + " ["
        + kind
        + ", "
        + scope
        + "] trace="
        + traceId
        + " span="
        + spanId
        + " parent="
        + parentSpanId
        + " "
        + attributes;
  }
}
