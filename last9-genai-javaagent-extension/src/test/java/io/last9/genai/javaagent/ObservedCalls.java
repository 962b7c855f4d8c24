package io.last9.genai.javaagent;

import io.last9.genai.GenAiSpanKind;
import io.last9.genai.Observe;
import java.util.Map;

/** The scenario's calls as an application writes them for the agent: {@code @Observe} and nothing else. */
public class ObservedCalls implements Calls {

  private final Clients clients;

  ObservedCalls(Clients clients) {
    this.clients = clients;
  }

  @Override
  @Observe(kind = GenAiSpanKind.CHAIN, name = Scenario.ANSWER, tags = {"agent-it"})
  public String answer(String question) throws Exception {
    return clients.chat(question + " " + clients.fetch());
  }

  @Override
  public String fetch() throws Exception {
    return clients.fetch();
  }

  @Override
  public String chat(String message) {
    return clients.chat(message);
  }

  @Override
  @Observe(name = Scenario.GENERATE)
  public Map<String, Object> generate(String message) {
    return clients.generate(message);
  }
}
