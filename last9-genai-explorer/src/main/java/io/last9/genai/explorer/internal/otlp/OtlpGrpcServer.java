/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.otlp;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.last9.genai.explorer.internal.store.SpanStore;
import io.last9.genai.explorer.internal.store.StoreException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * OTLP over gRPC: the trace service stores spans, the metrics service the {@code
 * gen_ai.client.cost} counter, the logs service the GenAI content events. Messages are bounded like
 * HTTP bodies; a span that cannot be read fails the call with INVALID_ARGUMENT saying why, a store
 * failure with UNAVAILABLE (which exporters retry). Internal, not for public use.
 */
public final class OtlpGrpcServer implements AutoCloseable {

  private static final Logger logger = Logger.getLogger(OtlpGrpcServer.class.getName());
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Server server;

  private OtlpGrpcServer(Server server) {
    this.server = server;
  }

  /** Starts listening on {@code address}. */
  public static OtlpGrpcServer start(
      InetSocketAddress address,
      SpanStore store,
      SpanDecoder decoder,
      int maxMessageBytes,
      String token)
      throws IOException {
    TraceServiceGrpc.TraceServiceImplBase traces =
        new TraceServiceGrpc.TraceServiceImplBase() {
          @Override
          public void export(
              ExportTraceServiceRequest request,
              StreamObserver<ExportTraceServiceResponse> response) {
            answer(
                response,
                ExportTraceServiceResponse.getDefaultInstance(),
                () -> store.append(decoder.decode(request)));
          }
        };
    MetricsServiceGrpc.MetricsServiceImplBase metrics =
        new MetricsServiceGrpc.MetricsServiceImplBase() {
          @Override
          public void export(
              ExportMetricsServiceRequest request,
              StreamObserver<ExportMetricsServiceResponse> response) {
            answer(
                response,
                ExportMetricsServiceResponse.getDefaultInstance(),
                () -> store.appendCostPoints(MetricDecoder.costPoints(request)));
          }
        };
    LogsServiceGrpc.LogsServiceImplBase logs =
        new LogsServiceGrpc.LogsServiceImplBase() {
          @Override
          public void export(
              ExportLogsServiceRequest request,
              StreamObserver<ExportLogsServiceResponse> response) {
            answer(
                response,
                ExportLogsServiceResponse.getDefaultInstance(),
                () -> store.appendContent(LogDecoder.content(request)));
          }
        };
    ServerInterceptor access = new TokenCheck(token);
    Server server =
        NettyServerBuilder.forAddress(address)
            .maxInboundMessageSize(maxMessageBytes)
            .addService(ServerInterceptors.intercept(traces, access))
            .addService(ServerInterceptors.intercept(metrics, access))
            .addService(ServerInterceptors.intercept(logs, access))
            .build()
            .start();
    return new OtlpGrpcServer(server);
  }

  /** The port it listens on. */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** With a token, every call must carry {@code authorization: Bearer <token>}. */
  private static final class TokenCheck implements ServerInterceptor {
    private final byte[] token;

    TokenCheck(String token) {
      this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      if (token != null) {
        String auth = headers.get(AUTHORIZATION);
        boolean ok =
            auth != null
                && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(
                    token, auth.substring(7).strip().getBytes(StandardCharsets.UTF_8));
        if (!ok) {
          call.close(Status.UNAUTHENTICATED.withDescription("a token is required"), new Metadata());
          return new ServerCall.Listener<Q>() {};
        }
      }
      return next.startCall(call, headers);
    }
  }

  /** Stores one request's batch. */
  private interface Batch {
    void store() throws StoreException;
  }

  /**
   * Answers {@code ok} once the batch is stored; a request that does not decode is the client's
   * error (INVALID_ARGUMENT, not retried), a store that cannot take it a passing one (UNAVAILABLE,
   * which OTLP exporters retry).
   */
  private static <R> void answer(StreamObserver<R> response, R ok, Batch batch) {
    try {
      batch.store();
    } catch (IllegalArgumentException e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
      return;
    } catch (StoreException e) {
      logger.log(Level.WARNING, "last9-genai-explorer: " + e.getMessage(), e);
      response.onError(
          Status.UNAVAILABLE
              .withDescription("the store cannot take the batch: " + e.getMessage())
              .asException());
      return;
    }
    response.onNext(ok);
    response.onCompleted();
  }
}
