package io.last9.genai.javaagent;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The application the integration tests run under the real Java agent, in a child JVM: plain openai-java and
 * {@code java.net.http} clients (the agent instruments them), {@code @Observe} methods (the extension weaves them)
 * and the {@link Scenario}'s scopes. Argument: the fake OpenAI server's origin.
 */
public final class AgentScenarioApp {

  private AgentScenarioApp() {}

  public static void main(String[] args) throws Exception {
    String origin = args[0];
    OpenAIClient openai = OpenAIOkHttpClient.builder().baseUrl(origin + "/v1").apiKey("sk-test").maxRetries(0)
        .build();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest docs = HttpRequest.newBuilder(URI.create(origin + "/docs")).GET().build();
    try {
      Scenario.run(new ObservedCalls(
          new Clients(openai, () -> http.send(docs, HttpResponse.BodyHandlers.ofString()).body())));
    } finally {
      openai.close();
    }
    System.out.println(Scenario.DONE);
  }
}
