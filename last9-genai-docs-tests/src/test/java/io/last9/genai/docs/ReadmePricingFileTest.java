/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.WorkflowContext;
import io.last9.genai.anthropic.Last9Anthropic;
import io.last9.genai.langchain4j.Last9ChatModelListener;
import io.last9.genai.openai.Last9OpenAI;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.testing.AnthropicTokens;
import io.last9.genai.testing.FakeAnthropic;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.last9.genai.testing.Last9TelemetryExtensionBuilder;
import io.last9.genai.testing.OpenAITokens;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root README's pricing-file example, pasted as it is into a file, prices its model on the
 * spans of each client integration, though the example lists the model under its own provider id
 * ({@code acme}) and the clients name theirs ({@code openai}, {@code anthropic}); so does a
 * pricing-map entry. The spans' costs, the workflow's total and the cost metric agree.
 */
class ReadmePricingFileTest {

  @TempDir Path dir;

  /** The first {@code json} block under the README's "The pricing-file format" heading. */
  static String readmePricingFile() throws IOException {
    List<String> lines =
        Files.readAllLines(ReadmeSnippetsTest.root().resolve("README.md"), StandardCharsets.UTF_8);
    int heading = lines.indexOf("### The pricing-file format");
    assertThat(heading).as("the README's pricing-file section").isNotNegative();
    int start = lines.subList(heading, lines.size()).indexOf("```json") + heading + 1;
    int end = lines.subList(start, lines.size()).indexOf("```") + start;
    assertThat(start).isGreaterThan(heading);
    return String.join("\n", lines.subList(start, end));
  }

  @Test
  void theReadmesPricingFilePricesItsModelThroughEveryClient() throws Exception {
    Path file = Files.writeString(dir.resolve("prices.json"), readmePricingFile());
    Calls calls = runThroughEveryClient(b -> b.processor(p -> p.addPricingFile(file)));
    String source = "file:prices.json:acme/rocket-1";
    // openai-java: 10,000 in (2,000 cached), 1,000 out:
    //   8,000 x 1.50 + 2,000 x 0.15 + 1,000 x 6 = 12,000 + 300 + 6,000 = 18,300 / 1e6 = 0.0183
    calls.assertPriced("openai", 0.0183, source);
    // anthropic-java: 3,000 in + 1,000 cache read, 500 out, 2 web searches:
    //   3,000 x 1.50 + 1,000 x 0.15 + 500 x 6 = 7,650 / 1e6 = 0.00765; + 2 x 10 / 1,000 = 0.02
    calls.assertPriced("anthropic", 0.02765, source);
    // LangChain4j's OpenAiChatModel: 1,200 in (1,000 cached), 300 out:
    //   200 x 1.50 + 1,000 x 0.15 + 300 x 6 = 2,250 / 1e6 = 0.00225
    calls.assertPriced("langchain4j", 0.00225, source);
    calls.assertTotals(0.0183 + 0.02765 + 0.00225);
  }

  @Test
  void aPricingMapEntryPricesItsModelThroughEveryClient() throws Exception {
    Calls calls =
        runThroughEveryClient(
            b ->
                b.pricing(
                    Map.of(
                        "rocket-1",
                        ModelPricing.builder().input(1.5).cacheRead(0.15).output(6).build())));
    // the same prices as the file, without a web-search price: 2 searches are left out and listed
    calls.assertPriced("openai", 0.0183, "custom:rocket-1");
    calls.assertPriced("anthropic", 0.00765, "custom:rocket-1");
    calls.assertPriced("langchain4j", 0.00225, "custom:rocket-1");
    calls.assertTotals(0.0183 + 0.00765 + 0.00225);
  }

  private Calls runThroughEveryClient(Consumer<Last9TelemetryExtensionBuilder> configure)
      throws Exception {
    Last9TelemetryExtensionBuilder builder = Last9TelemetryExtension.builder();
    configure.accept(builder);
    Last9TelemetryExtension otel = builder.build();
    otel.start();
    try (FakeOpenAI openai = FakeOpenAI.start();
        FakeAnthropic anthropic = FakeAnthropic.start()) {
      openai.enqueue(
          FakeOpenAI.chatCompletion(
              "chatcmpl-1",
              "rocket-1-2026-01-01",
              "Hello.",
              OpenAITokens.of(10_000, 1_000).withCachedTokens(2_000)),
          FakeOpenAI.chatCompletion(
              "chatcmpl-2",
              "rocket-1-2026-01-01",
              "Hello.",
              OpenAITokens.of(1_200, 300).withCachedTokens(1_000)));
      anthropic.enqueue(
          FakeAnthropic.message(
              "msg_1",
              "rocket-1-2026-01-01",
              "Hello.",
              AnthropicTokens.of(3_000, 500)
                  .withCacheReadInputTokens(1_000)
                  .withWebSearchRequests(2)));
      OpenTelemetry telemetry = otel.openTelemetry();
      OpenAIClient openaiRaw =
          OpenAIOkHttpClient.builder()
              .baseUrl(openai.baseUrl())
              .apiKey("sk-test")
              .maxRetries(0)
              .build();
      AnthropicClient anthropicRaw =
          AnthropicOkHttpClient.builder()
              .baseUrl(anthropic.baseUrl())
              .apiKey("sk-ant-test")
              .maxRetries(0)
              .build();
      ChatModel langchain4j =
          OpenAiChatModel.builder()
              .baseUrl(openai.baseUrl())
              .apiKey("sk-test")
              .modelName("rocket-1")
              .maxRetries(0)
              .listeners(List.of(Last9ChatModelListener.create(telemetry)))
              .build();
      try (WorkflowContext workflow =
          WorkflowContext.builder("pricing_check").type("check").openTelemetry(telemetry).start()) {
        Last9OpenAI.wrap(openaiRaw, telemetry)
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("rocket-1")
                    .addUserMessage("Hi")
                    .build());
        Last9Anthropic.wrap(anthropicRaw, telemetry)
            .messages()
            .create(
                MessageCreateParams.builder()
                    .model("rocket-1")
                    .maxTokens(100)
                    .addUserMessage("Hi")
                    .build());
        langchain4j.chat("Hi");
      } finally {
        openaiRaw.close();
        anthropicRaw.close();
      }
      return new Calls(otel);
    } finally {
      otel.close();
    }
  }

  /** The spans and metric of one run, read before the SDK closes. */
  private static final class Calls {
    private final List<SpanData> chats;
    private final Attributes workflow;
    private final double metric;
    private final double spanSum;

    Calls(Last9TelemetryExtension otel) {
      this.chats = otel.spans("chat rocket-1");
      this.workflow = otel.span("invoke_workflow check").getAttributes();
      this.metric = otel.costMetricSum();
      this.spanSum = otel.sumOfSpanCosts();
    }

    void assertPriced(String client, double usd, String source) {
      SpanData span =
          chats.stream()
              .filter(s -> client.equals(clientOf(s)))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no chat span of " + client + ": " + chats));
      Attributes a = span.getAttributes();
      assertThat(a.get(GenAiAttributes.USAGE_COST_USD))
          .as("cost of the %s call", client)
          .isNotNull()
          .isCloseTo(usd, within(1e-12));
      assertThat(a.get(GenAiAttributes.COST_PRICE_SOURCE)).isEqualTo(source);
      assertThat(a.get(GenAiAttributes.COST_UNPRICED)).isNull();
    }

    void assertTotals(double usd) {
      assertThat(chats).hasSize(3);
      assertThat(spanSum).isCloseTo(usd, within(1e-12));
      assertThat(workflow.get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD))
          .isCloseTo(usd, within(1e-12));
      assertThat(workflow.get(GenAiAttributes.WORKFLOW_LLM_CALLS)).isEqualTo(3L);
      assertThat(metric).isCloseTo(usd, within(1e-12));
    }

    /** Which integration made the span: its provider, and LangChain4j's instrumentation scope. */
    private static String clientOf(SpanData span) {
      if (span.getInstrumentationScopeInfo().getName().contains("langchain4j")) {
        return "langchain4j";
      }
      return span.getAttributes().get(GenAiAttributes.PROVIDER_NAME);
    }
  }
}
