/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.it;

import static io.last9.genai.spring.it.ChatSpans.COST;
import static io.last9.genai.spring.it.ChatSpans.WORKFLOW_COST;
import static io.last9.genai.spring.it.ChatSpans.WORKFLOW_ID;
import static io.last9.genai.spring.it.ChatSpans.WORKFLOW_LLM_CALLS;
import static io.last9.genai.spring.it.ChatSpans.assertPriced;
import static io.last9.genai.spring.it.ChatSpans.chatSpans;
import static io.last9.genai.spring.it.ChatSpans.workflowSpan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.sampling.ConversationSampler;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Sampling configured from properties alone, under the application's own tracing set-up: its
 * sampler drops every trace, and {@code last9.genai.sampler.ratio} keeps half the conversations.
 * Kept conversations are exported whole; every LLM call, exported or not, is priced and counted in
 * its workflow's totals and in the cost metric.
 */
@SpringBootTest(
    classes = ChatTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.ai.openai.api-key=test-key",
      "spring.ai.openai.chat.options.model=gpt-4o",
      // Boot's tracing: its Sampler bean, parentBased(traceIdRatioBased(0)), drops every trace
      "management.tracing.sampling.probability=0.0",
      // OpenTelemetry's starter: so does the sampler it configures
      "otel.traces.sampler=always_off",
      "last9.genai.sampler.ratio=0.5",
      "last9.genai.web.enabled=true",
      "last9.genai.pricing.models.gpt-4o.input=2.50",
      "last9.genai.pricing.models.gpt-4o.output=10.00",
      "otel.traces.exporter=none",
      "otel.metrics.exporter=none",
      "otel.logs.exporter=none"
    })
class SamplingIT extends ChatServiceTestBase {

  private static final double RATIO = 0.5;
  private static final Pattern WORKFLOW = Pattern.compile("\"workflowId\"\\s*:\\s*\"([^\"]+)\"");

  @Autowired UnsampledSpans unsampled;

  @Autowired MeterRegistry meterRegistry;

  @Test
  void aWorkflowTheSamplerDropsIsStillPricedTotalledAndCounted() throws Exception {
    double before = costCounted();
    // no conversation header: only the application's sampler decides, and it drops everything
    String answer = post("/workflow", null, null, "weather tomorrow");
    Matcher m = WORKFLOW.matcher(answer);
    assertThat(m.find()).as(answer).isTrue();
    String workflowId = m.group(1);

    List<SpanData> recorded =
        unsampled.await(
            s -> workflowId.equals(s.getAttributes().get(WORKFLOW_ID)),
            s -> workflowSpan(s) != null && chatSpans(s).size() == 2);
    SpanData workflow = workflowSpan(recorded);
    assertThat(workflow).as("the workflow span, recorded though not sampled").isNotNull();
    List<SpanData> chats = chatSpans(recorded);
    assertThat(chats).hasSize(2);
    chats.forEach(ChatSpans::assertPriced);
    double sum = chats.stream().mapToDouble(s -> s.getAttributes().get(COST)).sum();
    assertThat(workflow.getAttributes().get(WORKFLOW_COST)).isCloseTo(sum, within(1e-12));
    assertThat(workflow.getAttributes().get(WORKFLOW_LLM_CALLS)).isEqualTo(2L);
    assertThat(costCounted() - before).isCloseTo(sum, within(1e-12));
    // and none of it was exported
    assertThat(spans.all()).noneMatch(s -> workflowId.equals(s.getAttributes().get(WORKFLOW_ID)));
  }

  @Test
  void conversationsAreKeptWholeOrDroppedWholeAndEveryCallCounts() throws Exception {
    ConversationSampler sampler = ConversationSampler.create(RATIO);
    String kept = conversation(sampler, true);
    String dropped = conversation(sampler, false);
    double before = costCounted();
    post("/chat", kept, "user-1", "What's the weather in SF?");
    post("/chat", dropped, "user-2", "And in Paris?");

    // kept: exported, server span and chat span alike, though the application's sampler drops every
    // trace
    List<SpanData> exported = spans.ofConversation(kept, ExportedSpans.serverSpans(1));
    assertThat(exported.stream().filter(s -> s.getKind() == SpanKind.SERVER)).isNotEmpty();
    List<SpanData> keptChats = chatSpans(exported);
    assertThat(keptChats).hasSize(1);
    assertPriced(keptChats.get(0));
    assertThat(exported)
        .allSatisfy(
            s ->
                assertThat(s.getAttributes().get(GenAiAttributes.SAMPLING_RATIO))
                    .as(s.getName())
                    .isEqualTo(RATIO));

    // dropped: not exported, but its chat span was recorded, priced and counted
    List<SpanData> recorded =
        unsampled.await(
            s -> dropped.equals(s.getAttributes().get(ExportedSpans.CONVERSATION_ID)),
            s ->
                !chatSpans(s).isEmpty()
                    && s.stream().anyMatch(x -> x.getKind() == SpanKind.SERVER));
    List<SpanData> droppedChats = chatSpans(recorded);
    assertThat(droppedChats).hasSize(1);
    assertPriced(droppedChats.get(0));
    assertThat(spans.all())
        .noneMatch(s -> dropped.equals(s.getAttributes().get(ExportedSpans.CONVERSATION_ID)));

    double both =
        keptChats.get(0).getAttributes().get(COST) + droppedChats.get(0).getAttributes().get(COST);
    assertThat(costCounted() - before).isCloseTo(both, within(1e-12));
  }

  private double costCounted() {
    return meterRegistry.find("gen_ai.client.cost").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  /** A fresh conversation id that the sampler keeps, or drops. */
  private static String conversation(ConversationSampler sampler, boolean kept) {
    String run = UUID.randomUUID().toString();
    return IntStream.range(0, 1_000)
        .mapToObj(i -> "conv-" + run + "-" + i)
        .filter(id -> sampler.isSampled(id) == kept)
        .findFirst()
        .orElseThrow();
  }
}
