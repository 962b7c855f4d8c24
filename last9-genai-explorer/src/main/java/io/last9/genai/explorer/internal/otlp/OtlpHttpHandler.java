/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.otlp;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.last9.genai.explorer.internal.store.SpanRecord;
import io.last9.genai.explorer.internal.store.SpanStore;
import io.last9.genai.explorer.internal.store.StoreException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * OTLP over HTTP: {@code POST /v1/traces} (stored), {@code /v1/metrics} (the {@code
 * gen_ai.client.cost} counter stored, other metrics dropped) and {@code /v1/logs} (GenAI content
 * events stored for their span, other records acknowledged and dropped), in protobuf or JSON, plain
 * or gzip. The body is bounded, before and after decompression. A request that is not OTLP gets a
 * 400 whose status message says what is wrong; nothing of it is stored, and other requests are not
 * affected. A batch is answered 200 only once the store holds it. Internal, not for public use.
 */
public final class OtlpHttpHandler implements HttpHandler {

  private static final Logger logger = Logger.getLogger(OtlpHttpHandler.class.getName());

  /** google.rpc.Code INVALID_ARGUMENT and UNAVAILABLE, for the status a failed export gets. */
  private static final int INVALID_ARGUMENT = 3;

  private static final int UNAVAILABLE = 14;

  private final SpanStore store;
  private final SpanDecoder decoder;
  private final int maxBodyBytes;

  public OtlpHttpHandler(SpanStore store, SpanDecoder decoder, int maxBodyBytes) {
    this.store = store;
    this.decoder = decoder;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      boolean json = isJson(exchange.getRequestHeaders().getFirst("Content-Type"));
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        fail(exchange, 405, json, INVALID_ARGUMENT, "OTLP over HTTP takes POST only");
        return;
      }
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (!json && !isProtobuf(type)) {
        fail(
            exchange,
            415,
            false,
            INVALID_ARGUMENT,
            "Content-Type must be application/x-protobuf or application/json, got " + type);
        return;
      }
      byte[] body;
      try {
        body = body(exchange);
      } catch (TooLarge e) {
        fail(exchange, 413, json, INVALID_ARGUMENT, e.getMessage());
        return;
      } catch (IllegalArgumentException e) {
        fail(exchange, 400, json, INVALID_ARGUMENT, e.getMessage());
        return;
      }
      try {
        switch (path) {
          case "/v1/traces":
            List<SpanRecord> spans =
                json
                    ? decoder.decode(
                        (ExportTraceServiceRequest)
                            parse(body, true, ExportTraceServiceRequest.newBuilder()))
                    : decoder.decode(body);
            store.append(spans);
            break;
          case "/v1/metrics":
            store.appendCostPoints(
                MetricDecoder.costPoints(
                    (ExportMetricsServiceRequest)
                        parse(body, json, ExportMetricsServiceRequest.newBuilder())));
            break;
          case "/v1/logs":
            store.appendContent(
                LogDecoder.content(
                    (ExportLogsServiceRequest)
                        parse(body, json, ExportLogsServiceRequest.newBuilder())));
            break;
          default:
            fail(exchange, 404, json, INVALID_ARGUMENT, "no OTLP signal at " + path);
            return;
        }
      } catch (IllegalArgumentException e) {
        fail(exchange, 400, json, INVALID_ARGUMENT, e.getMessage());
        return;
      } catch (StoreException e) {
        logger.log(Level.WARNING, "last9-genai-explorer: " + e.getMessage(), e);
        // 503 is retryable: the exporter sends the batch again
        fail(
            exchange, 503, json, UNAVAILABLE, "the store cannot take the batch: " + e.getMessage());
        return;
      }
      byte[] ok = json ? "{}".getBytes(StandardCharsets.UTF_8) : new byte[0];
      exchange.getResponseHeaders().set("Content-Type", contentType(json));
      exchange.sendResponseHeaders(200, ok.length == 0 ? -1 : ok.length);
      if (ok.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(ok);
        }
      }
    }
  }

  private static Message parse(byte[] body, boolean json, Message.Builder builder) {
    if (json) {
      OtlpJson.merge(body, builder);
      return builder.build();
    }
    try {
      return builder.mergeFrom(body).build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("body is not an OTLP protobuf message: " + e.getMessage());
    }
  }

  /** The body, gunzipped when it says so; at most {@link #maxBodyBytes} either way. */
  private byte[] body(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    InputStream raw = exchange.getRequestBody();
    if (encoding == null || encoding.isBlank() || "identity".equalsIgnoreCase(encoding.strip())) {
      return read(raw, "body");
    }
    if (!"gzip".equalsIgnoreCase(encoding.strip())) {
      throw new IllegalArgumentException(
          "Content-Encoding must be gzip or identity, got " + encoding);
    }
    byte[] compressed = read(raw, "compressed body");
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(compressed))) {
      return read(in, "decompressed body");
    } catch (ZipException | java.io.EOFException e) {
      throw new IllegalArgumentException("body is not valid gzip: " + e.getMessage());
    }
  }

  private byte[] read(InputStream in, String what) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    int n;
    while ((n = in.read(buffer)) != -1) {
      if (out.size() + n > maxBodyBytes) {
        throw new TooLarge(what + " exceeds the limit of " + maxBodyBytes + " bytes");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static boolean isJson(String contentType) {
    return contentType != null
        && contentType.toLowerCase(Locale.ROOT).strip().startsWith("application/json");
  }

  private static boolean isProtobuf(String contentType) {
    return contentType != null
        && contentType.toLowerCase(Locale.ROOT).strip().startsWith("application/x-protobuf");
  }

  private static String contentType(boolean json) {
    return json ? "application/json" : "application/x-protobuf";
  }

  /** Answers with a google.rpc.Status, in the request's encoding, as OTLP asks. */
  private static void fail(HttpExchange exchange, int http, boolean json, int code, String message)
      throws IOException {
    byte[] body;
    if (json) {
      body =
          ("{\"code\":" + code + ",\"message\":" + quote(message) + "}")
              .getBytes(StandardCharsets.UTF_8);
    } else {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeInt32(1, code);
      out.writeString(2, message);
      out.flush();
      body = bytes.toByteArray();
    }
    exchange.getResponseHeaders().set("Content-Type", contentType(json));
    exchange.sendResponseHeaders(http, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String quote(String s) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
  }

  /** The body is larger than allowed. */
  private static final class TooLarge extends IllegalArgumentException {
    TooLarge(String message) {
      super(message);
    }
  }
}
