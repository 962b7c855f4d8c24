package io.last9.genai.javaagent;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/HTTP receiver on 127.0.0.1 and a free port: {@code POST /v1/traces} and {@code /v1/metrics} bodies are
 * decoded with the protobuf classes of {@code opentelemetry-proto}, exactly what a collector receives from the
 * agent. Logs are accepted and dropped.
 */
final class OtlpReceiver implements AutoCloseable {

  private final HttpServer server;
  private final List<ExportedSpan> spans = new CopyOnWriteArrayList<>();
  /** The {@code telemetry.distro.name} of the resource each span came with ("none" without), by span id. */
  private final Map<String, String> distros = new java.util.concurrent.ConcurrentHashMap<>();
  /** Cumulative sums by metric name: the highest value reported (exports may arrive out of order). */
  private final Map<String, Double> sums = new java.util.concurrent.ConcurrentHashMap<>();

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  static OtlpReceiver start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    OtlpReceiver receiver = new OtlpReceiver(server);
    server.createContext("/v1/traces", receiver::traces);
    server.createContext("/v1/metrics", receiver::metrics);
    server.createContext("/v1/logs", exchange -> respond(exchange, new byte[0]));
    server.start();
    return receiver;
  }

  /** The endpoint to give the agent as {@code otel.exporter.otlp.endpoint}. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<ExportedSpan> spans() {
    return List.copyOf(spans);
  }

  /**
   * The {@code telemetry.distro.name}s of the resources that spans named {@code name} were exported with: the
   * agent's ({@code opentelemetry-java-instrumentation}), or "none" for an SDK the application built.
   */
  java.util.Set<String> distrosOf(String name) {
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (ExportedSpan s : spans) {
      if (s.name().equals(name)) {
        names.add(distros.get(s.spanId()));
      }
    }
    return names;
  }

  /** The highest reported value of a cumulative sum, over all its data points; null if never reported. */
  Double sum(String metric) {
    return sums.get(metric);
  }

  private void traces(HttpExchange exchange) throws IOException {
    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body(exchange));
    for (ResourceSpans rs : request.getResourceSpansList()) {
      Object distro = attributes(rs.getResource().getAttributesList()).getOrDefault("telemetry.distro.name", "none");
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          distros.put(hex(s.getSpanId()), String.valueOf(distro));
          spans.add(new ExportedSpan(s.getName(), hex(s.getTraceId()), hex(s.getSpanId()),
              hex(s.getParentSpanId()), s.getKind().name().replace("SPAN_KIND_", ""), ss.getScope().getName(),
              attributes(s.getAttributesList())));
        }
      }
    }
    respond(exchange, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
  }

  private void metrics(HttpExchange exchange) throws IOException {
    ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body(exchange));
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          if (m.hasSum()) {
            double total = 0;
            for (NumberDataPoint p : m.getSum().getDataPointsList()) {
              total += p.hasAsDouble() ? p.getAsDouble() : p.getAsInt();
            }
            sums.merge(m.getName(), total, Math::max);
          }
        }
      }
    }
    respond(exchange, ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
  }

  private static byte[] body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return in.readAllBytes();
    }
  }

  private static void respond(HttpExchange exchange, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
    exchange.close();
  }

  private static String hex(ByteString bytes) {
    return bytes.isEmpty() ? "" : HexFormat.of().formatHex(bytes.toByteArray());
  }

  private static Map<String, Object> attributes(List<KeyValue> kvs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (KeyValue kv : kvs) {
      m.put(kv.getKey(), value(kv.getValue()));
    }
    return m;
  }

  private static Object value(AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE:
        return v.getStringValue();
      case INT_VALUE:
        return v.getIntValue();
      case DOUBLE_VALUE:
        return v.getDoubleValue();
      case BOOL_VALUE:
        return v.getBoolValue();
      case ARRAY_VALUE:
        List<Object> values = new ArrayList<>();
        for (AnyValue e : v.getArrayValue().getValuesList()) {
          values.add(value(e));
        }
        return values;
      default:
        return v.toString();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
