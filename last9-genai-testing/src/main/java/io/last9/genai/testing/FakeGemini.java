/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A loopback server speaking the Gemini API's wire format ({@code POST
 * /v1beta/models/{model}:generateContent}): script replies with {@link #enqueue}, point the client
 * at {@link #baseUrl()}.
 *
 * <p>Usage is reported as Gemini reports it: {@code promptTokenCount} includes {@code
 * cachedContentTokenCount}; {@code thoughtsTokenCount} stands beside {@code candidatesTokenCount},
 * not inside it.
 */
public final class FakeGemini extends FakeServer<FakeGemini> {

  private FakeGemini() {
    super(
        "fake-gemini",
        request ->
            error(
                404,
                "No reply was scripted for "
                    + request.method()
                    + " "
                    + request.path()
                    + " (FakeGemini)."));
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  public static FakeGemini start() {
    return new FakeGemini();
  }

  /** The base URL a client is given: {@code http://127.0.0.1:<port>/v1beta}. */
  @Override
  public String baseUrl() {
    return origin() + "/v1beta";
  }

  /**
   * A {@code generateContent} reply with one candidate, finish reason STOP.
   *
   * @param promptTokens {@code promptTokenCount}, cached tokens included
   * @param candidatesTokens {@code candidatesTokenCount}, thinking tokens not included
   * @param cachedTokens {@code cachedContentTokenCount}
   * @param thoughtsTokens {@code thoughtsTokenCount}
   */
  public static FakeReply generateContent(
      String responseId,
      String model,
      String text,
      long promptTokens,
      long candidatesTokens,
      long cachedTokens,
      long thoughtsTokens) {
    ObjectNode r = WireJson.object();
    ObjectNode candidate = r.putArray("candidates").addObject();
    ObjectNode content = candidate.putObject("content");
    content.putArray("parts").addObject().put("text", text);
    content.put("role", "model");
    candidate.put("finishReason", "STOP");
    candidate.put("index", 0);
    ObjectNode usage = r.putObject("usageMetadata");
    usage.put("promptTokenCount", promptTokens);
    usage.put("candidatesTokenCount", candidatesTokens);
    usage.put("totalTokenCount", promptTokens + candidatesTokens + thoughtsTokens);
    if (cachedTokens > 0) {
      usage.put("cachedContentTokenCount", cachedTokens);
    }
    if (thoughtsTokens > 0) {
      usage.put("thoughtsTokenCount", thoughtsTokens);
    }
    ArrayNode details = usage.putArray("promptTokensDetails");
    details.addObject().put("modality", "TEXT").put("tokenCount", promptTokens);
    r.put("modelVersion", model);
    r.put("responseId", responseId);
    return FakeReply.json(200, WireJson.write(r));
  }

  /** An error in Gemini's format. */
  public static FakeReply error(int status, String message) {
    ObjectNode r = WireJson.object();
    ObjectNode e = r.putObject("error");
    e.put("code", status);
    e.put("message", message);
    e.put("status", status == 404 ? "NOT_FOUND" : "INTERNAL");
    return FakeReply.json(status, WireJson.write(r));
  }
}
