/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OTLP/JSON as a Python app with OpenTelemetry's openai-v2 GenAI instrumentation sends it: hex ids,
 * 64-bit integers as strings, the older {@code gen_ai.system}, token counts but no cost (so the
 * explorer prices it), and a prompt that tries to inject markup and a JavaScript URL.
 */
final class PythonShapedSpans {

  static final String CONVERSATION = "py-thread-1";
  static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
  static final String HOSTILE_PROMPT =
      "<script>alert('x')</script><img src=x onerror=alert(1)>"
          + " <a href=\"javascript:alert(2)\">click</a>";
  static final String ANSWER = "I cannot run scripts.";
  static final String PLAIN_TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

  private static final ObjectMapper JSON = new ObjectMapper();

  private PythonShapedSpans() {}

  /** One chat span that nobody priced, in a conversation, and one trace with no conversation. */
  static String request(long startNanos) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode resources = root.putArray("resourceSpans");

    ObjectNode chat = span(resources, "py-chat", "opentelemetry.instrumentation.openai_v2");
    chat.put("traceId", TRACE_ID).put("spanId", "eee19b7ec3c1b174");
    chat.put("name", "chat gpt-4o-mini").put("kind", 3);
    chat.put("startTimeUnixNano", Long.toString(startNanos));
    chat.put("endTimeUnixNano", Long.toString(startNanos + 850_000_000L));
    ArrayNode a = chat.putArray("attributes");
    string(a, "gen_ai.operation.name", "chat");
    string(a, "gen_ai.system", "openai");
    string(a, "gen_ai.request.model", "gpt-4o-mini");
    string(a, "gen_ai.response.model", "gpt-4o-mini-2024-07-18");
    integer(a, "gen_ai.usage.input_tokens", 5000);
    integer(a, "gen_ai.usage.output_tokens", 1000);
    string(a, "gen_ai.conversation.id", CONVERSATION);
    ArrayNode in = JSON.createArrayNode();
    ObjectNode user = in.addObject().put("role", "user");
    user.putArray("parts").addObject().put("type", "text").put("content", HOSTILE_PROMPT);
    string(a, "gen_ai.input.messages", in.toString());
    ArrayNode out = JSON.createArrayNode();
    ObjectNode assistant = out.addObject().put("role", "assistant").put("finish_reason", "stop");
    assistant.putArray("parts").addObject().put("type", "text").put("content", ANSWER);
    string(a, "gen_ai.output.messages", out.toString());
    string(a, "server.address", "api.openai.com");
    chat.putObject("status");

    ObjectNode web = span(resources, "py-web", "opentelemetry.instrumentation.flask");
    web.put("traceId", PLAIN_TRACE_ID).put("spanId", "b7ad6b7169203331");
    web.put("name", "GET /health").put("kind", "SPAN_KIND_SERVER");
    web.put("startTimeUnixNano", Long.toString(startNanos));
    web.put("endTimeUnixNano", Long.toString(startNanos + 2_000_000L));
    string(web.putArray("attributes"), "http.request.method", "GET");
    web.putObject("status").put("code", 2).put("message", "boom");
    return root.toString();
  }

  private static ObjectNode span(ArrayNode resources, String service, String scope) {
    ObjectNode rs = resources.addObject();
    ArrayNode attributes = rs.putObject("resource").putArray("attributes");
    string(attributes, "service.name", service);
    string(attributes, "telemetry.sdk.language", "python");
    ObjectNode ss = rs.putArray("scopeSpans").addObject();
    ss.putObject("scope").put("name", scope).put("version", "0.52b0");
    return ss.putArray("spans").addObject();
  }

  private static void string(ArrayNode attributes, String key, String value) {
    ObjectNode kv = attributes.addObject().put("key", key);
    kv.putObject("value").put("stringValue", value);
  }

  private static void integer(ArrayNode attributes, String key, long value) {
    ObjectNode kv = attributes.addObject().put("key", key);
    kv.putObject("value").put("intValue", Long.toString(value));
  }
}
