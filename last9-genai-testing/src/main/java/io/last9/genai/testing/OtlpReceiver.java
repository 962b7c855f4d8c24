/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
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
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/HTTP receiver on 127.0.0.1 and a free port, what a collector is to an exporter in another
 * process (the Java agent's, say): it decodes the protobuf posted to {@code /v1/traces} and {@code
 * /v1/metrics} with the classes of {@code opentelemetry-proto} into the SDK's {@link SpanData}
 * (resource, scope, attributes, events) and the totals of the sum metrics, so tests assert on
 * exported spans as on in-memory ones. Logs are accepted and dropped.
 *
 * <pre>{@code
 * try (OtlpReceiver otlp = OtlpReceiver.start()) {
 *   // run a process with -Dotel.exporter.otlp.protocol=http/protobuf -Dotel.exporter.otlp.endpoint=<endpoint()>
 *   assertThat(otlp.spans()).anyMatch(s -> s.getName().equals("chat gpt-4o"));
 *   assertThat(otlp.sum("gen_ai.client.cost")).isPositive();
 * }
 * }</pre>
 */
public final class OtlpReceiver implements AutoCloseable {

  private final HttpServer server;
  private final List<SpanData> spans = new CopyOnWriteArrayList<>();
  private final Map<String, Double> sums = new ConcurrentHashMap<>();

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  /** Starts a receiver on 127.0.0.1 and a free port. */
  public static OtlpReceiver start() {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a loopback port for the OTLP receiver", e);
    }
    OtlpReceiver r = new OtlpReceiver(server);
    server.createContext("/v1/traces", r::traces);
    server.createContext("/v1/metrics", r::metrics);
    server.createContext("/v1/logs", ex -> reply(ex, new byte[0]));
    server.start();
    return r;
  }

  /**
   * What to give the exporter as {@code otel.exporter.otlp.endpoint} (with protocol {@code
   * http/protobuf}).
   */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The spans received so far, in arrival order. */
  public List<SpanData> spans() {
    return List.copyOf(spans);
  }

  /**
   * The total of a sum metric over its data points, as last reported (cumulative exports can arrive
   * out of order: the highest total is kept); 0 when it was never reported.
   */
  public double sum(String metric) {
    return sums.getOrDefault(metric, 0.0);
  }

  private void traces(HttpExchange ex) throws IOException {
    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(read(ex));
    for (ResourceSpans rs : request.getResourceSpansList()) {
      Resource resource = Resource.create(attributes(rs.getResource().getAttributesList()));
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        InstrumentationScopeInfo scope =
            InstrumentationScopeInfo.builder(ss.getScope().getName())
                .setVersion(
                    ss.getScope().getVersion().isEmpty() ? null : ss.getScope().getVersion())
                .build();
        for (Span s : ss.getSpansList()) {
          spans.add(toSpanData(s, resource, scope));
        }
      }
    }
    reply(ex, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
  }

  private void metrics(HttpExchange ex) throws IOException {
    ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(read(ex));
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
    reply(ex, ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
  }

  private static SpanData toSpanData(Span s, Resource resource, InstrumentationScopeInfo scope) {
    String traceId = hex(s.getTraceId());
    List<EventData> events = new ArrayList<>();
    for (Span.Event e : s.getEventsList()) {
      events.add(
          EventData.create(e.getTimeUnixNano(), e.getName(), attributes(e.getAttributesList())));
    }
    return TestSpanData.builder()
        .setName(s.getName())
        .setKind(kind(s.getKind()))
        .setSpanContext(
            SpanContext.create(
                traceId, hex(s.getSpanId()), TraceFlags.getSampled(), TraceState.getDefault()))
        .setParentSpanContext(
            s.getParentSpanId().isEmpty()
                ? SpanContext.getInvalid()
                : SpanContext.create(
                    traceId,
                    hex(s.getParentSpanId()),
                    TraceFlags.getSampled(),
                    TraceState.getDefault()))
        .setResource(resource)
        .setInstrumentationScopeInfo(scope)
        .setStartEpochNanos(s.getStartTimeUnixNano())
        .setEndEpochNanos(s.getEndTimeUnixNano())
        .setHasEnded(true)
        .setStatus(status(s.getStatus()))
        .setAttributes(attributes(s.getAttributesList()))
        .setTotalAttributeCount(s.getAttributesCount())
        .setEvents(events)
        .setTotalRecordedEvents(events.size())
        .build();
  }

  private static StatusData status(Status status) {
    switch (status.getCode()) {
      case STATUS_CODE_ERROR:
        return StatusData.create(StatusCode.ERROR, status.getMessage());
      case STATUS_CODE_OK:
        return StatusData.ok();
      default:
        return StatusData.unset();
    }
  }

  private static SpanKind kind(Span.SpanKind kind) {
    switch (kind) {
      case SPAN_KIND_SERVER:
        return SpanKind.SERVER;
      case SPAN_KIND_CLIENT:
        return SpanKind.CLIENT;
      case SPAN_KIND_PRODUCER:
        return SpanKind.PRODUCER;
      case SPAN_KIND_CONSUMER:
        return SpanKind.CONSUMER;
      default:
        return SpanKind.INTERNAL;
    }
  }

  private static Attributes attributes(List<KeyValue> kvs) {
    AttributesBuilder b = Attributes.builder();
    for (KeyValue kv : kvs) {
      AnyValue v = kv.getValue();
      switch (v.getValueCase()) {
        case STRING_VALUE:
          b.put(kv.getKey(), v.getStringValue());
          break;
        case INT_VALUE:
          b.put(kv.getKey(), v.getIntValue());
          break;
        case DOUBLE_VALUE:
          b.put(kv.getKey(), v.getDoubleValue());
          break;
        case BOOL_VALUE:
          b.put(kv.getKey(), v.getBoolValue());
          break;
        case ARRAY_VALUE:
          List<String> values = new ArrayList<>();
          for (AnyValue e : v.getArrayValue().getValuesList()) {
            values.add(e.hasStringValue() ? e.getStringValue() : e.toString().trim());
          }
          b.put(AttributeKey.stringArrayKey(kv.getKey()), values);
          break;
        default:
          break;
      }
    }
    return b.build();
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  private static byte[] read(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      return in.readAllBytes();
    }
  }

  private static void reply(HttpExchange ex, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/x-protobuf");
    ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      ex.getResponseBody().write(body);
    }
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
