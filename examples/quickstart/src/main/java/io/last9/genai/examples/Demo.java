/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.examples;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.last9.genai.Last9GenAi;
import io.last9.genai.anthropic.Last9Anthropic;
import io.last9.genai.openai.Last9OpenAI;
import io.last9.genai.testing.FakeAnthropic;
import io.last9.genai.testing.FakeOpenAI;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.io.PrintStream;

/**
 * The README's demo: runs the three examples with the real openai-java client (wrapped with {@code
 * Last9OpenAI.wrap}) against a deterministic OpenAI-compatible server it starts on loopback, and a
 * Claude conversation with the real anthropic-java client (wrapped with {@code
 * Last9Anthropic.wrap}) against a deterministic Anthropic-compatible server, also on loopback (both
 * are the test kit's fakes, answering as {@link DemoModels} says); exports the spans (to memory,
 * and over OTLP when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set), then answers the questions a team
 * asks of LLM traces (the conversation in turn order, cost per conversation, user and model) from
 * the exported spans.
 */
public final class Demo {

  private Demo() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the demo, printing to {@code out}; returns the report built from the exported spans. */
  public static SpendReport run(PrintStream out) {
    InMemorySpanExporter exported = InMemorySpanExporter.create();
    SpendReport report;
    try (Last9GenAi genai =
        Last9GenAi.builder()
            .serviceName("last9-genai-demo")
            .addSpanExporter(exported)
            // without an OTLP endpoint, the in-memory exporter is enough: skip the per-span console
            // lines
            .property("otel.traces.exporter", otlpConfigured() ? "otlp" : "none")
            .install()) {
      try (FakeOpenAI server = DemoModels.startOpenAI();
          FakeAnthropic anthropicServer = DemoModels.startAnthropic()) {
        // the official openai-java client, traced by OpenTelemetry's instrumentation plus
        // last9-genai-openai
        OpenAIClient openai =
            Last9OpenAI.wrap(
                OpenAIOkHttpClient.builder().baseUrl(server.baseUrl()).apiKey("sk-demo").build(),
                genai.openTelemetry());
        // the official anthropic-java client, traced by last9-genai-anthropic; no retries against
        // the local server
        AnthropicClient claude =
            Last9Anthropic.wrap(
                AnthropicOkHttpClient.builder()
                    .baseUrl(anthropicServer.baseUrl())
                    .apiKey("sk-ant-demo")
                    .maxRetries(0)
                    .build(),
                genai.openTelemetry());
        PostExamples examples = new PostExamples(openai, claude);
        out.println(
            "last9-genai demo: the examples of \"Beyond Trace IDs\" with the openai-java and anthropic-java "
                + "clients, against deterministic OpenAI- and Anthropic-compatible servers on "
                + server.baseUrl()
                + " and "
                + anthropicServer.baseUrl());
        examples.conversation();
        examples.ragWorkflow();
        examples.conversationOfWorkflows();
        examples.claudeConversation();
        openai.close();
        claude.close();
      }
      genai.flush();
      report = new SpendReport(exported.getFinishedSpanItems());
      out.printf(
          "exported %d spans%s%n",
          exported.getFinishedSpanItems().size(),
          otlpConfigured() ? " (also sent over OTLP to " + endpoint() + ")" : "");
    }
    report.print(out);
    return report;
  }

  private static boolean otlpConfigured() {
    String e = endpoint();
    return e != null && !e.isBlank();
  }

  private static String endpoint() {
    String e = System.getProperty("otel.exporter.otlp.endpoint");
    return e != null ? e : System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT");
  }
}
