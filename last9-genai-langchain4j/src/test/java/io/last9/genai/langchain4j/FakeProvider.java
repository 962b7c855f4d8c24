package io.last9.genai.langchain4j;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A model provider on loopback: answers each request with the next queued canned reply (JSON or a server-sent
 * event stream) and records what it was sent. Speaks whatever wire format the queued replies are in.
 */
final class FakeProvider implements AutoCloseable {

  /** One request as received. */
  record Received(String method, String path, String body) {}

  private record Reply(int status, String contentType, List<String> parts) {}

  private final HttpServer server;
  private final Deque<Reply> replies = new ArrayDeque<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();

  FakeProvider() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  /** Base URL ending in {@code /v1}. */
  String baseUrl() {
    return "http://" + server.getAddress().getHostString() + ':' + server.getAddress().getPort() + "/v1";
  }

  FakeProvider json(int status, String body) {
    synchronized (replies) {
      replies.add(new Reply(status, "application/json", List.of(body)));
    }
    return this;
  }

  /** A server-sent event stream; each element is the data of one event. */
  FakeProvider sse(String... events) {
    List<String> parts = new ArrayList<>();
    for (String e : events) {
      parts.add("data: " + e + "\n\n");
    }
    synchronized (replies) {
      replies.add(new Reply(200, "text/event-stream", parts));
    }
    return this;
  }

  /** A server-sent event stream with named events (Anthropic style): name, data, name, data, ... */
  FakeProvider namedSse(String... nameDataPairs) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < nameDataPairs.length; i += 2) {
      parts.add("event: " + nameDataPairs[i] + "\ndata: " + nameDataPairs[i + 1] + "\n\n");
    }
    synchronized (replies) {
      replies.add(new Reply(200, "text/event-stream", parts));
    }
    return this;
  }

  List<Received> received() {
    return received;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body));
    Reply reply;
    synchronized (replies) {
      reply = replies.poll();
    }
    if (reply == null) {
      reply = new Reply(599, "application/json", List.of("{\"error\":{\"message\":\"no reply queued\"}}"));
    }
    exchange.getResponseHeaders().add("Content-Type", reply.contentType());
    boolean stream = reply.contentType().startsWith("text/event-stream");
    exchange.sendResponseHeaders(reply.status(), stream ? 0 : bytes(reply.parts().get(0)).length);
    try (OutputStream out = exchange.getResponseBody()) {
      for (String part : reply.parts()) {
        out.write(bytes(part));
        out.flush();
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
