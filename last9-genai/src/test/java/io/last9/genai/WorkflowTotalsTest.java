/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.GenAiAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.observe.GenAiObservationBuilder;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Workflow totals on the workflow span. */
class WorkflowTotalsTest {

  static final Map<String, ModelPricing> PRICING =
      Map.of(
          "gpt-4o", ModelPricing.of(2.50, 10.0),
          "text-embedding-3-small", ModelPricing.of(0.02, 0.0));

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  private WorkflowContext.Builder workflow(String id) {
    return WorkflowContext.builder(id).openTelemetry(otel.openTelemetry());
  }

  private GenAiObservationBuilder llm(String name) {
    return GenAiObservation.llm(name).openTelemetry(otel.openTelemetry()).pricing(PRICING);
  }

  /** Sum of gen_ai.usage.cost_usd over the spans carrying this workflow id, in end order. */
  private double sumOfCosts(String workflowId) {
    double sum = 0;
    for (SpanData s : otel.spans()) {
      Double c = s.getAttributes().get(USAGE_COST_USD);
      if (c != null && workflowId.equals(s.getAttributes().get(WORKFLOW_ID))) {
        sum += c;
      }
    }
    return sum;
  }

  private long sumOf(io.opentelemetry.api.common.AttributeKey<Long> key) {
    return otel.values(key).stream().mapToLong(Long::longValue).sum();
  }

  /** Example 2, RAG: an embedding inside a tool, a rerank and a generation (fake LLM). */
  @Test
  void ragWorkflowTotalsEqualTheSumOfItsSpans() {
    Function<String, List<String>> retrieveDocuments =
        GenAiObservation.tool("retrieve_documents")
            .openTelemetry(otel.openTelemetry())
            .pricing(PRICING)
            .wrap(
                query -> {
                  GenAiObservation.embedding("embeddings text-embedding-3-small")
                      .openTelemetry(otel.openTelemetry())
                      .pricing(PRICING)
                      .get(() -> FakeLlm.openAiEmbedding("text-embedding-3-small", 5));
                  return List.of("doc1", "doc2", "doc3");
                });
    Function<List<String>, Map<String, Object>> rerankDocuments =
        llm("rerank_documents")
            .wrap(
                docs ->
                    FakeLlm.openAiChat(
                        "chatcmpl-rerank", "gpt-4o-2024-08-06", "doc2, doc1, doc3", 42, 6));
    Function<Map<String, Object>, Map<String, Object>> generateResponse =
        llm("generate_response")
            .wrap(
                ranked ->
                    FakeLlm.openAiChat(
                        "chatcmpl-gen",
                        "gpt-4o-2024-08-06",
                        "RAG is retrieval-augmented generation.",
                        118,
                        31));

    WorkflowContext rag;
    try (WorkflowContext w = workflow("rag_12345").type("rag").start()) {
      rag = w;
      List<String> docs = retrieveDocuments.apply("What is RAG?");
      Map<String, Object> ranked = rerankDocuments.apply(docs);
      generateResponse.apply(ranked);
    }

    SpanData wf = otel.span("invoke_workflow rag");
    Attributes totals = wf.getAttributes();
    // embedding: 5 x 0.02 / 1e6 = 1.0e-7
    // rerank:    42 x 2.50 / 1e6 + 6 x 10.0 / 1e6 = 0.000105 + 0.00006 = 0.000165
    // generate:  118 x 2.50 / 1e6 + 31 x 10.0 / 1e6 = 0.000295 + 0.00031 = 0.000605
    // total 0.0007701
    assertThat(otel.span("embeddings text-embedding-3-small").getAttributes().get(USAGE_COST_USD))
        .isCloseTo(1.0e-7, within(1e-20));
    assertThat(otel.span("rerank_documents").getAttributes().get(USAGE_COST_USD))
        .isCloseTo(0.000165, within(1e-18));
    assertThat(otel.span("generate_response").getAttributes().get(USAGE_COST_USD))
        .isCloseTo(0.000605, within(1e-18));
    assertThat(totals.get(WORKFLOW_TOTAL_COST_USD))
        .isCloseTo(sumOfCosts("rag_12345"), within(1e-15));
    assertThat(totals.get(WORKFLOW_TOTAL_COST_USD)).isCloseTo(0.0007701, within(1e-15));
    assertThat(totals.get(WORKFLOW_LLM_CALLS))
        .isEqualTo(3L); // the embedding has usage, so it counts
    assertThat(totals.get(WORKFLOW_TOOL_CALLS)).isEqualTo(1L);
    assertThat(totals.get(WORKFLOW_INPUT_TOKENS)).isEqualTo(5L + 42 + 118);
    assertThat(totals.get(WORKFLOW_OUTPUT_TOKENS)).isEqualTo(6L + 31);
    assertThat(totals.get(USAGE_COST_USD)).as("the aggregate is not a per-call cost").isNull();
    // the scope exposes the same totals
    assertThat(rag.totalCostUsd()).isEqualTo(totals.get(WORKFLOW_TOTAL_COST_USD));
    assertThat(rag.llmCalls()).isEqualTo(3L);
    assertThat(rag.toolCalls()).isEqualTo(1L);
    // every span is tagged; with its kind
    assertThat(otel.spans())
        .allSatisfy(
            s -> {
              assertThat(s.getAttributes().get(WORKFLOW_ID)).isEqualTo("rag_12345");
              assertThat(s.getAttributes().get(WORKFLOW_TYPE)).isEqualTo("rag");
            });
    assertThat(otel.span("retrieve_documents").getAttributes().get(L9_SPAN_KIND)).isEqualTo("tool");
    assertThat(otel.span("rerank_documents").getAttributes().get(L9_SPAN_KIND)).isEqualTo("llm");
    assertThat(otel.span("generate_response").getAttributes().get(L9_SPAN_KIND)).isEqualTo("llm");
    // summing the per-call key over every exported span counts each call exactly once
    assertThat(otel.sumOfSpanCosts()).isCloseTo(0.0007701, within(1e-15));
  }

  @Test
  void toolCallsAreCountedFromObservedAndForeignToolSpans() {
    try (WorkflowContext w = workflow("wf_tools").type("tools").start()) {
      GenAiObservation.tool("search").openTelemetry(otel.openTelemetry()).run(() -> {});
      GenAiObservation.tool("calculator").openTelemetry(otel.openTelemetry()).run(() -> {});
      otel.tracer()
          .spanBuilder("execute_tool get_weather")
          .setAttribute(OPERATION_NAME, "execute_tool")
          .startSpan()
          .end();
      otel.tracer().spanBuilder("not a tool").startSpan().end();
    }
    Attributes totals = otel.span("invoke_workflow tools").getAttributes();
    assertThat(totals.get(WORKFLOW_TOOL_CALLS)).isEqualTo(3L);
    assertThat(totals.get(WORKFLOW_LLM_CALLS)).isEqualTo(0L);
    assertThat(totals.get(WORKFLOW_TOTAL_COST_USD)).isEqualTo(0.0);
  }

  @Test
  void nestedWorkflowsAreIncludedInTheOuterTotals() {
    try (WorkflowContext outer = workflow("outer_wf").type("outer").start()) {
      llm("outer_call").get(() -> FakeLlm.openAiChat("a", "gpt-4o", "x", 1_000, 500)); // 0.0075
      try (WorkflowContext inner = workflow("inner_wf").type("inner").start()) {
        llm("inner_call")
            .get(() -> FakeLlm.openAiChat("b", "gpt-4o", "x", 2_000, 100)); // 0.005 + 0.001
        GenAiObservation.tool("inner_tool").openTelemetry(otel.openTelemetry()).run(() -> {});
      }
      llm("outer_call_2")
          .get(() -> FakeLlm.openAiChat("c", "gpt-4o", "x", 10, 10)); // 0.000025 + 0.0001
    }
    Attributes inner = otel.span("invoke_workflow inner").getAttributes();
    Attributes outer = otel.span("invoke_workflow outer").getAttributes();
    assertThat(inner.get(WORKFLOW_TOTAL_COST_USD)).isCloseTo(0.006, within(1e-15));
    assertThat(inner.get(WORKFLOW_LLM_CALLS)).isEqualTo(1L);
    assertThat(inner.get(WORKFLOW_TOOL_CALLS)).isEqualTo(1L);
    assertThat(outer.get(WORKFLOW_TOTAL_COST_USD)).isCloseTo(otel.sumOfSpanCosts(), within(1e-15));
    assertThat(outer.get(WORKFLOW_TOTAL_COST_USD))
        .isCloseTo(0.0075 + 0.006 + 0.000125, within(1e-15));
    assertThat(outer.get(WORKFLOW_LLM_CALLS)).isEqualTo(3L);
    assertThat(outer.get(WORKFLOW_TOOL_CALLS)).isEqualTo(1L);
    assertThat(outer.get(WORKFLOW_INPUT_TOKENS)).isEqualTo(3_010L);
    assertThat(outer.get(WORKFLOW_OUTPUT_TOKENS)).isEqualTo(610L);
    assertThat(otel.span("inner_call").getParentSpanId())
        .isEqualTo(otel.span("invoke_workflow inner").getSpanId());
    assertThat(otel.span("invoke_workflow inner").getParentSpanId())
        .isEqualTo(otel.span("invoke_workflow outer").getSpanId());
  }

  /**
   * A workflow re-entered with its own id (recursion, a retry helper): the outer one keeps
   * counting.
   */
  @Test
  void aNestedWorkflowWithTheSameIdDoesNotDetachTheOuterOne() {
    try (WorkflowContext outer = workflow("same_wf").type("outer").start()) {
      try (WorkflowContext inner = workflow("same_wf").type("retry").start()) {
        llm("inner_call").get(() -> FakeLlm.openAiChat("b", "gpt-4o", "x", 1_000, 500));
      }
      llm("after_inner").get(() -> FakeLlm.openAiChat("c", "gpt-4o", "x", 1_000, 500));
    }
    Attributes outer = otel.span("invoke_workflow outer").getAttributes();
    assertThat(outer.get(WORKFLOW_LLM_CALLS)).isEqualTo(2L);
    assertThat(outer.get(WORKFLOW_TOTAL_COST_USD)).isEqualTo(0.015);
    assertThat(otel.span("invoke_workflow retry").getAttributes().get(WORKFLOW_LLM_CALLS))
        .isEqualTo(1L);
  }

  /**
   * Two requests on two threads open workflows with the same id; the second closes first. The first
   * keeps counting its own calls afterwards.
   */
  @Test
  void aSameIdWorkflowOnAnotherThreadDoesNotDetachTheFirst() throws Exception {
    java.util.concurrent.CountDownLatch aOpened = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch bClosed = new java.util.concurrent.CountDownLatch(1);
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      Future<?> a =
          two.submit(
              () -> {
                try (WorkflowContext w = workflow("dup_wf").type("first").start()) {
                  aOpened.countDown();
                  assertThat(bClosed.await(10, TimeUnit.SECONDS)).isTrue();
                  llm("a_call").get(() -> FakeLlm.openAiChat("a", "gpt-4o", "x", 1_000, 500));
                }
                return null;
              });
      Future<?> b =
          two.submit(
              () -> {
                assertThat(aOpened.await(10, TimeUnit.SECONDS)).isTrue();
                try (WorkflowContext w = workflow("dup_wf").type("second").start()) {
                  llm("b_call").get(() -> FakeLlm.openAiChat("b", "gpt-4o", "x", 1_000, 500));
                } finally {
                  bClosed.countDown();
                }
                return null;
              });
      b.get(10, TimeUnit.SECONDS);
      a.get(10, TimeUnit.SECONDS);
    } finally {
      two.shutdownNow();
    }
    assertThat(otel.span("invoke_workflow first").getAttributes().get(WORKFLOW_LLM_CALLS))
        .isEqualTo(1L);
    assertThat(otel.span("invoke_workflow second").getAttributes().get(WORKFLOW_LLM_CALLS))
        .isEqualTo(1L);
    assertThat(otel.processor().openSpanCount()).as("no entry left behind").isZero();
  }

  @Test
  void llmCallsOnEightThreadsAreTotalledExactly() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    java.util.concurrent.Executor wrapped = Context.taskWrapping(threads);
    int calls = 400;
    try (WorkflowContext w = workflow("wf_parallel").type("fanout").start()) {
      GenAiObservation generate = llm("parallel_call").build();
      List<java.util.concurrent.CompletableFuture<Object>> futures = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        long in = 100 + i * 7L;
        long out = 10 + i % 13;
        futures.add(
            java.util.concurrent.CompletableFuture.supplyAsync(
                () -> generate.get(() -> FakeLlm.openAiChat("c", "gpt-4o", "x", in, out)),
                wrapped));
      }
      for (var f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    Attributes totals = otel.span("invoke_workflow fanout").getAttributes();
    List<SpanData> callSpans = otel.spans("parallel_call");
    assertThat(callSpans)
        .hasSize(calls)
        .allSatisfy(s -> assertThat(s.getAttributes().get(WORKFLOW_ID)).isEqualTo("wf_parallel"));
    assertThat(callSpans.stream().map(s -> s.getParentSpanId()).distinct())
        .containsExactly(otel.span("invoke_workflow fanout").getSpanId());
    assertThat(totals.get(WORKFLOW_LLM_CALLS)).isEqualTo((long) calls);
    assertThat(totals.get(WORKFLOW_TOTAL_COST_USD))
        .isCloseTo(sumOfCosts("wf_parallel"), within(1e-15));
    assertThat(totals.get(WORKFLOW_INPUT_TOKENS)).isEqualTo(sumOf(USAGE_INPUT_TOKENS));
    assertThat(totals.get(WORKFLOW_OUTPUT_TOKENS)).isEqualTo(sumOf(USAGE_OUTPUT_TOKENS));
  }

  @Test
  void instrumentedSpansInsideAWorkflowFeedItsTotals() {
    try (WorkflowContext w = workflow("wf_foreign").type("foreign").start()) {
      FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", 1_000, 500); // bundled catalog 0.0075
      llm("wrapper")
          .get(
              () ->
                  FakeLlm.instrumentedChat(
                      otel.tracer(),
                      "gpt-4o",
                      "gpt-4o",
                      1_000,
                      500,
                      () ->
                          FakeLlm.openAiChat(
                              "x", "gpt-4o", "x", 1_000, 500))); // priced once: 0.0075
    }
    Attributes totals = otel.span("invoke_workflow foreign").getAttributes();
    assertThat(totals.get(WORKFLOW_LLM_CALLS)).isEqualTo(2L);
    assertThat(totals.get(WORKFLOW_TOTAL_COST_USD)).isEqualTo(0.015);
    assertThat(totals.get(WORKFLOW_INPUT_TOKENS)).isEqualTo(2_000L);
    assertThat(otel.sumOfSpanCosts()).isEqualTo(0.015);
  }

  @Test
  void contextOnlyWorkflowOpensNoSpanButStillTotals() {
    WorkflowContext kept;
    try (WorkflowContext w = workflow("wf_ctx_only").type("quiet").contextOnly().start()) {
      kept = w;
      llm("call").get(() -> FakeLlm.openAiChat("a", "gpt-4o", "x", 1_000, 500));
    }
    assertThat(otel.spanNames()).containsExactly("call");
    assertThat(kept.totalCostUsd()).isEqualTo(0.0075);
    assertThat(kept.llmCalls()).isEqualTo(1L);
    assertThat(kept.inputTokens()).isEqualTo(1_000L);
    assertThat(kept.outputTokens()).isEqualTo(500L);
  }

  @Test
  void sequentialWorkflowsHaveSeparateTotals() {
    for (int i = 1; i <= 2; i++) {
      try (WorkflowContext w = workflow("rag_00" + i).type("rag").start()) {
        for (int k = 0; k < i; k++) {
          llm("call").get(() -> FakeLlm.openAiChat("a", "gpt-4o", "x", 1_000, 500));
        }
      }
    }
    List<SpanData> wfs = otel.spans("invoke_workflow rag");
    assertThat(wfs)
        .extracting(s -> s.getAttributes().get(WORKFLOW_LLM_CALLS))
        .containsExactly(1L, 2L);
    assertThat(wfs)
        .extracting(s -> s.getAttributes().get(WORKFLOW_TOTAL_COST_USD))
        .containsExactly(0.0075, 0.015);
  }

  @Test
  void theWorkflowSpanIsNotPricedEvenWithTokenLikeTotals() {
    try (WorkflowContext w = workflow("wf_sum").type("sum").start()) {
      llm("call").get(() -> FakeLlm.openAiChat("a", "gpt-4o", "x", 1_000, 500));
    }
    assertThat(otel.spans())
        .filteredOn(s -> s.getAttributes().get(USAGE_COST_USD) != null)
        .extracting(SpanData::getName)
        .containsExactly("call");
    assertThat(otel.span("invoke_workflow sum").getAttributes().get(COST_UNPRICED)).isNull();
  }

  @Test
  void totalsAreReadableWhileTheWorkflowRuns() {
    try (WorkflowContext w = workflow("wf_live").contextOnly().start()) {
      assertThat(w.totalCostUsd()).isZero();
      llm("call").get(() -> FakeLlm.openAiChat("a", "gpt-4o", "x", 1_000, 500));
      assertThat(w.totalCostUsd()).isEqualTo(0.0075);
      List<Future<?>> none = List.of();
      assertThat(none).isEmpty();
    }
  }

  @Test
  void aCallEndingAfterItsInnerWorkflowClosedStillCountsInTheOpenOuterOne() {
    Span call;
    try (WorkflowContext outer = workflow("wf_outer").contextOnly().start()) {
      try (WorkflowContext inner = workflow("wf_inner").contextOnly().start()) {
        call = startChat(otel.tracer());
      }
      // nothing holds the inner workflow any more but the call's own record of where it started;
      // a weak link that only the inner workflow kept alive would be cleared by this collection
      System.gc();
      endChat(call);
      assertThat(outer.llmCalls()).isEqualTo(1L);
      assertThat(outer.totalCostUsd()).isEqualTo(COST_OF_ONE_CHAT);
    }
  }

  @Test
  void aCallEndingAfterItsWorkflowClosedIsMarkedOnItsOwnSpan() {
    Span late;
    WorkflowContext kept;
    try (WorkflowContext w = workflow("wf_stream").type("chat").start()) {
      kept = w;
      endChat(startChat(otel.tracer()));
      late = startChat(otel.tracer()); // a streamed answer still arriving when the code returns
    }
    endChat(late);

    Attributes totals = otel.span("invoke_workflow chat").getAttributes();
    assertThat(totals.get(WORKFLOW_LLM_CALLS)).isEqualTo(1L);
    assertThat(totals.get(WORKFLOW_TOTAL_COST_USD)).isEqualTo(COST_OF_ONE_CHAT);
    List<SpanData> calls = otel.spans("chat gpt-4o");
    assertThat(calls)
        .extracting(s -> s.getAttributes().get(WORKFLOW_ENDED_AFTER_CLOSE))
        .containsExactly(null, true);
    // what the workflow cost: its span's total and the costs of its calls marked late
    double lateCosts =
        calls.stream()
            .filter(s -> Boolean.TRUE.equals(s.getAttributes().get(WORKFLOW_ENDED_AFTER_CLOSE)))
            .mapToDouble(s -> s.getAttributes().get(USAGE_COST_USD))
            .sum();
    assertThat(totals.get(WORKFLOW_TOTAL_COST_USD) + lateCosts)
        .isCloseTo(sumOfCosts("wf_stream"), within(1e-15));
    assertThat(kept.llmCalls()).as("the getters go on counting").isEqualTo(2L);
    assertThat(kept.totalCostUsd()).isCloseTo(2 * COST_OF_ONE_CHAT, within(1e-15));
  }

  @Test
  void aCallEndingAfterItsInnerWorkflowClosedIsMarkedAndInTheOuterTotals() {
    Span late;
    try (WorkflowContext outer = workflow("wf_outer").type("outer").start()) {
      try (WorkflowContext inner = workflow("wf_inner").type("inner").start()) {
        late = startChat(otel.tracer());
      }
      endChat(late);
    }
    assertThat(otel.span("invoke_workflow inner").getAttributes().get(WORKFLOW_LLM_CALLS)).isZero();
    assertThat(otel.span("invoke_workflow outer").getAttributes().get(WORKFLOW_LLM_CALLS))
        .isEqualTo(1L);
    assertThat(otel.span("chat gpt-4o").getAttributes().get(WORKFLOW_ENDED_AFTER_CLOSE))
        .as("missing from the inner workflow's span")
        .isTrue();
  }

  @Test
  void aToolEndingAfterAnEnclosingWorkflowClosedIsMarked() {
    Span tool;
    try (WorkflowContext outer = workflow("wf_outer").type("outer").start()) {
      try (WorkflowContext inner = workflow("wf_inner").type("inner").start()) {
        tool =
            otel.tracer()
                .spanBuilder("execute_tool search")
                .setAttribute(OPERATION_NAME, "execute_tool")
                .startSpan();
      }
    }
    tool.end();
    assertThat(otel.span("invoke_workflow outer").getAttributes().get(WORKFLOW_TOOL_CALLS))
        .isZero();
    assertThat(otel.span("execute_tool search").getAttributes().get(WORKFLOW_ENDED_AFTER_CLOSE))
        .isTrue();
  }

  @Test
  void aContextOnlyWorkflowHasNoSpanToMissALateCall() {
    Span late;
    WorkflowContext kept;
    try (WorkflowContext w = workflow("wf_quiet").contextOnly().start()) {
      kept = w;
      late = startChat(otel.tracer());
    }
    endChat(late);
    assertThat(otel.span("chat gpt-4o").getAttributes().get(WORKFLOW_ENDED_AFTER_CLOSE)).isNull();
    assertThat(kept.llmCalls()).isEqualTo(1L);
  }

  @Test
  void aSpanThatIsNoCallIsNotMarkedWhenItEndsLate() {
    Span other;
    try (WorkflowContext w = workflow("wf_http").type("http").start()) {
      other = otel.tracer().spanBuilder("GET /search").startSpan();
    }
    other.end();
    assertThat(otel.span("GET /search").getAttributes().get(WORKFLOW_ENDED_AFTER_CLOSE)).isNull();
  }

  /** A call that ends counts in the workflow it started in, whatever else is open or leaked. */
  @Nested
  class CallsInFlight {

    private Last9SpanProcessor processor;
    private SdkTracerProvider provider;
    private Tracer tracer;

    @BeforeEach
    void sdk() {
      // the processor alone: no exporter keeps the ended spans
      processor = Last9SpanProcessor.builder().pricing(PRICING).bundledCatalog(false).build();
      provider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
      tracer = provider.get("application");
    }

    @AfterEach
    void closeSdk() {
      provider.close();
    }

    @Test
    void fiftyThousandCallsInFlightInOneWorkflowAreAllCounted() {
      int calls = 50_000;
      try (WorkflowContext w = WorkflowContext.builder("wf_batch").contextOnly().start()) {
        List<Span> inFlight = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
          inFlight.add(startChat(tracer));
        }
        inFlight.forEach(WorkflowTotalsTest::endChat);
        assertThat(w.llmCalls()).isEqualTo(calls);
        assertThat(w.inputTokens()).isEqualTo(calls * 100L);
        assertThat(w.outputTokens()).isEqualTo(calls * 10L);
        assertThat(w.totalCostUsd()).isCloseTo(calls * COST_OF_ONE_CHAT, within(1e-9));
      }
      assertThat(processor.openSpanCount()).isZero();
    }

    @Test
    void callsLeakedElsewhereNeverDisplaceAnAwaitedCall() {
      try (WorkflowContext w = WorkflowContext.builder("wf_awaited").contextOnly().start()) {
        List<Span> awaited = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          awaited.add(startChat(tracer));
        }
        // elsewhere in the process: 100,000 calls in other workflows that never end, and that
        // stay reachable, so that no garbage collection can make room for the awaited ones
        List<Span> leaked = new ArrayList<>();
        try (Scope elsewhere = Context.root().makeCurrent()) {
          for (int i = 0; i < 100_000; i++) {
            try (WorkflowContext other =
                WorkflowContext.builder("wf_other_" + i % 100).contextOnly().start()) {
              leaked.add(tracer.spanBuilder("leaked").startSpan());
            }
          }
        }
        awaited.forEach(WorkflowTotalsTest::endChat);
        assertThat(w.llmCalls()).isEqualTo(20L);
        assertThat(w.totalCostUsd()).isCloseTo(20 * COST_OF_ONE_CHAT, within(1e-12));
        assertThat(processor.openSpanCount()).isEqualTo(leaked.size());
      }
    }
  }

  /** 100 input and 10 output tokens of gpt-4o at 2.50 and 10.0 per million. */
  private static final double COST_OF_ONE_CHAT = 0.00035;

  private static Span startChat(Tracer tracer) {
    return tracer
        .spanBuilder("chat gpt-4o")
        .setAttribute(OPERATION_NAME, "chat")
        .setAttribute(REQUEST_MODEL, "gpt-4o")
        .startSpan();
  }

  private static void endChat(Span call) {
    call.setAttribute(USAGE_INPUT_TOKENS, 100L);
    call.setAttribute(USAGE_OUTPUT_TOKENS, 10L);
    call.end();
  }
}
