/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.WorkflowContext;
import io.last9.genai.testing.BedrockTokens;
import io.last9.genai.testing.FakeBedrock;
import io.last9.genai.testing.GenAiContentSchema;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.instrumentation.awssdk.v2_2.AwsSdkTelemetry;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * The root README's Amazon Bedrock set-up on a plain SDK: the real AWS SDK clients with
 * OpenTelemetry's AWS SDK library instrumentation, as the README builds them, against a loopback
 * Bedrock. A Converse call and a ConverseStream call are priced from the catalog's Bedrock entries
 * and are turns 1 and 2 of the conversation; the Converse call used the prompt cache, which the
 * instrumentation does not report, so its cost is marked as a lower bound.
 */
class ReadmeBedrockTest {

  private static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
  // the bundled catalog's cross-region Claude Sonnet 4.5 on Bedrock, per million tokens
  private static final double INPUT = 3.30;
  private static final double OUTPUT = 16.50;
  private static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();
  @RegisterExtension final FakeBedrock bedrock = FakeBedrock.start();

  @Test
  void theReadmesClientsArePricedTurnsOfTheConversation() {
    // as the README: the instrumentation's interceptor on both clients, the async one wrapped
    converseAndStream(AwsSdkTelemetry.create(otel.openTelemetry()));

    Attributes converse = chat("Converse");
    assertThat(converse.get(GenAiAttributes.USAGE_COST_USD))
        .isCloseTo((1_200 * INPUT + 300 * OUTPUT) / 1e6, within(1e-12));
    assertThat(converse.get(GenAiAttributes.COST_LOWER_BOUND)).isTrue();
    assertThat(converse.get(GenAiAttributes.COST_LOWER_BOUND_REASON))
        .isEqualTo("cache_tokens_not_reported");
    assertThat(converse.get(GenAiAttributes.COST_UPPER_BOUND)).isNull();
    assertThat(converse.get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(1L);
    Attributes stream = chat("ConverseStream");
    assertThat(stream.get(GenAiAttributes.USAGE_COST_USD))
        .isCloseTo((900 * INPUT + 40 * OUTPUT) / 1e6, within(1e-12));
    assertThat(stream.get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(2L);
    for (Attributes a : List.of(converse, stream)) {
      assertThat(a.get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("conv-b");
      assertThat(a.get(GenAiAttributes.USER_ID)).isEqualTo("u-b");
      assertThat(a.get(GenAiAttributes.INPUT_MESSAGES)).as("content capture is off").isNull();
    }
    assertThat(converse.get(GenAiAttributes.WORKFLOW_ID)).isEqualTo("wf-converse");
    assertThat(stream.get(GenAiAttributes.WORKFLOW_ID)).isEqualTo("wf-stream");
    assertThat(workflow("wf-converse").get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD))
        .isCloseTo(converse.get(GenAiAttributes.USAGE_COST_USD), within(1e-12));
    // the stream's span ends on the SDK's thread, maybe after its workflow took its totals: the
    // cost is then in the span and marked, never missing silently
    double inTotal = workflow("wf-stream").get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD);
    boolean late = Boolean.TRUE.equals(stream.get(GenAiAttributes.WORKFLOW_ENDED_AFTER_CLOSE));
    assertThat(inTotal + (late ? stream.get(GenAiAttributes.USAGE_COST_USD) : 0))
        .isCloseTo(stream.get(GenAiAttributes.USAGE_COST_USD), within(1e-12));
  }

  @Test
  void withContentCaptureTheMessagesOfBothCallsAreOnTheirSpans() {
    // the README's logger provider with the processor's contentEvents() is the test kit's
    converseAndStream(
        AwsSdkTelemetry.builder(otel.openTelemetry()).setGenaiCaptureMessageContent(true).build());

    for (String method : List.of("Converse", "ConverseStream")) {
      Attributes call = chat(method);
      String in = call.get(GenAiAttributes.INPUT_MESSAGES);
      String out = call.get(GenAiAttributes.OUTPUT_MESSAGES);
      assertThat(in).as(method).isNotNull();
      assertThat(out).as(method).isNotNull();
      GenAiContentSchema.assertInputMessages(in);
      GenAiContentSchema.assertOutputMessages(out);
    }
    assertThat(GenAiContentSchema.texts(chat("Converse").get(GenAiAttributes.INPUT_MESSAGES)))
        .containsExactly("What is a turn?");
    assertThat(GenAiContentSchema.texts(chat("Converse").get(GenAiAttributes.OUTPUT_MESSAGES)))
        .containsExactly("A turn is one exchange.");
    assertThat(GenAiContentSchema.texts(chat("ConverseStream").get(GenAiAttributes.INPUT_MESSAGES)))
        .containsExactly("Stream a turn.");
    assertThat(otel.logs()).as("the events still go to the logs").isNotEmpty();
  }

  private void converseAndStream(AwsSdkTelemetry aws) {
    bedrock.enqueue(
        FakeBedrock.converse(
            "A turn is one exchange.",
            BedrockTokens.of(1_200, 300).withCacheReadInputTokens(8_000)));
    bedrock.enqueue(
        FakeBedrock.converseStream(List.of("A turn, ", "streamed."), BedrockTokens.of(900, 40)));
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
    try (BedrockRuntimeClient sync =
            BedrockRuntimeClient.builder()
                .overrideConfiguration(
                    c -> c.addExecutionInterceptor(aws.createExecutionInterceptor()))
                .endpointOverride(bedrock.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build();
        BedrockRuntimeAsyncClient async =
            aws.wrapBedrockRuntimeClient(
                BedrockRuntimeAsyncClient.builder()
                    .overrideConfiguration(
                        c -> c.addExecutionInterceptor(aws.createExecutionInterceptor()))
                    // the client assumes HTTP/2 for this service; the loopback fake speaks HTTP/1.1
                    .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
                    .endpointOverride(bedrock.endpoint())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(credentials)
                    .build());
        ConversationContext c = ConversationContext.builder("conv-b").userId("u-b").start()) {
      try (WorkflowContext w =
          WorkflowContext.builder("wf-converse")
              .type("bedrock")
              .openTelemetry(otel.openTelemetry())
              .start()) {
        assertThat(sync.converse(b -> b.modelId(MODEL).messages(user("What is a turn?"))).output())
            .isNotNull();
      }
      try (WorkflowContext w =
          WorkflowContext.builder("wf-stream")
              .type("bedrock")
              .openTelemetry(otel.openTelemetry())
              .start()) {
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
        assertThat(text).hasToString("A turn, streamed.");
      }
    }
  }

  private Attributes chat(String rpcMethod) {
    List<SpanData> spans =
        otel.spans().stream()
            .filter(s -> rpcMethod.equals(s.getAttributes().get(RPC_METHOD)))
            .toList();
    assertThat(spans).as("the %s span among %s", rpcMethod, otel.spanNames()).hasSize(1);
    return spans.get(0).getAttributes();
  }

  private Attributes workflow(String id) {
    return otel.spans().stream()
        .filter(s -> id.equals(s.getAttributes().get(GenAiAttributes.WORKFLOW_ID)))
        .filter(s -> s.getName().startsWith("invoke_workflow"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no workflow " + id + " among " + otel.spanNames()))
        .getAttributes();
  }

  private static Message user(String text) {
    return Message.builder()
        .role(ConversationRole.USER)
        .content(ContentBlock.fromText(text))
        .build();
  }
}
