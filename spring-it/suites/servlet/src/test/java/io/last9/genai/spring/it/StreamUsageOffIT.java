/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.it;

import static io.last9.genai.spring.it.ChatSpans.COST;
import static io.last9.genai.spring.it.ChatSpans.WORKFLOW_COST;
import static io.last9.genai.spring.it.ChatSpans.WORKFLOW_LLM_CALLS;
import static io.last9.genai.spring.it.ChatSpans.assertMarkedNoUsage;
import static io.last9.genai.spring.it.ChatSpans.assertPriced;
import static io.last9.genai.spring.it.ChatSpans.chatSpans;
import static io.last9.genai.spring.it.ChatSpans.workflowSpan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Streams that do not ask for their usage, against a loopback server that streams as OpenAI does
 * (usage only when asked): the starter's default switched off ({@code
 * last9.genai.spring-ai.stream-usage=false}, Spring AI 1.1) and Spring AI 2.0's own default
 * switched off ({@code spring.ai.openai.chat.stream-options.include-usage=false}). Spring AI then
 * reports token counts of 0 it made up; the chat span carries none and is marked {@code no_usage},
 * never priced at $0, and still counts in its workflow.
 */
@SpringBootTest(
    classes = ChatTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.ai.openai.api-key=test-key",
      "spring.ai.openai.chat.options.model=gpt-4o",
      "last9.genai.spring-ai.stream-usage=false",
      "spring.ai.openai.chat.stream-options.include-usage=false",
      "management.tracing.sampling.probability=1.0",
      "last9.genai.web.enabled=true",
      "last9.genai.pricing.models.gpt-4o.input=2.50",
      "last9.genai.pricing.models.gpt-4o.output=10.00",
      "otel.traces.exporter=none",
      "otel.metrics.exporter=none",
      "otel.logs.exporter=none"
    })
class StreamUsageOffIT extends ChatServiceTestBase {

  @Test
  void aStreamThatDidNotAskForUsageIsMarkedNoUsageNeverPricedAtZero() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    String marker = "no usage " + conversation;
    assertThat(post("/stream", conversation, "user-21", "Stream with " + marker))
        .isEqualTo("It will rain.");

    JsonNode sent = OPENAI.chatRequestContaining(marker).json();
    assertThat(sent.path("stream_options").path("include_usage").asBoolean(false))
        .as("the stream did not ask for its usage: " + sent.path("stream_options"))
        .isFalse();
    List<SpanData> chats =
        chatSpans(
            spans.ofConversation(
                conversation,
                s -> ExportedSpans.serverSpans(1).test(s) && !chatSpans(s).isEmpty()));
    assertThat(chats).hasSize(1);
    assertMarkedNoUsage(chats.get(0));
  }

  @Test
  void aStreamedCallWithoutUsageCountsInItsWorkflow() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    post("/stream-workflow", conversation, "user-22", "weather " + conversation);

    List<SpanData> exported =
        spans.ofConversation(
            conversation, s -> ExportedSpans.serverSpans(1).test(s) && workflowSpan(s) != null);
    List<SpanData> chats = chatSpans(exported);
    assertThat(chats).hasSize(2);
    SpanData streamed =
        chats.stream().filter(c -> c.getAttributes().get(COST) == null).findFirst().orElseThrow();
    SpanData blocking =
        chats.stream().filter(c -> c.getAttributes().get(COST) != null).findFirst().orElseThrow();
    assertMarkedNoUsage(streamed);
    assertPriced(blocking);
    SpanData workflow = workflowSpan(exported);
    assertThat(workflow.getAttributes().get(WORKFLOW_LLM_CALLS)).as("both calls").isEqualTo(2L);
    assertThat(workflow.getAttributes().get(WORKFLOW_COST))
        .isCloseTo(blocking.getAttributes().get(COST), within(1e-12));
  }
}
