package io.last9.genai.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
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

/**
 * A local HTTP server on 127.0.0.1 that speaks OpenAI's wire format from a script: each request gets the next
 * scripted reply (status, content type, body). Requests are recorded (path and body) so tests can check what the
 * client sent.
 */
final class FakeOpenAIServer implements AutoCloseable {

  record Reply(int status, String contentType, String body) {}

  record Request(String method, String path, String body) {}

  private final HttpServer server;
  private final Deque<Reply> replies = new ArrayDeque<>();
  private final List<Request> requests = new ArrayList<>();

  FakeOpenAIServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Reply reply;
      synchronized (this) {
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body));
        reply = replies.poll();
      }
      if (reply == null) {
        reply = new Reply(500, "application/json", "{\"error\":{\"message\":\"no scripted reply\"}}");
      }
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", reply.contentType());
      exchange.sendResponseHeaders(reply.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      } catch (IOException e) {
        // the client closed a stream early
      }
    });
    server.start();
  }

  /** Scripts a JSON reply. */
  synchronized FakeOpenAIServer json(int status, String body) {
    replies.add(new Reply(status, "application/json", body));
    return this;
  }

  /** Scripts a server-sent-events reply: each chunk as {@code data: ...}, then {@code data: [DONE]}. */
  synchronized FakeOpenAIServer sse(String... chunks) {
    StringBuilder sb = new StringBuilder();
    for (String c : chunks) {
      sb.append("data: ").append(c).append("\n\n");
    }
    sb.append("data: [DONE]\n\n");
    replies.add(new Reply(200, "text/event-stream", sb.toString()));
    return this;
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** A real openai-java client for this server, without retries (fast, deterministic error tests). */
  OpenAIClient client() {
    return OpenAIOkHttpClient.builder().baseUrl(baseUrl()).apiKey("sk-test").maxRetries(0).build();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
