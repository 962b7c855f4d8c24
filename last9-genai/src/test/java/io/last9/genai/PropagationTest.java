/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.GenAiAttributes.CONVERSATION_ID;
import static io.last9.genai.GenAiAttributes.CONVERSATION_TURN;
import static io.last9.genai.GenAiAttributes.USER_ID;
import static io.last9.genai.GenAiAttributes.WORKFLOW_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scope state follows the OpenTelemetry {@link Context} across threads: wrapped executors, {@code
 * CompletableFuture} chains on wrapped executors, and virtual threads.
 *
 * <p>The virtual-thread test runs only on JDK 21+. The build targets 17; to run it, point Maven at
 * a newer JDK:
 *
 * <pre>
 * JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 mvn -q -o test -pl last9-genai -Dtest=PropagationTest
 * </pre>
 */
class PropagationTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void taskWrappingExecutorCarriesEveryScope() throws Exception {
    Executor wrapped = Context.taskWrapping(pool);
    CompletableFuture<Void> done = new CompletableFuture<>();
    try (ConversationContext c = ConversationContext.builder("conv").userId("u").start();
        WorkflowContext w = WorkflowContext.builder("wf").contextOnly().start();
        PropagatedAttributes p = PropagatedAttributes.builder().put("tenant", "acme").start()) {
      wrapped.execute(
          () -> {
            otel.startAndEndSpan("on_pool");
            done.complete(null);
          });
      done.get(10, TimeUnit.SECONDS);
    }
    Attributes a = otel.attributesOf("on_pool");
    assertThat(a.get(CONVERSATION_ID)).isEqualTo("conv");
    assertThat(a.get(USER_ID)).isEqualTo("u");
    assertThat(a.get(WORKFLOW_ID)).isEqualTo("wf");
    assertThat(a.get(ScopeKeys.custom("tenant"))).isEqualTo("acme");
  }

  @Test
  void aPlainExecutorDoesNotCarryTheScopeAndPoolThreadsStayClean() throws Exception {
    try (ConversationContext c = ConversationContext.builder("conv").start()) {
      pool.submit(() -> otel.startAndEndSpan("unwrapped")).get(10, TimeUnit.SECONDS);
      // waited for: the checks below must not overtake it on another pool thread
      java.util.concurrent.CompletableFuture.runAsync(
              () -> otel.startAndEndSpan("wrapped"), Context.taskWrapping(pool))
          .get(10, TimeUnit.SECONDS);
    }
    // after a wrapped task ran, its pool thread is back to an empty context
    List<Future<Boolean>> clean = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      clean.add(pool.submit(() -> ContextSnapshot.current().isEmpty()));
    }
    for (Future<Boolean> f : clean) {
      assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(otel.attributesOf("unwrapped").get(CONVERSATION_ID)).isNull();
    assertThat(otel.attributesOf("wrapped").get(CONVERSATION_ID)).isEqualTo("conv");
  }

  @Test
  void contextWrapOfARunnable() throws Exception {
    Runnable task;
    try (ConversationContext c = ConversationContext.builder("captured").start()) {
      task = Context.current().wrap(() -> otel.startAndEndSpan("wrapped_runnable"));
    }
    Thread t = new Thread(task);
    t.start();
    t.join(10_000);
    assertThat(otel.attributesOf("wrapped_runnable").get(CONVERSATION_ID)).isEqualTo("captured");
  }

  @Test
  void completableFutureChainOnWrappedExecutors() throws Exception {
    Executor wrapped = Context.taskWrapping(pool);
    Map<String, ModelPricing> pricing = Map.of("gpt-4o", ModelPricing.of(2.50, 10.0));
    GenAiObservation generate =
        GenAiObservation.llm("generate")
            .openTelemetry(otel.openTelemetry())
            .pricing(pricing)
            .build();
    String answer;
    try (ConversationContext c = ConversationContext.builder("conv_async").userId("u").start();
        WorkflowContext w =
            WorkflowContext.builder("wf_async")
                .type("async")
                .openTelemetry(otel.openTelemetry())
                .start()) {
      answer =
          CompletableFuture.supplyAsync(
                  () -> {
                    otel.startAndEndSpan("stage_1");
                    return "docs";
                  },
                  wrapped)
              .thenApplyAsync(
                  docs ->
                      generate.get(() -> FakeLlm.openAiChat("c", "gpt-4o", docs + "!", 1_000, 500)),
                  wrapped)
              .thenApplyAsync(
                  r -> {
                    otel.startAndEndSpan("stage_3");
                    return (String)
                        ((Map<?, ?>)
                                ((Map<?, ?>) ((List<?>) r.get("choices")).get(0)).get("message"))
                            .get("content");
                  },
                  wrapped)
              .get(10, TimeUnit.SECONDS);
    }
    assertThat(answer).isEqualTo("docs!");
    for (String n : List.of("stage_1", "generate", "stage_3", "invoke_workflow async")) {
      Attributes a = otel.attributesOf(n);
      assertThat(a.get(CONVERSATION_ID)).as(n).isEqualTo("conv_async");
      assertThat(a.get(USER_ID)).as(n).isEqualTo("u");
      assertThat(a.get(WORKFLOW_ID)).as(n).isEqualTo("wf_async");
      assertThat(a.get(CONVERSATION_TURN)).as("the workflow is turn 1: %s", n).isEqualTo(1L);
    }
    String wfSpan = otel.span("invoke_workflow async").getSpanId();
    assertThat(otel.span("generate").getParentSpanId()).isEqualTo(wfSpan);
    assertThat(
            otel.attributesOf("invoke_workflow async").get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD))
        .isEqualTo(0.0075);
  }

  @Test
  void observedAsyncCallSharesItsTurnWithWorkOnOtherThreads() throws Exception {
    Executor wrapped = Context.taskWrapping(pool);
    try (ConversationContext c = ConversationContext.builder("conv").start()) {
      GenAiObservation.chain("pipeline")
          .openTelemetry(otel.openTelemetry())
          .async(
              () ->
                  CompletableFuture.supplyAsync(
                          () -> {
                            otel.startAndEndSpan("step_a");
                            return 1;
                          },
                          wrapped)
                      .thenApplyAsync(
                          x -> {
                            otel.startAndEndSpan("step_b");
                            return x + 1;
                          },
                          wrapped))
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      GenAiObservation.chain("second").openTelemetry(otel.openTelemetry()).run(() -> {});
    }
    SpanData pipeline = otel.span("pipeline");
    for (String n : List.of("step_a", "step_b")) {
      assertThat(otel.span(n).getParentSpanId()).isEqualTo(pipeline.getSpanId());
      assertThat(otel.attributesOf(n).get(CONVERSATION_TURN)).isEqualTo(1L);
    }
    assertThat(pipeline.getAttributes().get(CONVERSATION_TURN)).isEqualTo(1L);
    assertThat(otel.attributesOf("second").get(CONVERSATION_TURN)).isEqualTo(2L);
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void virtualThreadsCarryTheScope() throws Exception {
    ExecutorService virtual =
        (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    int tasks = 1_000;
    try {
      Executor wrapped = Context.taskWrapping(virtual);
      List<CompletableFuture<Void>> futures = new ArrayList<>();
      try (ConversationContext c = ConversationContext.builder("conv_virtual").userId("u").start();
          WorkflowContext w =
              WorkflowContext.builder("wf_virtual")
                  .type("virtual")
                  .openTelemetry(otel.openTelemetry())
                  .start()) {
        GenAiObservation call =
            GenAiObservation.llm("virtual_call")
                .openTelemetry(otel.openTelemetry())
                .pricing(Map.of("gpt-4o", ModelPricing.of(2.50, 10.0)))
                .build();
        for (int i = 0; i < tasks; i++) {
          futures.add(
              CompletableFuture.runAsync(
                  () -> {
                    assertThat(Thread.currentThread().toString()).contains("Virtual");
                    call.get(() -> FakeLlm.openAiChat("c", "gpt-4o", "x", 1_000, 500));
                  },
                  wrapped));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
            .get(60, TimeUnit.SECONDS);
      }
      // and scopes opened on virtual threads are isolated from each other
      List<Future<?>> own = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String id = "vt_conv_" + i;
        own.add(
            virtual.submit(
                () -> {
                  try (ConversationContext c = ConversationContext.builder(id).start()) {
                    Thread.yield();
                    otel.startAndEndSpan(id);
                  }
                }));
      }
      for (Future<?> f : own) {
        f.get(60, TimeUnit.SECONDS);
      }
      for (int i = 0; i < 100; i++) {
        assertThat(otel.attributesOf("vt_conv_" + i).get(CONVERSATION_ID))
            .isEqualTo("vt_conv_" + i);
      }
    } finally {
      virtual.shutdownNow();
    }
    List<SpanData> calls = otel.spans("virtual_call");
    assertThat(calls)
        .hasSize(tasks)
        .allSatisfy(
            s -> {
              assertThat(s.getAttributes().get(CONVERSATION_ID)).isEqualTo("conv_virtual");
              assertThat(s.getAttributes().get(WORKFLOW_ID)).isEqualTo("wf_virtual");
              assertThat(s.getAttributes().get(CONVERSATION_TURN)).isEqualTo(1L);
            });
    Attributes wf = otel.attributesOf("invoke_workflow virtual");
    assertThat(wf.get(GenAiAttributes.WORKFLOW_LLM_CALLS)).isEqualTo((long) tasks);
    assertThat(wf.get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD))
        .isCloseTo(tasks * 0.0075, org.assertj.core.api.Assertions.within(1e-12));
  }
}
