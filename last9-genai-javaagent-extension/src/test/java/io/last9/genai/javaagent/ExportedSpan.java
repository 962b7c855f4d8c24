package io.last9.genai.javaagent;

import java.util.Map;

/**
 * A span as the agent exported it over OTLP, decoded: ids in hex, attributes as Java values (String, Long,
 * Double, Boolean, or a List of them).
 */
record ExportedSpan(String name, String traceId, String spanId, String parentSpanId, String kind, String scope,
    Map<String, Object> attributes) {

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
    return name + " [" + kind + ", " + scope + "] trace=" + traceId + " span=" + spanId + " parent=" + parentSpanId
        + " " + attributes;
  }
}
