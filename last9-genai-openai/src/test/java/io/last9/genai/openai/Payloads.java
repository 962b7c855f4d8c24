package io.last9.genai.openai;

/** Response bodies written from OpenAI's API reference (Chat Completions, Responses, Embeddings, errors). */
final class Payloads {

  private Payloads() {}

  /** A chat completion with the usage details OpenAI reports. */
  static String chatCompletion(String id, String model, String content, long prompt, long cached, long completion,
      long reasoning) {
    return """
        {
          "id": "%s",
          "object": "chat.completion",
          "created": 1741569952,
          "model": "%s",
          "choices": [
            {
              "index": 0,
              "message": {"role": "assistant", "content": "%s", "refusal": null, "annotations": []},
              "logprobs": null,
              "finish_reason": "stop"
            }
          ],
          "usage": {
            "prompt_tokens": %d,
            "completion_tokens": %d,
            "total_tokens": %d,
            "prompt_tokens_details": {"cached_tokens": %d, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": %d, "audio_tokens": 0,
              "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
          },
          "service_tier": "default",
          "system_fingerprint": "fp_50cad350e4"
        }
        """.formatted(id, model, content, prompt, completion, prompt + completion, cached, reasoning);
  }

  /** One streamed content chunk. */
  static String chunk(String id, String model, String content, String finishReason) {
    String delta = content == null ? "{}" : "{\"content\":\"" + content + "\"}";
    String finish = finishReason == null ? "null" : "\"" + finishReason + "\"";
    return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,\"model\":\""
        + model + "\",\"system_fingerprint\":\"fp_50cad350e4\",\"choices\":[{\"index\":0,\"delta\":" + delta
        + ",\"logprobs\":null,\"finish_reason\":" + finish + "}],\"usage\":null}";
  }

  /** The first chunk of a stream: the assistant role, empty content. */
  static String roleChunk(String id, String model) {
    return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,\"model\":\""
        + model + "\",\"system_fingerprint\":\"fp_50cad350e4\",\"choices\":[{\"index\":0,\"delta\":"
        + "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],"
        + "\"usage\":null}";
  }

  /** The usage chunk sent last when stream_options.include_usage is true: no choices. */
  static String usageChunk(String id, String model, long prompt, long cached, long completion, long reasoning) {
    return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,\"model\":\""
        + model + "\",\"system_fingerprint\":\"fp_50cad350e4\",\"choices\":[],\"usage\":{\"prompt_tokens\":"
        + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion)
        + ",\"prompt_tokens_details\":{\"cached_tokens\":" + cached + ",\"audio_tokens\":0},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":" + reasoning + ",\"audio_tokens\":0,"
        + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}";
  }

  /** A Responses API response with a reasoning item and one output message. */
  static String response(String id, String model, String text, long input, long cached, long output,
      long reasoning) {
    return """
        {
          "id": "%s",
          "object": "response",
          "created_at": 1741476542,
          "status": "completed",
          "error": null,
          "incomplete_details": null,
          "instructions": null,
          "max_output_tokens": null,
          "model": "%s",
          "output": [
            {"type": "reasoning", "id": "rs_67ccd2bf17f0819081ff3bb2cf6508e6", "summary": []},
            {
              "type": "message",
              "id": "msg_67ccd2bf17f0819081ff3bb2cf6508e60bb6a6b452d3795b",
              "status": "completed",
              "role": "assistant",
              "content": [{"type": "output_text", "text": "%s", "annotations": []}]
            }
          ],
          "parallel_tool_calls": true,
          "previous_response_id": null,
          "reasoning": {"effort": "medium", "summary": null},
          "store": true,
          "temperature": 1.0,
          "text": {"format": {"type": "text"}},
          "tool_choice": "auto",
          "tools": [],
          "top_p": 1.0,
          "truncation": "disabled",
          "usage": {
            "input_tokens": %d,
            "input_tokens_details": {"cached_tokens": %d},
            "output_tokens": %d,
            "output_tokens_details": {"reasoning_tokens": %d},
            "total_tokens": %d
          },
          "user": null,
          "metadata": {}
        }
        """.formatted(id, model, text, input, cached, output, reasoning, input + output);
  }

  /** An embeddings response. */
  static String embedding(String model, long promptTokens) {
    return """
        {
          "object": "list",
          "data": [{"object": "embedding", "index": 0, "embedding": [0.0023064255, -0.009327292, -0.0028842222]}],
          "model": "%s",
          "usage": {"prompt_tokens": %d, "total_tokens": %d}
        }
        """.formatted(model, promptTokens, promptTokens);
  }

  /** An API error body. */
  static String error(String message, String type, String code) {
    return """
        {"error": {"message": "%s", "type": "%s", "param": null, "code": "%s"}}
        """.formatted(message, type, code);
  }
}
