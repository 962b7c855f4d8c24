/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.examples.javaagent;

import com.sun.net.httpserver.HttpServer;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.examples.DemoModels;
import io.last9.genai.examples.SpendReport;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.OtlpReceiver;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The Java agent sample: starts the demo's OpenAI-compatible server ({@link DemoModels}), a
 * forecast service and the test kit's OTLP receiver on loopback, runs {@link WeatherApp} in its own
 * JVM under the OpenTelemetry Java agent with the last9-genai extension (printing the command), and
 * prints the conversation and its cost read back from the spans the agent exported.
 *
 * <p>System properties (the build sets them): {@code last9.javaagent} and {@code last9.extension},
 * the two jars.
 */
public final class AgentDemo {

  private AgentDemo() {}

  public static void main(String[] args) throws Exception {
    SpendReport report = run(System.out);
    if (report.conversations().isEmpty()) {
      System.exit(1);
    }
  }

  /** Runs the sample, printing to {@code out}; returns the report built from the exported spans. */
  public static SpendReport run(PrintStream out) throws IOException, InterruptedException {
    Path agent = jar("last9.javaagent");
    Path extension = jar("last9.extension");
    HttpServer forecast = forecastService();
    try (FakeOpenAI openai = DemoModels.startOpenAI();
        OtlpReceiver otlp = OtlpReceiver.start()) {
      List<String> command = new ArrayList<>();
      command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-javaagent:" + agent);
      command.add("-Dotel.javaagent.extensions=" + extension);
      command.add("-Dotel.service.name=weather-app");
      command.add("-Dotel.exporter.otlp.protocol=http/protobuf");
      command.add("-Dotel.exporter.otlp.endpoint=" + otlp.endpoint());
      command.add("-Dotel.logs.exporter=none");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(WeatherApp.class.getName());
      command.add(openai.baseUrl());
      command.add("http://127.0.0.1:" + forecast.getAddress().getPort() + "/forecast?city=sf");

      out.println(
          "Running a plain Java application under the OpenTelemetry Java agent with the last9-genai "
              + "extension (no OpenTelemetry code in the application):");
      out.println(
          "  java -javaagent:"
              + agent.getFileName()
              + " -Dotel.javaagent.extensions="
              + extension.getFileName()
              + " ... "
              + WeatherApp.class.getName());
      out.println();
      Process app = new ProcessBuilder(command).inheritIO().start();
      if (!app.waitFor(2, TimeUnit.MINUTES)) {
        app.destroyForcibly();
        throw new IllegalStateException("the application did not finish in 2 minutes");
      }
      if (app.exitValue() != 0) {
        throw new IllegalStateException(
            "the application failed (exit code " + app.exitValue() + ")");
      }
      // the agent flushes its spans and metrics when the application exits
      List<SpanData> spans = otlp.spans();
      SpendReport report = new SpendReport(spans);
      out.println();
      out.println("The " + spans.size() + " spans the agent exported over OTLP, in start order:");
      printSpans(spans, out);
      report.print(out);
      out.printf(
          Locale.ROOT,
          "  %-24s $%.8f  (the gen_ai.client.cost metric, from the agent's meter provider)%n",
          "metric",
          otlp.sum("gen_ai.client.cost"));
      return report;
    } finally {
      forecast.stop(0);
    }
  }

  /** One line a span: turn, name, who made it, the workflow it ran in, its cost. */
  private static void printSpans(List<SpanData> spans, PrintStream out) {
    List<SpanData> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingLong(SpanData::getStartEpochNanos));
    for (SpanData s : sorted) {
      Attributes a = s.getAttributes();
      Long turn = a.get(GenAiAttributes.CONVERSATION_TURN);
      String workflow = a.get(GenAiAttributes.WORKFLOW_ID);
      Double cost = a.get(GenAiAttributes.USAGE_COST_USD);
      out.printf(
          Locale.ROOT,
          "  turn %s  %-22s %-34s %-26s %s%n",
          turn == null ? "-" : turn,
          s.getName(),
          s.getInstrumentationScopeInfo().getName(),
          workflow == null ? "" : "workflow=" + workflow,
          cost == null ? "" : String.format(Locale.ROOT, "$%.6f", cost));
    }
  }

  private static Path jar(String property) {
    String path = System.getProperty(property);
    if (path == null || !new File(path).isFile()) {
      throw new IllegalStateException(
          "-D" + property + " must name a jar; run the sample as its README says");
    }
    return Paths.get(path).toAbsolutePath();
  }

  /** A forecast service on loopback: {@code GET /forecast} answers a small JSON document. */
  private static HttpServer forecastService() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] body =
        ("{\"city\":\"San Francisco\",\"today\":{\"celsius\":18,\"sky\":\"fog, then sun\",\"rain\":0.08},"
                + "\"tomorrow\":{\"celsius\":16,\"sky\":\"light rain from 3pm\",\"rain\":0.7}}")
            .getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/forecast",
        ex -> {
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    return server;
  }
}
