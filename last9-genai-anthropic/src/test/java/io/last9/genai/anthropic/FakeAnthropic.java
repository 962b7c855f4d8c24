package io.last9.genai.anthropic;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A local Anthropic Messages API on 127.0.0.1 (JDK HttpServer): answers each request with the next queued reply,
 * in Anthropic's wire format (JSON bodies, or server-sent events written and flushed one by one).
 */
final class FakeAnthropic implements AutoCloseable {

  /** One queued reply. */
  interface Reply {
    void write(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
  private final List<String> requestBodies = new CopyOnWriteArrayList<>();
  private final List<String> requestPaths = new CopyOnWriteArrayList<>();
  /** Released at close: a reply that must hang (a stream the client abandons) waits on it. */
  private final CountDownLatch shutdown = new CountDownLatch(1);

  FakeAnthropic() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-anthropic");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<String> requestBodies() {
    return requestBodies;
  }

  List<String> requestPaths() {
    return requestPaths;
  }

  FakeAnthropic enqueue(Reply reply) {
    replies.add(reply);
    return this;
  }

  /** A JSON reply with the given status. */
  FakeAnthropic json(int status, String body) {
    return enqueue(exchange -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.getResponseHeaders().add("request-id", "req_011CTestRequest");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
  }

  /** A complete SSE stream. */
  FakeAnthropic sse(List<String> events) {
    return enqueue(exchange -> {
      startSse(exchange);
      try (OutputStream out = exchange.getResponseBody()) {
        for (String e : events) {
          out.write(e.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    });
  }

  /** An SSE stream that sends {@code events} and then stalls, as if the model were still generating. */
  FakeAnthropic sseThenStall(List<String> events) {
    return enqueue(exchange -> {
      startSse(exchange);
      OutputStream out = exchange.getResponseBody();
      try {
        for (String e : events) {
          out.write(e.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
        shutdown.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        try {
          out.close();
        } catch (IOException ignored) {
          // the client went away: that is the point of this reply
        }
      }
    });
  }

  private static void startSse(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().add("Cache-Control", "no-cache");
    exchange.getResponseHeaders().add("request-id", "req_011CTestStream");
    exchange.sendResponseHeaders(200, 0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requestPaths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
    requestBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    Reply reply = replies.poll();
    if (reply == null) {
      byte[] body = "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"no reply queued\"}}"
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(404, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
      return;
    }
    reply.write(exchange);
  }

  @Override
  public void close() {
    shutdown.countDown();
    server.stop(0);
  }

  /** One SSE event in Anthropic's framing. */
  static String event(String type, String json) {
    return "event: " + type + "\ndata: " + json + "\n\n";
  }
}
