package io.last9.genai.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The HTTP side of the fakes: the JDK's server on 127.0.0.1 and a free port, answering each request with the next
 * scripted reply (or the fallback responder once the script is used up) and recording every request.
 */
final class LoopbackServer implements AutoCloseable {

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
   * @param name names the server's threads
   * @param unscripted the reply to a request nothing was scripted for (an error in the provider's format)
   */
  LoopbackServer(String name, Function<RecordedRequest, FakeReply> unscripted) {
    this.unscripted = unscripted;
    this.executor = Executors.newCachedThreadPool(r -> {
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

  int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>}. */
  String origin() {
    return "http://127.0.0.1:" + port();
  }

  void enqueue(FakeReply reply) {
    script.add(reply);
  }

  void respondWith(Function<RecordedRequest, FakeReply> responder) {
    this.responder = responder;
  }

  List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** Scripted replies no request has taken yet. */
  int pendingReplies() {
    return script.size();
  }

  @Override
  public void close() {
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
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    return new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body);
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
    List<byte[]> parts = new ArrayList<>();
    for (String p : reply.parts()) {
      parts.add(p.getBytes(StandardCharsets.UTF_8));
    }
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
        stall();
        return;
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

  private void stall() {
    try {
      closed.await(STALL_LIMIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
