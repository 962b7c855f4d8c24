/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import io.last9.genai.ConversationContext;
import io.last9.genai.WorkflowContext;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * An application that calls Amazon Bedrock with the plain AWS SDK under the real Java agent, in a
 * child JVM: the agent's own AWS SDK instrumentation makes the chat spans. Two workflows, each a
 * turn of one conversation: in {@value #CONVERSE} a Converse call on the sync client, in {@value
 * #STREAM} a ConverseStream call on the async client, read to its end. Argument: the fake Bedrock's
 * endpoint.
 */
public final class AgentBedrockApp {

  static final String CONVERSATION = "conv-bedrock";
  static final String USER = "user-bedrock";
  static final String CONVERSE = "wf-bedrock-converse";
  static final String STREAM = "wf-bedrock-stream";
  static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

  private AgentBedrockApp() {}

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
    try (BedrockRuntimeClient sync =
            BedrockRuntimeClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build();
        BedrockRuntimeAsyncClient async =
            BedrockRuntimeAsyncClient.builder()
                // the client assumes HTTP/2 for this service; the loopback fake speaks HTTP/1.1
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build();
        ConversationContext c = ConversationContext.builder(CONVERSATION).userId(USER).start()) {
      try (WorkflowContext w = WorkflowContext.builder(CONVERSE).type("bedrock").start()) {
        ConverseResponse r = sync.converse(b -> b.modelId(MODEL).messages(user("What is a turn?")));
        System.out.println(r.output().message().content().get(0).text());
      }
      try (WorkflowContext w = WorkflowContext.builder(STREAM).type("bedrock").start()) {
        StringBuilder text = new StringBuilder();
        CompletableFuture<Void> done =
            async.converseStream(
                b -> b.modelId(MODEL).messages(user("Stream a turn.")),
                ConverseStreamResponseHandler.builder()
                    .subscriber(
                        ConverseStreamResponseHandler.Visitor.builder()
                            .onContentBlockDelta(d -> text.append(d.delta().text()))
                            .build())
                    .build());
        done.join();
        System.out.println(text);
      }
    }
    // let one metric export follow the last call (see AgentScenarioApp)
    Thread.sleep(1_200);
    System.out.println(Scenario.DONE);
  }

  private static Message user(String text) {
    return Message.builder()
        .role(ConversationRole.USER)
        .content(ContentBlock.fromText(text))
        .build();
  }
}
