/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import io.last9.genai.ConversationContext;
import io.last9.genai.WorkflowContext;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.pricing.ModelPricing;
import java.util.Map;

/**
 * The conversation the agent tests run, through the ordinary last9-genai API:
 *
 * <ul>
 *   <li>turn 1: {@link Calls#answer}, an observed chain (an HTTP GET and a chat call inside);
 *   <li>turn 2: a workflow ({@value #WORKFLOW}, type {@code rag}) with an HTTP GET, a chat call, a
 *       chat call observed with per-call prices ({@link #CLASSIFY_PRICES}) and an {@link
 *       Calls#answer};
 *   <li>turn 3: {@link Calls#generate}, an observed LLM call (a chat call inside), after the
 *       workflow;
 *   <li>then, outside every scope, an HTTP GET and a chat call, which must carry nothing.
 * </ul>
 */
final class Scenario {

  static final String CONVERSATION = "conv-agent-it";
  static final String USER = "user-agent-it";
  static final String WORKFLOW = "wf-agent-it";
  static final String ANSWER = "answer_question";
  static final String GENERATE = "generate_reply";
  static final String CLASSIFY = "classify_question";

  /**
   * The per-call prices of {@value #CLASSIFY}: they win over the catalog for the chat call inside
   * it.
   */
  static final Map<String, ModelPricing> CLASSIFY_PRICES =
      Map.of("gpt-4o", ModelPricing.of(1.00, 2.00));

  /** Printed by the application when it has run the whole scenario. */
  static final String DONE = "scenario done";

  private Scenario() {}

  static void run(Calls calls) throws Exception {
    try (ConversationContext conversation =
        ConversationContext.builder(CONVERSATION).userId(USER).start()) {
      calls.answer("What is RAG?");
      try (WorkflowContext rag = WorkflowContext.builder(WORKFLOW).type("rag").start()) {
        calls.fetch();
        calls.chat("Rerank these documents.");
        GenAiObservation.llm(CLASSIFY)
            .pricing(CLASSIFY_PRICES)
            .get(() -> calls.chat("Classify the question."));
        calls.answer("Summarise them.");
      }
      calls.generate("Thanks! Anything else?");
    }
    calls.fetch();
    calls.chat("Outside every scope.");
  }
}
