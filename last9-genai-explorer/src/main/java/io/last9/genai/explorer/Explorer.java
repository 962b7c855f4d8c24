/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import io.last9.genai.explorer.internal.otlp.OtlpGrpcServer;
import io.last9.genai.explorer.internal.otlp.OtlpHttpHandler;
import io.last9.genai.explorer.internal.otlp.SpanDecoder;
import io.last9.genai.explorer.internal.store.DuckDbSpanStore;
import io.last9.genai.explorer.internal.store.SpanStore;
import io.last9.genai.explorer.internal.store.StoreException;
import io.last9.genai.explorer.internal.web.AccessFilter;
import io.last9.genai.explorer.internal.web.WebHandler;
import io.last9.genai.pricing.CostCalculator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running explorer: OTLP/HTTP in ({@code /v1/traces}), conversations, workflows, users and spend
 * out, as pages and as JSON under {@code /api/}, all on one port. Spans that arrive with a model
 * and token counts but no cost are priced from the bundled catalog and marked as priced by the
 * explorer.
 *
 * <pre>{@code
 * try (Explorer explorer = Explorer.start(ExplorerOptions.builder().port(0).build())) {
 *   System.out.println(explorer.url()); // http://127.0.0.1:<port>/
 * }
 * }</pre>
 */
public final class Explorer implements AutoCloseable {

  private static final Logger logger = Logger.getLogger(Explorer.class.getName());

  private final HttpServer server;
  private final OtlpGrpcServer grpc;
  private final ExecutorService workers;
  private final ScheduledExecutorService retention;
  private final SpanStore store;
  private final CountDownLatch closed = new CountDownLatch(1);

  private Explorer(
      HttpServer server,
      OtlpGrpcServer grpc,
      ExecutorService workers,
      ScheduledExecutorService retention,
      SpanStore store) {
    this.server = server;
    this.grpc = grpc;
    this.workers = workers;
    this.retention = retention;
    this.store = store;
  }

  /**
   * Turns on TCP_NODELAY for the JDK's HTTP server, unless set already. Without it a page's body
   * waits for the ACK of its headers, which the client delays: 40 ms on every page. A JVM-wide
   * switch, so only {@link #main} (the explorer's own process) sets it; an application that embeds
   * the explorer can pass {@code -Dsun.net.httpserver.nodelay=true} itself.
   */
  static void useNoDelay() {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /**
   * Runs the explorer until the process is stopped; {@code --help} lists the flags.
   *
   * @param args the flags of {@link ExplorerOptions#USAGE}
   */
  public static void main(String[] args) throws Exception {
    ExplorerOptions options;
    try {
      if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
        System.out.println(ExplorerOptions.USAGE);
        return;
      }
      options = ExplorerOptions.parse(args, System.getenv("LAST9_EXPLORER_TOKEN"));
    } catch (IllegalArgumentException e) {
      System.err.println("last9-genai-explorer: " + e.getMessage());
      System.err.println(ExplorerOptions.USAGE);
      System.exit(2);
      return;
    }
    useNoDelay();
    Explorer explorer = start(options);
    Runtime.getRuntime().addShutdownHook(new Thread(explorer::close, "explorer-shutdown"));
    String host = explorer.url().substring(0, explorer.url().lastIndexOf(':'));
    System.out.println(
        "last9-genai explorer: open "
            + explorer.url()
            + " ; OTLP/HTTP on "
            + explorer.url().substring(0, explorer.url().length() - 1)
            + (explorer.grpcPort() < 0
                ? ""
                : " and OTLP/gRPC on " + host + ":" + explorer.grpcPort())
            + " ; spans kept "
            + (options.database() == null ? "in memory" : "in " + options.database()));
    explorer.closed.await();
  }

  /**
   * Starts an explorer.
   *
   * @throws IllegalArgumentException when bound beyond loopback without a token
   * @throws IOException when the port cannot be bound or the store cannot be opened
   */
  public static Explorer start(ExplorerOptions options) throws IOException {
    InetAddress address = InetAddress.getByName(options.host());
    boolean loopback = address.isLoopbackAddress();
    if (!loopback && options.token() == null) {
      throw new IllegalArgumentException(
          "listening on "
              + options.host()
              + " exposes every captured prompt: give a token (--token or LAST9_EXPLORER_TOKEN)");
    }
    SpanStore store;
    try {
      store = DuckDbSpanStore.open(options.database(), options.retention(), options.maxSpans());
    } catch (StoreException e) {
      throw new IOException(e.getMessage(), e);
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address, options.port()), 64);
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    AccessFilter access = new AccessFilter(loopback, options.token());
    SpanDecoder decoder = new SpanDecoder(CostCalculator.getDefault());
    HttpContext otlp =
        server.createContext("/v1/", new OtlpHttpHandler(store, decoder, options.maxBodyBytes()));
    otlp.getFilters().add(access);
    HttpContext web = server.createContext("/", new WebHandler(store));
    web.getFilters().add(access);
    ExecutorService workers =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "explorer-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(workers);
    ScheduledExecutorService retention =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "explorer-retention");
              t.setDaemon(true);
              return t;
            });
    retention.scheduleWithFixedDelay(
        () -> {
          try {
            store.enforceRetention(Instant.now());
          } catch (Throwable t) {
            logger.log(Level.WARNING, "last9-genai-explorer: retention failed", t);
          }
        },
        30,
        30,
        TimeUnit.SECONDS);
    OtlpGrpcServer grpc = null;
    try {
      if (options.grpcPort() >= 0) {
        grpc =
            OtlpGrpcServer.start(
                new InetSocketAddress(address, options.grpcPort()),
                store,
                decoder,
                options.maxBodyBytes(),
                options.token());
      }
      server.start();
    } catch (IOException | RuntimeException e) {
      if (grpc != null) {
        grpc.close();
      }
      retention.shutdownNow();
      workers.shutdownNow();
      server.stop(0);
      store.close();
      throw e;
    }
    return new Explorer(server, grpc, workers, retention, store);
  }

  /** The port it listens on (the one picked, when started with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The OTLP/gRPC port, or -1 when gRPC is off. */
  public int grpcPort() {
    return grpc == null ? -1 : grpc.port();
  }

  /** The address of its pages, such as {@code http://127.0.0.1:4318/}. */
  public String url() {
    InetAddress a = server.getAddress().getAddress();
    String host =
        a.isLoopbackAddress() || a.isAnyLocalAddress()
            ? "127.0.0.1"
            : a.getHostAddress().contains(":")
                ? "[" + a.getHostAddress() + "]"
                : a.getHostAddress();
    return "http://" + host + ":" + port() + "/";
  }

  /** Applies the retention limits now (they are applied every 30 seconds anyway). */
  public long applyRetention() throws IOException {
    try {
      return store.enforceRetention(Instant.now());
    } catch (StoreException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** Stops listening, and closes the store. */
  @Override
  public void close() {
    if (closed.getCount() == 0) {
      return;
    }
    try {
      server.stop(0);
      if (grpc != null) {
        grpc.close();
      }
      retention.shutdownNow();
      workers.shutdown();
      try {
        workers.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } finally {
      store.close();
      closed.countDown();
    }
  }
}
