/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import io.last9.genai.GenAiSpanKind;
import io.last9.genai.observe.ObserveGenAi;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The scenario's calls as an application writes them for the agent: {@code @ObserveGenAi} and
 * nothing else.
 */
public class ObservedCalls implements Calls {

  private final Clients clients;

  ObservedCalls(Clients clients) {
    this.clients = clients;
  }

  @Override
  @ObserveGenAi(
      kind = GenAiSpanKind.CHAIN,
      name = Scenario.ANSWER,
      tags = {"agent-it"})
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
  @ObserveGenAi(name = Scenario.GENERATE)
  public Map<String, Object> generate(String message) {
    return clients.generate(message);
  }

  /**
   * An observed method whose work completes later: its span must end when the returned stage
   * completes, not when the method returns.
   */
  @ObserveGenAi(kind = GenAiSpanKind.TOOL, name = ASYNC_LOOKUP)
  public CompletionStage<String> lookupLater(String key) {
    return CompletableFuture.supplyAsync(
        () -> "value of " + key,
        CompletableFuture.delayedExecutor(ASYNC_DELAY_MILLIS, TimeUnit.MILLISECONDS));
  }

  /** An observed {@code void} method. */
  @ObserveGenAi(kind = GenAiSpanKind.TOOL, name = NOTE)
  public void note(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("nothing to note");
    }
  }

  static final String ASYNC_LOOKUP = "lookup_later";
  static final String NOTE = "note";
  static final long ASYNC_DELAY_MILLIS = 300;
}
