/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.observe.GenAiObservation;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The environment's switch is read once, when the process starts, and no code turns capture back
 * on: run in a JVM of its own, started with it off, an observation that asks for its input and
 * output records neither.
 */
class CaptureOffInTheEnvironmentTest {

  /** The child JVM: one observation asking for content, then the exported span on stdout. */
  public static void main(String[] args) {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetry otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();
    GenAiObservation.llm("chat")
        .openTelemetry(otel)
        .captureInput(true)
        .captureOutput(true)
        .input("a private question")
        .get(() -> "a private answer");
    System.out.println("enabled=" + ContentCapture.isEnabled());
    System.out.println(spans.getFinishedSpanItems());
  }

  /**
   * Runs the child with the system property at {@code setting}, or with neither it nor the
   * variable.
   */
  private static String runChild(String setting) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString()));
    if (setting != null) {
      command.add("-D" + ContentCapture.PROPERTY + "=" + setting);
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            CaptureOffInTheEnvironmentTest.class.getName()));
    ProcessBuilder child = new ProcessBuilder(command).redirectErrorStream(true);
    child.environment().remove(ContentCapture.ENV);
    Process p = child.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void offInTheEnvironmentWinsOverAnObservationThatAsksForContent() throws Exception {
    String off = runChild("false");
    assertThat(off).contains("enabled=false").contains("name=chat").doesNotContain("private");
    // the same child with nothing set, the documented default, records both: so the assertion
    // above can fail
    String byDefault = runChild(null);
    assertThat(byDefault)
        .contains("enabled=true")
        .contains("a private question", "a private answer");
  }
}
