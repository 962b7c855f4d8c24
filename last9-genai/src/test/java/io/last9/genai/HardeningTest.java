/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.GenAiAttributes.CONVERSATION_ID;
import static io.last9.genai.GenAiAttributes.CONVERSATION_TURN;
import static io.last9.genai.GenAiAttributes.USAGE_COST_USD;
import static io.last9.genai.GenAiAttributes.USER_ID;
import static io.last9.genai.GenAiAttributes.WORKFLOW_ID;
import static io.last9.genai.GenAiAttributes.WORKFLOW_TOTAL_COST_USD;
import static io.last9.genai.GenAiAttributes.WORKFLOW_TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.content.ContentCapture;
import io.last9.genai.content.ContentRedactor;
import io.last9.genai.internal.ConversationKeys;
import io.last9.genai.internal.ScopeState;
import io.last9.genai.internal.setup.ConsoleSpanExporter;
import io.last9.genai.internal.setup.Last9AutoConfigurationCustomizerProvider;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.observe.GenAiObservationBuilder;
import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.observe.UsageExtractor;
import io.last9.genai.observe.UsageExtractors;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.pricing.internal.CostMetric;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.last9.genai.turns.InMemoryTurnStore;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression tests for the ways the library once reached into, or leaked from, the host
 * application: each test names the probe that failed and asserts what must hold instead.
 */
class HardeningTest {

  private static final Map<String, ModelPricing> PRICING =
      Map.of("gpt-4o", ModelPricing.of(2.50, 10.0));

  @RegisterExtension
  final Last9TelemetryExtension otel = Last9TelemetryExtension.builder().pricing(PRICING).build();

  @AfterEach
  void restoreCapture() {
    ContentCapture.setEnabled(true);
  }

  /** A value whose toString() recurses until the stack overflows. */
  static final class Cyclic {
    @Override
    public String toString() {
      return "cyclic " + this;
    }
  }

  private GenAiObservationBuilder llm(String name) {
    return GenAiObservation.llm(name).openTelemetry(otel.openTelemetry());
  }

  // --- 1. nothing the library does reaches the caller; everything it opens is closed

  @Test
  void cyclicToStringOnInputRunsTheBodyAndRestoresTheContext() {
    Context before = Context.current();
    String out = llm("chat").input(new Cyclic()).get(() -> "answer");
    assertThat(out).isEqualTo("answer");
    assertThat(Context.current()).isSameAs(before);
    assertThat(otel.span("chat").getAttributes().get(GenAiAttributes.INPUT_MESSAGES))
        .as("an input that cannot be rendered is not captured")
        .isNull();
    assertThat(otel.processor().openSpanCount()).isZero();
  }

  @Test
  void cyclicToStringOnOutputKeepsTheResultAndEndsTheSpan() {
    Cyclic result = new Cyclic();
    Object out = llm("chat").get(() -> result);
    assertThat(out).isSameAs(result);
    assertThat(otel.span("chat").hasEnded()).isTrue();
  }

  @Test
  void aTurnStoreThatThrowsAnErrorLeavesSpansWithoutATurn() {
    Last9TelemetryExtension failing =
        Last9TelemetryExtension.builder()
            .turnStore(
                () ->
                    id -> {
                      throw new NoSuchMethodError("a store built against another version");
                    })
            .build();
    failing.start();
    try (ConversationContext c = ConversationContext.builder("conv").start()) {
      GenAiObservation.llm("chat").openTelemetry(failing.openTelemetry()).run(() -> {});
      failing
          .tracer()
          .spanBuilder("chat gpt-4o")
          .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
          .startSpan()
          .end();
    }
    assertThat(failing.spans())
        .hasSize(2)
        .allSatisfy(
            s -> {
              assertThat(s.getAttributes().get(CONVERSATION_ID)).isEqualTo("conv");
              assertThat(s.getAttributes().get(CONVERSATION_TURN)).isNull();
            });
    failing.close();
  }

  @Test
  void anExtractorOrRedactorThatThrowsAnErrorNeverReachesTheCaller() {
    UsageExtractor broken =
        new UsageExtractor() {
          @Override
          public Class<?> responseType() {
            return StringBuilder.class;
          }

          @Override
          public ResponseInfo extract(Object response) {
            throw new LinkageError("extractor compiled against another client");
          }
        };
    UsageExtractors.register(broken);
    try {
      StringBuilder reply = new StringBuilder("hi");
      Object out =
          llm("chat")
              .redactor(
                  (field, text) -> {
                    throw new StackOverflowError();
                  })
              .input("prompt")
              .get(() -> reply);
      assertThat(out).isSameAs(reply);
    } finally {
      UsageExtractors.unregister(broken);
    }
    assertThat(otel.span("chat").getAttributes().get(GenAiAttributes.INPUT_MESSAGES)).isNull();
    assertThat(otel.span("chat").getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).isNull();
  }

  @Test
  void anotherProcessorThatThrowsInOnStartLeavesTheWorkflowContextOnly() {
    Last9TelemetryExtension broken =
        Last9TelemetryExtension.builder().addSpanProcessor(ThrowingProcessor::new).build();
    broken.start();
    try (WorkflowContext w =
        WorkflowContext.builder("wf").type("rag").openTelemetry(broken.openTelemetry()).start()) {
      assertThat(ContextSnapshot.current().workflowId()).hasValue("wf");
      assertThat(w.span().getSpanContext().isValid()).isFalse();
    }
    assertThat(ContextSnapshot.current().isEmpty()).isTrue();
    broken.close();
  }

  @Test
  void aSneakyCheckedExceptionReachesTheCallerAsItself() {
    IOException own = new IOException("disk");
    assertThatThrownBy(() -> llm("chat").get(() -> sneaky(own))).isSameAs(own);
    assertThatThrownBy(() -> llm("chat").run(() -> sneaky(own))).isSameAs(own);
    assertThat(otel.spans("chat"))
        .hasSize(2)
        .allSatisfy(
            s ->
                assertThat(s.getAttributes().get(GenAiAttributes.ERROR_TYPE))
                    .isEqualTo("java.io.IOException"));
  }

  @SuppressWarnings("unchecked")
  private static <T, E extends Throwable> T sneaky(Throwable t) throws E {
    throw (E) t;
  }

  // --- 2. no JVM-wide cap fails closed

  @Test
  void spansThatNeverEndDoNotStopOtherWorkflowsFromTotalling() {
    try (WorkflowContext leak = WorkflowContext.builder("leaky").start()) {
      for (int i = 0; i < 70_000; i++) {
        otel.tracer().spanBuilder("never-ended").startSpan(); // a buggy code path: never ended
      }
    }
    try (WorkflowContext w =
        WorkflowContext.builder("healthy")
            .type("rag")
            .openTelemetry(otel.openTelemetry())
            .start()) {
      FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", 1_000, 500);
    }
    // 1,000 x 2.50 + 500 x 10.0 per million
    assertThat(otel.span("invoke_workflow rag").getAttributes().get(WORKFLOW_TOTAL_COST_USD))
        .isEqualTo(0.0075);
  }

  @Test
  void neverCompletedAsyncCallsDoNotDisablePerCallPricing() {
    GenAiObservation pricedAsync =
        GenAiObservation.llm("pending")
            .openTelemetry(otel.openTelemetry())
            .pricing(Map.of("gpt-4o", ModelPricing.of(1, 1)))
            .build();
    for (int i = 0; i < 70_000; i++) {
      pricedAsync.async(() -> new CompletableFuture<>()); // never completes
    }
    GenAiObservation.llm("now")
        .openTelemetry(otel.openTelemetry())
        .pricing(Map.of("gpt-4o", ModelPricing.of(100, 100)))
        .run(() -> FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", 10_000, 0));
    // 10,000 x 100 per million
    assertThat(otel.span("chat gpt-4o").getAttributes().get(USAGE_COST_USD)).isEqualTo(1.0);
  }

  // --- 3. memory bounded in bytes

  @Test
  void noLiteralIdSharesTheTurnCounterOfAHashedLongId() throws Exception {
    String longId = "c".repeat(300);
    String hex =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(longId.getBytes(StandardCharsets.UTF_8)));
    // every literal a caller could pass to imitate the digest key, in both the old and the new
    // form, and ids that start with the escape character
    List<String> literals =
        List.of(
            "sha256:" + hex,
            "#sha256:" + hex,
            "##sha256:" + hex,
            "#",
            "##",
            "#" + "c".repeat(255),
            "c".repeat(256));
    Set<String> keys = new HashSet<>();
    keys.add(ConversationKeys.of(longId));
    for (String literal : literals) {
      assertThat(keys.add(ConversationKeys.of(literal))).as(literal).isTrue();
    }
    assertThat(keys)
        .allSatisfy(
            k -> assertThat(k.length()).isLessThanOrEqualTo(ConversationKeys.MAX_LENGTH + 1));

    InMemoryTurnStore store = InMemoryTurnStore.create();
    assertThat(store.nextTurn(longId)).isEqualTo(1);
    for (String literal : literals) {
      assertThat(store.nextTurn(literal)).as(literal).isEqualTo(1);
    }
    assertThat(store.nextTurn(longId)).isEqualTo(2);
  }

  @Test
  void longConversationIdsAreKeptAsDigestsInTheTurnStore() {
    String huge = "x".repeat(1_000_000);
    assertThat(ConversationKeys.of(huge)).startsWith("#sha256:").hasSize(8 + 64);
    assertThat(ConversationKeys.of("short-id")).isEqualTo("short-id");
    InMemoryTurnStore store = InMemoryTurnStore.create();
    assertThat(store.nextTurn(huge)).isEqualTo(1);
    assertThat(store.nextTurn(huge)).isEqualTo(2);
    assertThat(store.nextTurn(huge + "y"))
        .as("another long id is another conversation")
        .isEqualTo(1);
  }

  @Test
  void aScopeHandleKeepsNoLinkToTheScopesAroundIt() {
    // a leaked scope must retain no more than a leaked OpenTelemetry scope: no field may point at
    // another handle
    // or at a context (the OpenTelemetry scope it wraps already holds the two contexts it restores)
    for (Field f : io.last9.genai.internal.ScopeHandle.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers())) {
        continue;
      }
      assertThat(f.getType())
          .as(f.getName())
          .isNotEqualTo(io.last9.genai.internal.ScopeHandle.class)
          .isNotEqualTo(Context.class)
          .isNotEqualTo(ScopeState.class);
    }
  }

  // --- 4. inbound Baggage is not trusted

  private static Context inbound(String baggageHeader) {
    Map<String, String> headers = Map.of("baggage", baggageHeader);
    return W3CBaggagePropagator.getInstance()
        .extract(
            Context.root(),
            headers,
            new TextMapGetter<>() {
              // deprecated in newer APIs, but abstract in 1.49, which these tests also run on
              @SuppressWarnings("deprecation")
              @Override
              public Iterable<String> keys(Map<String, String> carrier) {
                return carrier.keySet();
              }

              @Override
              public String get(Map<String, String> carrier, String key) {
                return carrier == null ? null : carrier.get(key);
              }
            });
  }

  @Test
  void baggageUserIdIsNotStampedByDefaultAndForeignWorkflowIdsFeedNoLocalTotal() {
    Last9TelemetryExtension downstream =
        Last9TelemetryExtension.builder()
            .pricing(PRICING)
            .processor(b -> b.stampFromBaggage(true))
            .build();
    downstream.start();
    try (WorkflowContext victim =
        WorkflowContext.builder("wf-victim")
            .type("rag")
            .openTelemetry(downstream.openTelemetry())
            .start()) {
      FakeLlm.instrumentedChat(
          downstream.tracer(), "gpt-4o", 1_000, 500); // the victim's own call: $0.0075
      // meanwhile, a request from outside claims the victim's workflow and user, with a 2M-token
      // call
      Context attacker =
          inbound("workflow.id=wf-victim,user.id=victim-42,gen_ai.conversation.id=c-1");
      try (Scope s = attacker.makeCurrent()) {
        FakeLlm.instrumentedChat(downstream.tracer(), "gpt-4o", 2_000_000, 1_000_000);
      }
    }
    List<SpanData> chats = downstream.spans("chat gpt-4o");
    SpanData outsider = chats.get(1);
    assertThat(outsider.getAttributes().get(WORKFLOW_ID))
        .isEqualTo("wf-victim"); // stamped, for correlation
    assertThat(outsider.getAttributes().get(USER_ID))
        .as("user.id is off the default allowlist")
        .isNull();
    assertThat(downstream.span("invoke_workflow rag").getAttributes().get(WORKFLOW_TOTAL_COST_USD))
        .isEqualTo(0.0075);
    downstream.close();
  }

  @Test
  void baggageValuesWithControlCharactersOrExcessLengthAreDropped() {
    Last9TelemetryExtension downstream =
        Last9TelemetryExtension.builder().processor(b -> b.stampFromBaggage(true)).build();
    downstream.start();
    Context in =
        inbound(
            "gen_ai.conversation.id="
                + "a".repeat(300)
                + ",workflow.id=ok-1,gen_ai.conversation.turn=x7");
    try (Scope s = in.makeCurrent()) {
      downstream.tracer().spanBuilder("served").startSpan().end();
    }
    Attributes a = downstream.span("served").getAttributes();
    assertThat(a.get(CONVERSATION_ID)).isNull();
    assertThat(a.get(WORKFLOW_ID)).isEqualTo("ok-1");
    assertThat(a.get(CONVERSATION_TURN)).isNull();
    downstream.close();
  }

  @Test
  void spansInsideAnObservedCallGetUpstreamIds() {
    Last9TelemetryExtension downstream =
        Last9TelemetryExtension.builder().processor(b -> b.stampFromBaggage(true)).build();
    downstream.start();
    try (Scope s = inbound("gen_ai.conversation.id=up-1").makeCurrent()) {
      GenAiObservation.tool("lookup")
          .openTelemetry(downstream.openTelemetry())
          .run(() -> downstream.tracer().spanBuilder("db").startSpan().end());
    }
    assertThat(downstream.span("db").getAttributes().get(CONVERSATION_ID)).isEqualTo("up-1");
    assertThat(downstream.span("lookup").getAttributes().get(CONVERSATION_ID)).isEqualTo("up-1");
    downstream.close();
  }

  @Test
  void workflowTypesCannotMintCostSeriesWithoutBound() {
    for (int i = 0; i < 100; i++) {
      try (WorkflowContext w =
          WorkflowContext.builder("wf-" + i).type("type-" + i).contextOnly().start()) {
        FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", 10, 10);
      }
    }
    MetricData cost = otel.metric("gen_ai.client.cost");
    Set<String> types = new HashSet<>();
    cost.getDoubleSumData()
        .getPoints()
        .forEach(p -> types.add(p.getAttributes().get(AttributeKey.stringKey("workflow.type"))));
    assertThat(types)
        .hasSize(Last9Limits.getDefault().getMaxCostMetricValues() + 1)
        .contains(CostMetric.OTHER)
        .doesNotContain(CostMetric.EXTERNAL);
  }

  /**
   * Workflow types that arrive from outside (W3C Baggage, stamped with stampFromBaggage) once made
   * one series each until the bound, and then pushed the service's own workflow into _other: now
   * they all share one series, _external, and the service's own type keeps its name.
   */
  @Test
  void forgedBaggageWorkflowTypesNeitherMintCostSeriesNorDisplaceTheServicesOwn() {
    Last9TelemetryExtension downstream =
        Last9TelemetryExtension.builder()
            .pricing(PRICING)
            .processor(b -> b.stampFromBaggage(true))
            .build();
    downstream.start();
    try {
      for (int i = 0; i < 3_000; i++) {
        try (Scope s =
            inbound("workflow.type=forged-" + i + ",workflow.id=up-" + i).makeCurrent()) {
          FakeLlm.instrumentedChat(downstream.tracer(), "gpt-4o", 10, 10);
        }
      }
      // the service's own workflow, after the flood
      try (WorkflowContext rag =
          WorkflowContext.builder("wf-own").type("rag").contextOnly().start()) {
        FakeLlm.instrumentedChat(downstream.tracer(), "gpt-4o", 10, 10);
      }

      // the spans still carry what came in: only the metric keeps it out of its series
      assertThat(downstream.spans())
          .filteredOn(sp -> "forged-2999".equals(sp.getAttributes().get(WORKFLOW_TYPE)))
          .hasSize(1);
      Map<String, Long> callsByType = new HashMap<>();
      downstream
          .metric("gen_ai.client.cost")
          .getDoubleSumData()
          .getPoints()
          .forEach(
              p ->
                  callsByType.merge(
                      String.valueOf(p.getAttributes().get(WORKFLOW_TYPE)), 1L, Long::sum));
      assertThat(callsByType.keySet()).containsExactlyInAnyOrder(CostMetric.EXTERNAL, "rag");
    } finally {
      downstream.close();
    }
  }

  // --- 5. the library's own keys survive the attribute limit

  @Test
  void hundredsOfCustomAttributesCannotCrowdOutTheLibrarysKeys() {
    Map<String, Object> custom = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      custom.put("k" + i, i);
    }
    try (ConversationContext c = ConversationContext.builder("conv").attributes(custom).start();
        WorkflowContext w =
            WorkflowContext.builder("wf").type("rag").openTelemetry(otel.openTelemetry()).start()) {
      FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", 1_000, 500);
    }
    Attributes chat = otel.span("chat gpt-4o").getAttributes();
    assertThat(chat.get(CONVERSATION_ID)).isEqualTo("conv");
    assertThat(chat.get(USAGE_COST_USD)).isEqualTo(0.0075);
    assertThat(chat.asMap().keySet().stream().filter(k -> k.getKey().startsWith("custom.")))
        .hasSize(32);
    assertThat(otel.span("invoke_workflow rag").getAttributes().get(WORKFLOW_TOTAL_COST_USD))
        .isEqualTo(0.0075);
  }

  // --- 6. privacy of captured content

  @Test
  void exceptionMessagesGoThroughTheRedactor() {
    ContentRedactor maskSsn =
        (field, text) -> text.replaceAll("\\d{3}-\\d{2}-\\d{4}", "***-**-****");
    IllegalArgumentException own =
        new IllegalArgumentException(
            "bad SSN 123-45-6789 in prompt", new IllegalStateException("cause quotes 987-65-4321"));
    assertThatThrownBy(
            () ->
                llm("chat")
                    .redactor(maskSsn)
                    .input("my SSN is 123-45-6789")
                    .get(
                        () -> {
                          throw own;
                        }))
        .isSameAs(own);
    SpanData span = otel.span("chat");
    String exported = span.getStatus().getDescription() + span.getEvents() + span.getAttributes();
    assertThat(exported)
        .doesNotContain("123-45-6789")
        .doesNotContain("987-65-4321")
        .contains("***-**-****");
    assertThat(span.getEvents()).filteredOn(e -> e.getName().equals("exception")).hasSize(1);
  }

  @Test
  void withCaptureOffNoExceptionMessageIsExported() {
    ContentCapture.setEnabled(false);
    IllegalArgumentException own = new IllegalArgumentException("secret 123-45-6789");
    assertThatThrownBy(
            () ->
                llm("chat")
                    .get(
                        () -> {
                          throw own;
                        }))
        .isSameAs(own);
    SpanData span = otel.span("chat");
    String exported = span.getStatus().getDescription() + span.getEvents() + span.getAttributes();
    assertThat(exported).doesNotContain("secret");
    assertThat(span.getAttributes().get(GenAiAttributes.ERROR_TYPE))
        .isEqualTo("java.lang.IllegalArgumentException");
  }

  // --- 7. smaller ones

  @Test
  void invalidSettingsFailNamingTheProperty() {
    assertThatThrownBy(() -> fromConfig(Map.of("otel.last9.genai.turns.max-conversations", "0")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("otel.last9.genai.turns.max-conversations");
    assertThatThrownBy(() -> fromConfig(Map.of("otel.last9.genai.turns.idle-expiry", "0s")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("otel.last9.genai.turns.idle-expiry");
    assertThatThrownBy(() -> fromConfig(Map.of("otel.last9.genai.cost.enabled", "maybe")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("otel.last9.genai.cost.enabled");
    assertThatThrownBy(() -> fromConfig(Map.of("otel.last9.genai.baggage.keys", "password")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("otel.last9.genai.baggage.keys");
  }

  private static Last9SpanProcessor fromConfig(Map<String, String> props) {
    return Last9AutoConfigurationCustomizerProvider.fromConfig(
        DefaultConfigProperties.createFromMap(props));
  }

  @Test
  void theConsoleExporterEscapesControlCharacters() {
    try (ConversationContext c =
        ConversationContext.builder("evil\r\n[last9-genai] forged").start()) {
      otel.tracer().spanBuilder("op").startSpan().end();
    }
    StringBuilder line = new StringBuilder();
    ConsoleSpanExporter.format(otel.span("op"), line);
    assertThat(line.toString())
        .doesNotContain("\n")
        .doesNotContain("\r")
        .contains("\\u000d\\u000a");
  }

  /** Another span processor of the application, one that throws when a span starts. */
  static final class ThrowingProcessor implements io.opentelemetry.sdk.trace.SpanProcessor {
    @Override
    public void onStart(Context parentContext, io.opentelemetry.sdk.trace.ReadWriteSpan span) {
      throw new IllegalStateException("another processor's bug");
    }

    @Override
    public boolean isStartRequired() {
      return true;
    }

    @Override
    public void onEnd(io.opentelemetry.sdk.trace.ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
      return false;
    }
  }

  @Nested
  class SpanLevel {
    @Test
    void anInvalidSpanIsNeverCurrentAfterAnObservedCallThatFailed() {
      RuntimeException own = new RuntimeException("x");
      assertThatThrownBy(
              () ->
                  llm("chat")
                      .run(
                          () -> {
                            throw own;
                          }))
          .isSameAs(own);
      assertThat(Span.current().getSpanContext().isValid()).isFalse();
    }
  }
}
