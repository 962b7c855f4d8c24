package io.last9.genai.javaagent;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.last9.genai.GenAiSpanKind;
import io.last9.genai.Observe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Application code with an {@code @Observe} method: under the agent, the extension weaves it (no other code).
 * It fetches a document with {@code java.net.http.HttpClient}, then asks the model with openai-java.
 */
public class Assistant {

  private final OpenAIClient client;
  private final HttpClient http;
  private final String docsUrl;

  public Assistant(OpenAIClient client, HttpClient http, String docsUrl) {
    this.client = client;
    this.http = http;
    this.docsUrl = docsUrl;
  }

  @Observe(kind = GenAiSpanKind.CHAIN, name = "answer_question", tags = {"agent-it"})
  public String answer(String question) throws IOException, InterruptedException {
    String doc = fetch();
    return chat(question + " " + doc);
  }

  /** A plain HTTP GET of the document. */
  public String fetch() throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(docsUrl)).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** One openai-java chat completion. */
  public String chat(String message) {
    ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-4o").addUserMessage(message).build());
    return c.choices().get(0).message().content().orElse("");
  }
}
