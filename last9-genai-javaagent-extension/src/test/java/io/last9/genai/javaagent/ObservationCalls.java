/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import io.last9.genai.observe.GenAiObservation;
import java.util.Map;

/**
 * The scenario's calls observed by hand with {@link GenAiObservation}, for an SDK without the
 * agent's weaving.
 */
final class ObservationCalls implements Calls {

  private final Clients clients;

  ObservationCalls(Clients clients) {
    this.clients = clients;
  }

  @Override
  public String answer(String question) throws Exception {
    return GenAiObservation.chain(Scenario.ANSWER)
        .call(() -> clients.chat(question + " " + clients.fetch()));
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
  public Map<String, Object> generate(String message) {
    return GenAiObservation.llm(Scenario.GENERATE).get(() -> clients.generate(message));
  }
}
