package io.last9.genai.langchain4j;

/** Realistic OpenAI wire payloads (as the API sends them, usage details included). */
final class OpenAiPayloads {

  private OpenAiPayloads() {}

  static String completion(String id, String text, int prompt, int cached, int completion, int reasoning) {
    return """
        {"id":"%s","object":"chat.completion","created":1735689600,"model":"gpt-4o-2024-08-06",
         "choices":[{"index":0,"message":{"role":"assistant","content":"%s","refusal":null},
                     "logprobs":null,"finish_reason":"stop"}],
         "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d,
                  "prompt_tokens_details":{"cached_tokens":%d,"audio_tokens":0},
                  "completion_tokens_details":{"reasoning_tokens":%d,"audio_tokens":0,
                     "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
         "service_tier":"default","system_fingerprint":"fp_50cad350e4"}
        """.formatted(id, text, prompt, completion, prompt + completion, cached, reasoning);
  }

  /** The events of a streamed completion: role, content deltas, finish, then the usage chunk (include_usage). */
  static String[] stream(String id, String[] deltas, int prompt, int cached, int completion) {
    String head = "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,"
        + "\"model\":\"gpt-4o-2024-08-06\",\"system_fingerprint\":\"fp_50cad350e4\",";
    String[] events = new String[deltas.length + 4];
    int i = 0;
    events[i++] = head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
        + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}";
    for (String d : deltas) {
      events[i++] = head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + d + "\"},"
          + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}";
    }
    events[i++] = head + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
        + "\"usage\":null}";
    events[i++] = head + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":"
        + completion + ",\"total_tokens\":" + (prompt + completion) + ",\"prompt_tokens_details\":{\"cached_tokens\":"
        + cached + ",\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
        + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}";
    events[i] = "[DONE]";
    return events;
  }

  static String embeddings(String model, int dims, int count, int promptTokens) {
    StringBuilder data = new StringBuilder();
    for (int n = 0; n < count; n++) {
      if (n > 0) {
        data.append(',');
      }
      data.append("{\"object\":\"embedding\",\"index\":").append(n).append(",\"embedding\":[");
      for (int d = 0; d < dims; d++) {
        data.append(d == 0 ? "" : ",").append(0.01 * (n + 1) * (d + 1));
      }
      data.append("]}");
    }
    return "{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"" + model + "\",\"usage\":{\"prompt_tokens\":"
        + promptTokens + ",\"total_tokens\":" + promptTokens + "}}";
  }
}
