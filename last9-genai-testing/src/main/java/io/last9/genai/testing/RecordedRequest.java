/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request a fake server received, as it arrived.
 *
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the request path without the query, e.g. {@code /v1/chat/completions}
 * @param headers the request headers, names in lower case
 * @param body the request body as UTF-8 text (empty when there was none)
 */
public record RecordedRequest(
    String method, String path, Map<String, List<String>> headers, String body) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Copies {@code headers} so that the record is immutable. */
  public RecordedRequest {
    headers = Map.copyOf(headers);
  }

  /** The first value of the header {@code name} (any case), or null when the request had none. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * The body parsed as JSON; a missing field reads as a {@code MissingNode}, so {@code
   * json().path("a").path("b")} never throws.
   *
   * @throws UncheckedIOException when the body is not JSON
   */
  public JsonNode json() {
    try {
      return JSON.readTree(body.isEmpty() ? "{}" : body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(
          "request body of " + method + " " + path + " is not JSON: " + body, e);
    }
  }
}
