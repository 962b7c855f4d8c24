/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Requests to the test application, as a client of the chat service sends them. */
final class ChatRequests {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ChatRequests() {}

  /**
   * POSTs {@code body}, with the conversation and user headers when given; fails unless the answer
   * is 200.
   */
  static String post(int port, String path, String conversation, String user, String body)
      throws IOException, InterruptedException {
    return post(port, path, conversation, user, Map.of(), body);
  }

  /** The same, with {@code headers} too. */
  static String post(
      int port,
      String path,
      String conversation,
      String user,
      Map<String, String> headers,
      String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (conversation != null) {
      b.header("X-Conversation-Id", conversation);
    }
    if (user != null) {
      b.header("X-User-Id", user);
    }
    headers.forEach(b::header);
    HttpResponse<String> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }
}
