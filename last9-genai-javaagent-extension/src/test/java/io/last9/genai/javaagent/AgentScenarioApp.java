package io.last9.genai.javaagent;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.last9.genai.ConversationContext;
import io.last9.genai.WorkflowContext;
import java.net.http.HttpClient;

/**
 * The application the integration tests run under the real Java agent, in a child JVM: it uses only the ordinary
 * last9-genai API and un-instrumented clients (the agent instruments them).
 *
 * <ul>
 *   <li>turn 1: an {@code @Observe} call (an HTTP GET and a chat call inside);
 *   <li>turn 2: a workflow ({@code rag}) with an HTTP GET, a chat call and an {@code @Observe} call;
 *   <li>turn 3: a bare chat call after the workflow;
 *   <li>then, outside every scope, an HTTP GET and a chat call, which must carry nothing.
 * </ul>
 *
 * <p>Arguments: the fake OpenAI server's origin.
 */
public final class AgentScenarioApp {

  static final String CONVERSATION = "conv-agent-it";
  static final String USER = "user-agent-it";
  static final String WORKFLOW = "wf-agent-it";

  private AgentScenarioApp() {}

  public static void main(String[] args) throws Exception {
    String origin = args[0];
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(origin + "/v1").apiKey("sk-test").maxRetries(0)
        .build();
    HttpClient http = HttpClient.newHttpClient();
    Assistant assistant = new Assistant(client, http, origin + "/docs");
    try (ConversationContext conversation = ConversationContext.builder(CONVERSATION).userId(USER).start()) {
      assistant.answer("What is RAG?");
      try (WorkflowContext rag = WorkflowContext.builder(WORKFLOW).type("rag").start()) {
        assistant.fetch();
        assistant.chat("Rerank these documents.");
        assistant.answer("Summarise them.");
        System.out.println("workflow total_cost_usd=" + rag.totalCostUsd() + " llm_calls=" + rag.llmCalls());
      }
      assistant.chat("Thanks!");
    }
    assistant.fetch();
    assistant.chat("Outside every scope.");
    client.close();
    System.out.println("scenario done");
  }
}
