/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What {@link FakeOpenAI} and {@link FakeAnthropic} share: the JDK's HTTP server on 127.0.0.1 and a
 * free port, answering each request with the next scripted {@link FakeReply} (then with the
 * {@linkplain #respondWith responder}, or with the provider's error for a request nothing was
 * scripted for) and recording every request.
 *
 * <p>A fake is also a JUnit 5 extension that closes it after each test:
 *
 * <pre>{@code
 * @RegisterExtension final FakeOpenAI openai = FakeOpenAI.start();   // an instance field: one server per test
 * }</pre>
 *
 * @param <S> the fake itself, so that the scripting methods chain
 */
public abstract class FakeServer<S extends FakeServer<S>>
    implements AutoCloseable, AfterEachCallback {

  /** How long a hanging or stalled reply waits at most when nobody closes the server. */
  private static final long STALL_LIMIT_SECONDS = 60;

  private final HttpServer server;
  private final ExecutorService executor;
  private final Queue<FakeReply> script = new ConcurrentLinkedQueue<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Function<RecordedRequest, FakeReply> unscripted;
  private volatile Function<RecordedRequest, FakeReply> responder;

  /**
   * Starts the server.
   *
   * @param name names the server's threads
   * @param unscripted the reply to a request nothing was scripted for (an error in the provider's
   *     format)
   */
  FakeServer(String name, Function<RecordedRequest, FakeReply> unscripted) {
    this.unscripted = unscripted;
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("cannot bind a loopback port for " + name, e);
    }
    // handlers run on a pool: a hanging reply must not hold up the next request
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The port the server listens on. */
  public final int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>}. */
  final String origin() {
    return "http://127.0.0.1:" + port();
  }

  /** The base URL a client of this provider is given. */
  public abstract String baseUrl();

  /** Scripts the next replies, in order: one request takes one reply. */
  public final S enqueue(FakeReply... replies) {
    for (FakeReply r : replies) {
      script.add(Objects.requireNonNull(r, "reply"));
    }
    return self();
  }

  /** Answers every request the script does not, with what {@code responder} makes of it. */
  public final S respondWith(Function<RecordedRequest, FakeReply> responder) {
    this.responder = Objects.requireNonNull(responder, "responder");
    return self();
  }

  /** Every request received so far, in arrival order. */
  public final List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The scripted replies no request has taken yet. */
  public final int pendingReplies() {
    return script.size();
  }

  @SuppressWarnings("unchecked") // S is the subclass, by the class declaration
  private S self() {
    return (S) this;
  }

  /**
   * Closes the server after the test (JUnit calls this when the fake is registered as an
   * extension).
   */
  @Override
  public final void afterEach(ExtensionContext context) {
    close();
  }

  /**
   * Stops the server (nothing listens on its port afterwards); replies that hang or stall are
   * released and their connections closed. Closing twice does nothing.
   */
  @Override
  public final void close() {
    if (closed.getCount() == 0) {
      return;
    }
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      RecordedRequest request = record(exchange);
      requests.add(request);
      write(exchange, next(request));
    } catch (IOException e) {
      // the client went away mid-reply (it closed a stream early): what those tests are about
    } finally {
      exchange.close();
    }
  }

  private FakeReply next(RecordedRequest request) {
    FakeReply scripted = script.poll();
    if (scripted != null) {
      return scripted.resolve(request);
    }
    Function<RecordedRequest, FakeReply> r = responder;
    return (r != null ? FakeReply.byRequest(r) : FakeReply.byRequest(unscripted)).resolve(request);
  }

  private static RecordedRequest record(HttpExchange exchange) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    return new RecordedRequest(
        exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body);
  }

  private void write(HttpExchange exchange, FakeReply reply) throws IOException {
    if (reply.hangs()) {
      stall();
      return;
    }
    if (reply.contentType() != null) {
      exchange.getResponseHeaders().add("Content-Type", reply.contentType());
    }
    reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    List<byte[]> parts = reply.bytes();
    if (!reply.streamed()) {
      byte[] body = parts.isEmpty() ? new byte[0] : parts.get(0);
      exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      return;
    }
    exchange.sendResponseHeaders(reply.status(), 0); // chunked
    OutputStream out = exchange.getResponseBody();
    for (int i = 0; i < parts.size(); i++) {
      if (i == reply.stallAfter()) {
        if (reply.resume() == null || !pause(reply.resume())) {
          stall();
          return;
        }
      }
      out.write(parts.get(i));
      out.flush();
    }
    if (reply.stallAfter() == parts.size()) {
      stall();
      return;
    }
    out.close();
  }

  /** Waits for {@code resume}; whether to send the rest (false once the server closes). */
  private boolean pause(CountDownLatch resume) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STALL_LIMIT_SECONDS);
    try {
      while (!resume.await(50, TimeUnit.MILLISECONDS)) {
        if (closed.getCount() == 0 || System.nanoTime() > deadline) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void stall() {
    try {
      closed.await(STALL_LIMIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
