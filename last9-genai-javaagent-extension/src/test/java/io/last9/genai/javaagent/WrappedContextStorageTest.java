/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.last9.genai.ConversationContext;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.WorkflowContext;
import io.last9.genai.internal.HostTelemetry;
import io.last9.genai.internal.Registrations;
import io.last9.genai.testing.FakeOpenAI;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.instrumentation.okhttp.v3_0.OkHttpTelemetry;
import io.opentelemetry.instrumentation.openai.v1_1.OpenAITelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent tests' scenario on a plain SDK whose {@code ContextStorage} returns a new context
 * object from every {@code Context.current()}, as the agent's bridge does: scopes must close (and
 * turns, workflow totals and stamping work) because each scope finds itself by its own entry, never
 * by the context's identity.
 *
 * <p>The wrapper must be installed before anything in the JVM uses a context: the build runs each
 * test class of this module in a JVM of its own.
 */
class WrappedContextStorageTest {

  static {
    ContextStorage.addWrapper(ViewingContextStorage::new);
  }

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final List<LogRecord> warnings = new ArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private OpenTelemetrySdk sdk;

  private Registrations.Registration preferred;

  @BeforeEach
  void setUp() {
    SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(metrics).build();
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(Last9SpanProcessor.builder().meterProvider(meters).build())
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .setMeterProvider(meters)
            .build();
    preferred = HostTelemetry.prefer(sdk);
    Logger.getLogger("io.last9.genai").addHandler(handler);
  }

  @AfterEach
  void tearDown() {
    Logger.getLogger("io.last9.genai").removeHandler(handler);
    preferred.close();
    sdk.close();
  }

  @Test
  void theStorageReturnsANewContextEachTime() {
    try (ConversationContext c = ConversationContext.builder("c").start()) {
      assertThat(Context.current()).isNotSameAs(Context.current());
    }
  }

  @Test
  void theAgentScenarioOnThePlainSdk() throws Exception {
    try (FakeOpenAI openai = ScenarioServer.start()) {
      OpenAIClient client =
          OpenAITelemetry.create(sdk)
              .wrap(
                  OpenAIOkHttpClient.builder()
                      .baseUrl(openai.baseUrl())
                      .apiKey("sk-test")
                      .maxRetries(0)
                      .build());
      Call.Factory http = OkHttpTelemetry.create(sdk).createCallFactory(new OkHttpClient());
      Request docs = new Request.Builder().url(ScenarioServer.origin(openai) + "/docs").build();
      try {
        Scenario.run(
            new ObservationCalls(
                new Clients(
                    client,
                    () -> {
                      try (ResponseBody body = http.newCall(docs).execute().body()) {
                        return body.string();
                      }
                    })));
      } finally {
        client.close();
      }
    }

    assertThat(Context.current()).as("every scope closed").isSameAs(Context.root());
    assertThat(warnings).as("no scope was taken for one closed out of order").isEmpty();
    ScenarioAssertions.assertScenario(exported(), costMetric());
  }

  @Test
  void aWrongOrderCloseIsStillReportedAndUnwound() {
    ConversationContext conversation = ConversationContext.builder("c-order").start();
    WorkflowContext workflow = WorkflowContext.builder("w-order").start();
    conversation.close();
    assertThat(warnings).as("reported").hasSize(1);
    assertThat(warnings.get(0).getMessage())
        .contains("ConversationContext")
        .contains("closed while");
    workflow.close();
    assertThat(Context.current()).as("both scopes' state is gone").isSameAs(Context.root());
    Span after = sdk.getTracer("test").spanBuilder("after").startSpan();
    after.end();
    assertThat(exporter.getFinishedSpanItems())
        .filteredOn(s -> s.getName().equals("after"))
        .singleElement()
        .satisfies(s -> assertThat(s.getAttributes().asMap()).isEmpty());
  }

  private List<ExportedSpan> exported() {
    List<ExportedSpan> out = new ArrayList<>();
    for (SpanData s : exporter.getFinishedSpanItems()) {
      out.add(ExportedSpan.of(s));
    }
    return out;
  }

  private Double costMetric() {
    double sum = 0;
    for (MetricData m : metrics.collectAllMetrics()) {
      if (m.getName().equals("gen_ai.client.cost")) {
        for (DoublePointData p : m.getDoubleSumData().getPoints()) {
          sum += p.getValue();
        }
      }
    }
    return sum;
  }
}
