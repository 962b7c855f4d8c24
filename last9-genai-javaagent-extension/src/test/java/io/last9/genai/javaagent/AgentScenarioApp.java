/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import com.openai.client.OpenAIClient;
import io.last9.genai.Last9GenAi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The application the integration tests run under the real Java agent, in a child JVM: plain
 * openai-java and {@code java.net.http} clients (the agent instruments them), {@code @ObserveGenAi}
 * methods (the extension weaves them) and the {@link Scenario}'s scopes. Argument: the fake OpenAI
 * server's origin.
 *
 * <p>With {@code -D}{@value #OWN_SDK}{@code =true} the application also builds an SDK of its own
 * with {@code Last9GenAi.install()} (the library's processor on its class path, too): the library's
 * spans then go to that SDK and the agent's to the agent's, and each call must still be priced
 * once.
 */
public final class AgentScenarioApp {

  static final String OWN_SDK = "scenario.own-sdk";

  private AgentScenarioApp() {}

  public static void main(String[] args) throws Exception {
    Last9GenAi own = Boolean.getBoolean(OWN_SDK) ? Last9GenAi.builder().install() : null;
    String origin = args[0];
    OpenAIClient openai = Clients.openai(origin);
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest docs = HttpRequest.newBuilder(URI.create(origin + "/docs")).GET().build();
    try {
      ObservedCalls calls =
          new ObservedCalls(
              new Clients(
                  openai, () -> http.send(docs, HttpResponse.BodyHandlers.ofString()).body()));
      Scenario.run(calls);
      // the other shapes of @ObserveGenAi methods: a CompletionStage, a void method, a method that
      // throws
      System.out.println(calls.lookupLater("k").toCompletableFuture().join());
      calls.note("a note");
      try {
        calls.note("");
      } catch (IllegalArgumentException expected) {
        System.out.println("caught: " + expected.getMessage());
      }
    } finally {
      openai.close();
      if (own != null) {
        own.close();
      }
    }
    // the tests export metrics every 500 ms: let one export follow the last call rather than rely
    // on the export
    // at shutdown, which the agent does not always complete before the JVM exits
    Thread.sleep(1_200);
    System.out.println(Scenario.DONE);
  }
}
