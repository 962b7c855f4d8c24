/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import java.util.Map;

/** What the scenario's application code does: the same calls, observed by the agent or by hand. */
interface Calls {

  /** An observed chain: an HTTP GET of a document, then a chat call about it. */
  String answer(String question) throws Exception;

  /** A plain HTTP GET of the document. */
  String fetch() throws Exception;

  /** One chat call. */
  String chat(String message);

  /**
   * An observed LLM call whose result carries the chat call's usage (model and token counts, as a
   * map): the observed span must leave the pricing to the chat span inside it, so the call is
   * priced once.
   */
  Map<String, Object> generate(String message);
}
