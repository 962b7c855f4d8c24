/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.WorkflowContext;
import io.last9.genai.testing.BedrockTokens;
import io.last9.genai.testing.FakeBedrock;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Amazon Bedrock in a Spring Boot 3.5 application through Spring AI 1.1's Bedrock Converse model,
 * with the starter, against a loopback Bedrock (the real AWS SDK clients underneath): a call and a
 * stream through {@code ChatClient} are priced from the catalog's Bedrock entries, are turns 1 and
 * 2 of the conversation, name their workflows (the call counts in its workflow's total), and carry
 * their messages. Spring AI reports Bedrock's input count, which leaves out the prompt cache, and
 * no cache counts: the cost is marked as a lower bound.
 */
@SpringBootTest(
    classes = BedrockChatApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      // only the Bedrock model: the OpenAI one the other suites use stays off
      "spring.ai.model.chat=none",
      "spring.ai.model.embedding=none",
      "spring.ai.model.image=none",
      "spring.ai.model.audio.speech=none",
      "spring.ai.model.audio.transcription=none",
      "spring.ai.model.moderation=none",
      "management.tracing.sampling.probability=1.0",
      "spring.ai.chat.observations.log-prompt=true",
      "spring.ai.chat.observations.log-completion=true",
      "otel.traces.exporter=none",
      "otel.metrics.exporter=none",
      "otel.logs.exporter=none"
    })
class BedrockChatIT {

  // the bundled catalog's cross-region Claude Sonnet 4.5 on Bedrock, per million tokens
  private static final double INPUT = 3.30;
  private static final double OUTPUT = 16.50;
  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");

  static final FakeBedrock BEDROCK = FakeBedrock.start();

  @DynamicPropertySource
  static void bedrock(DynamicPropertyRegistry registry) {
    registry.add("fake.bedrock.endpoint", () -> BEDROCK.endpoint().toString());
  }

  @AfterAll
  static void stop() {
    BEDROCK.close();
  }

  @Autowired ChatClient chat;
  @Autowired InMemorySpanExporter exporter;
  @Autowired ObjectProvider<SdkTracerProvider> tracerProviders;
  @Autowired OpenTelemetry otel;

  @Test
  void aCallAndAStreamArePricedTurnsOfTheConversation() {
    BEDROCK.enqueue(
        FakeBedrock.converse(
            "A turn is one exchange.",
            BedrockTokens.of(1_200, 300).withCacheReadInputTokens(8_000)));
    BEDROCK.enqueue(
        FakeBedrock.converseStream(List.of("A turn, ", "streamed."), BedrockTokens.of(900, 40)));
    try (ConversationContext c =
        ConversationContext.builder("conv-bedrock").userId("u-b").start()) {
      try (WorkflowContext w =
          WorkflowContext.builder("wf-call").type("bedrock").openTelemetry(otel).start()) {
        assertThat(chat.prompt().user("What is a turn?").call().content())
            .isEqualTo("A turn is one exchange.");
      }
      try (WorkflowContext w =
          WorkflowContext.builder("wf-stream").type("bedrock").openTelemetry(otel).start()) {
        assertThat(
                String.join(
                    "",
                    chat.prompt().user("Stream a turn.").stream().content().collectList().block()))
            .isEqualTo("A turn, streamed.");
      }
    }
    // the streamed call's span ends when Spring AI's Flux has completed, which may be after the
    // caller's block() returned: wait for it (up to 10 s)
    List<SpanData> spans = exported(all -> chats(all).size() == 2);
    String dump = spans.stream().map(SpanData::toString).collect(Collectors.joining("\n"));
    List<Attributes> chats = chats(spans);
    assertThat(chats).as(dump).hasSize(2);
    Attributes call = chats.get(0);
    Attributes stream = chats.get(1);

    assertThat(call.get(GenAiAttributes.USAGE_COST_USD))
        .isCloseTo((1_200 * INPUT + 300 * OUTPUT) / 1e6, within(1e-12));
    assertThat(call.get(GenAiAttributes.COST_PRICE_SOURCE)).startsWith("genai-prices:aws/");
    assertThat(call.get(GenAiAttributes.COST_LOWER_BOUND)).isTrue();
    assertThat(call.get(GenAiAttributes.COST_LOWER_BOUND_REASON))
        .isEqualTo("cache_tokens_not_reported");
    assertThat(call.get(GenAiAttributes.COST_UPPER_BOUND)).isNull();
    assertThat(stream.get(GenAiAttributes.USAGE_COST_USD))
        .isCloseTo((900 * INPUT + 40 * OUTPUT) / 1e6, within(1e-12));
    assertThat(call.get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(1L);
    assertThat(stream.get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(2L);
    for (Attributes a : chats) {
      assertThat(a.get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("conv-bedrock");
      assertThat(a.get(GenAiAttributes.USER_ID)).isEqualTo("u-b");
    }
    assertThat(call.get(GenAiAttributes.OUTPUT_MESSAGES)).contains("A turn is one exchange.");
    assertThat(stream.get(GenAiAttributes.OUTPUT_MESSAGES)).contains("A turn, streamed.");

    assertThat(workflow(spans, "wf-call").get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD))
        .isCloseTo(call.get(GenAiAttributes.USAGE_COST_USD), within(1e-12));
    // the streamed call names its workflow; whether the workflow's total has it depends on whether
    // the call's span ended before the workflow closed (see the starter's README)
    assertThat(stream.get(GenAiAttributes.WORKFLOW_ID)).isEqualTo("wf-stream");
  }

  private static List<Attributes> chats(List<SpanData> spans) {
    return spans.stream()
        .filter(s -> "bedrock_converse".equals(s.getAttributes().get(SYSTEM)))
        .map(SpanData::getAttributes)
        .collect(Collectors.toList());
  }

  private List<SpanData> exported(Predicate<List<SpanData>> until) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      tracerProviders.forEach(p -> p.forceFlush().join(5, TimeUnit.SECONDS));
      List<SpanData> spans = exporter.getFinishedSpanItems();
      if (until.test(spans) || System.nanoTime() > deadline) {
        return spans;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  private static Attributes workflow(List<SpanData> spans, String id) {
    return spans.stream()
        .filter(s -> s.getName().startsWith("invoke_workflow"))
        .filter(s -> id.equals(s.getAttributes().get(GenAiAttributes.WORKFLOW_ID)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no workflow span " + id))
        .getAttributes();
  }
}
