/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.last9.genai.ConversationContext;
import io.last9.genai.WorkflowContext;
import java.util.stream.Collectors;

/**
 * An application that streams with plain openai-java under the real Java agent, in a child JVM: the
 * agent's own openai-java instrumentation makes the chat spans. Two workflows, each of a streamed
 * call and an unstreamed one: in {@value #WITHOUT_USAGE} the stream does not ask for its usage, in
 * {@value #WITH_USAGE} it sets {@code stream_options.include_usage=true}. A third, {@value #LATE},
 * opens a stream that asks for its usage and returns it to its caller, who reads it after the
 * workflow closed, as a handler that hands a stream on does. All three are turns of one
 * conversation. Argument: the fake OpenAI server's origin.
 */
public final class AgentStreamingApp {

  static final String WITHOUT_USAGE = "wf-stream-without-usage";
  static final String WITH_USAGE = "wf-stream-with-usage";
  static final String LATE = "wf-stream-read-after-close";
  static final String CONVERSATION = "conv-streaming";
  static final String USER = "user-streaming";

  private AgentStreamingApp() {}

  public static void main(String[] args) throws Exception {
    OpenAIClient openai = Clients.openai(args[0]);
    Clients clients = new Clients(openai, () -> "");
    try (ConversationContext c = ConversationContext.builder(CONVERSATION).userId(USER).start()) {
      // each workflow is one turn of the conversation
      try (WorkflowContext w = WorkflowContext.builder(WITHOUT_USAGE).type("stream").start()) {
        System.out.println(stream(openai, "Stream without usage.", false));
        clients.chat("And one unstreamed call.");
      }
      try (WorkflowContext w = WorkflowContext.builder(WITH_USAGE).type("stream").start()) {
        System.out.println(stream(openai, "Stream with usage.", true));
        clients.chat("And one more unstreamed call.");
      }
      StreamResponse<ChatCompletionChunk> handedOn;
      try (WorkflowContext w = WorkflowContext.builder(LATE).type("stream").start()) {
        handedOn = openai.chat().completions().createStreaming(params("Read it later.", true));
      }
      try (StreamResponse<ChatCompletionChunk> s = handedOn) {
        System.out.println(text(s));
      }
    } finally {
      openai.close();
    }
    // let one metric export follow the last call (see AgentScenarioApp)
    Thread.sleep(1_200);
    System.out.println(Scenario.DONE);
  }

  /** A streamed call read to the end; its text. */
  private static String stream(OpenAIClient openai, String message, boolean includeUsage) {
    try (StreamResponse<ChatCompletionChunk> s =
        openai.chat().completions().createStreaming(params(message, includeUsage))) {
      return text(s);
    }
  }

  private static ChatCompletionCreateParams params(String message, boolean includeUsage) {
    ChatCompletionCreateParams.Builder params =
        ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage(message);
    if (includeUsage) {
      params.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
    }
    return params.build();
  }

  private static String text(StreamResponse<ChatCompletionChunk> s) {
    return s.stream()
        .flatMap(c -> c.choices().stream())
        .map(c -> c.delta().content().orElse(""))
        .collect(Collectors.joining());
  }
}
