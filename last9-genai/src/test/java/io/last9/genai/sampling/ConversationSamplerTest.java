/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.InboundHeaders;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.WorkflowContext;
import io.last9.genai.internal.ConversationHash;
import io.last9.genai.observe.GenAiObservation;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConversationSamplerTest {

  private static final int CONVERSATIONS = 5_000;
  private static final int TURNS = 10;
  private static final double RATIO = 0.10;
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

  /**
   * One service: our processor, the sampler under test, and an exporter that sees the sampled
   * spans.
   */
  private static final class Service implements AutoCloseable {
    final InMemorySpanExporter exported = InMemorySpanExporter.create();
    final OpenTelemetrySdk sdk;

    Service(Sampler sampler) {
      sdk =
          OpenTelemetrySdk.builder()
              .setTracerProvider(
                  SdkTracerProvider.builder()
                      .setSampler(sampler)
                      .addSpanProcessor(Last9SpanProcessor.builder().bundledCatalog(false).build())
                      .addSpanProcessor(SimpleSpanProcessor.create(exported))
                      .build())
              .setPropagators(
                  ContextPropagators.create(
                      TextMapPropagator.composite(
                          W3CTraceContextPropagator.getInstance(),
                          W3CBaggagePropagator.getInstance())))
              .build();
    }

    /**
     * One request of a conversation: a conversation scope around an observed call, its own trace.
     */
    void turn(String conversationId) {
      try (ConversationContext c = ConversationContext.builder(conversationId).start()) {
        GenAiObservation.llm("chat")
            .openTelemetry(sdk)
            .captureInput(false)
            .captureOutput(false)
            .run(() -> {});
      }
    }

    /** Exported turn numbers by conversation id. */
    Map<String, Set<Long>> exportedTurns() {
      Map<String, Set<Long>> turns = new TreeMap<>();
      for (SpanData s : exported.getFinishedSpanItems()) {
        String id = s.getAttributes().get(GenAiAttributes.CONVERSATION_ID);
        turns
            .computeIfAbsent(id, k -> new TreeSet<>())
            .add(s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN));
      }
      return turns;
    }

    @Override
    public void close() {
      sdk.close();
    }
  }

  @Test
  void keepsWholeConversationsAtTenPercentTheSameOnASecondInstance() {
    Map<String, Set<Long>> first;
    try (Service service =
        new Service(CostPreservingSampler.wrap(ConversationSampler.create(RATIO)))) {
      for (int turn = 0; turn < TURNS; turn++) {
        for (int c = 0; c < CONVERSATIONS; c++) {
          service.turn("conversation-" + c);
        }
      }
      first = service.exportedTurns();
      for (SpanData s : service.exported.getFinishedSpanItems()) {
        assertThat(s.getAttributes().get(GenAiAttributes.SAMPLING_RATIO)).isEqualTo(RATIO);
      }
    }

    // every exported conversation has all ten turns
    Set<Long> allTurns = new TreeSet<>(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L));
    assertThat(first.values()).allSatisfy(turns -> assertThat(turns).isEqualTo(allTurns));

    // the kept fraction is within 4 standard deviations of 10% (binomial, n = 5,000: sigma = 0.42%)
    double sigma = Math.sqrt(RATIO * (1 - RATIO) / CONVERSATIONS);
    double kept = first.size() / (double) CONVERSATIONS;
    assertThat(kept).isBetween(RATIO - 4 * sigma, RATIO + 4 * sigma);

    // a second service (new processor, new sampler instance) keeps exactly the same conversations
    try (Service second = new Service(ConversationSampler.create(RATIO))) {
      for (int c = 0; c < CONVERSATIONS; c++) {
        second.turn("conversation-" + c);
      }
      assertThat(second.exportedTurns().keySet()).isEqualTo(first.keySet());
    }
    ConversationSampler third = ConversationSampler.create(RATIO);
    for (int c = 0; c < CONVERSATIONS; c++) {
      String id = "conversation-" + c;
      assertThat(third.isSampled(id)).as(id).isEqualTo(first.containsKey(id));
    }
  }

  @Test
  void aDownstreamServiceDecidesTheSameFromTheBaggageItReceives() {
    ConversationSampler upstreamSampler = ConversationSampler.create(0.5);
    try (Service upstream = new Service(upstreamSampler)) {
      int kept = 0;
      for (int c = 0; c < 200; c++) {
        String id = "conversation-" + c;
        Map<String, String> headers = new HashMap<>();
        try (ConversationContext conversation =
            ConversationContext.builder(id).propagateAsBaggage().start()) {
          upstream
              .sdk
              .getPropagators()
              .getTextMapPropagator()
              .inject(Context.current(), headers, Map::put);
        }
        // the downstream service has no scope of its own: only the headers
        Context received =
            upstream
                .sdk
                .getPropagators()
                .getTextMapPropagator()
                .extract(Context.root(), headers, InboundHeaders.GETTER);
        SamplingResult downstream =
            ConversationSampler.create(0.5)
                .shouldSample(
                    received,
                    TRACE_ID,
                    "GET /answer",
                    SpanKind.SERVER,
                    Attributes.empty(),
                    List.of());
        boolean sampled = downstream.getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
        assertThat(sampled).as(id).isEqualTo(upstreamSampler.isSampled(id));
        kept += sampled ? 1 : 0;
      }
      assertThat(kept).isBetween(60, 140);
    }
  }

  @Test
  void baggageIsIgnoredWhenTurnedOff() {
    Context received =
        W3CBaggagePropagator.getInstance()
            .extract(
                Context.root(),
                Map.of("baggage", "gen_ai.conversation.id=conversation-7"),
                InboundHeaders.GETTER);
    ConversationSampler sampler =
        ConversationSampler.builder(1.0).readBaggage(false).delegate(Sampler.alwaysOff()).build();
    assertThat(
            sampler
                .shouldSample(
                    received, TRACE_ID, "op", SpanKind.SERVER, Attributes.empty(), List.of())
                .getDecision())
        .isEqualTo(SamplingDecision.DROP);
    assertThat(
            ConversationSampler.builder(1.0)
                .delegate(Sampler.alwaysOff())
                .build()
                .shouldSample(
                    received, TRACE_ID, "op", SpanKind.SERVER, Attributes.empty(), List.of())
                .getDecision())
        .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
  }

  @Test
  void spansOutsideConversationsGoToTheDelegate() {
    Sampler alwaysOn = ConversationSampler.builder(0.0).delegate(Sampler.alwaysOn()).build();
    SamplingResult r =
        alwaysOn.shouldSample(
            Context.root(), TRACE_ID, "GET /", SpanKind.SERVER, Attributes.empty(), List.of());
    assertThat(r.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(r.getAttributes().isEmpty()).isTrue();

    // a workflow without a conversation is outside every conversation too
    try (WorkflowContext w = WorkflowContext.builder("wf-1").contextOnly().start()) {
      assertThat(
              alwaysOn
                  .shouldSample(
                      Context.current(),
                      TRACE_ID,
                      "op",
                      SpanKind.INTERNAL,
                      Attributes.empty(),
                      List.of())
                  .getDecision())
          .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }
    try (ConversationContext c = ConversationContext.builder("conversation-1").start()) {
      assertThat(
              alwaysOn
                  .shouldSample(
                      Context.current(),
                      TRACE_ID,
                      "op",
                      SpanKind.INTERNAL,
                      Attributes.empty(),
                      List.of())
                  .getDecision())
          .isEqualTo(SamplingDecision.DROP);
    }
  }

  @Test
  void aSpanGivenAnotherExplicitParentIsSampledByTheCurrentConversation() {
    ConversationSampler sampler =
        ConversationSampler.builder(1.0).delegate(Sampler.alwaysOff()).build();
    try (ConversationContext c = ConversationContext.builder("conversation-1").start()) {
      Context explicit = Context.root().with(Span.getInvalid());
      assertThat(
              sampler
                  .shouldSample(
                      explicit, TRACE_ID, "", SpanKind.INTERNAL, Attributes.empty(), List.of())
                  .getDecision())
          .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }
  }

  @Test
  void ratiosAreExactAtTheEndsAndValidated() {
    ConversationSampler none = ConversationSampler.create(0.0);
    ConversationSampler all = ConversationSampler.create(1.0);
    for (int c = 0; c < 1_000; c++) {
      assertThat(none.isSampled("c" + c)).isFalse();
      assertThat(all.isSampled("c" + c)).isTrue();
    }
    assertThatThrownBy(() -> ConversationSampler.create(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ratio");
    assertThatThrownBy(() -> ConversationSampler.create(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ConversationSampler.create(0.25).getDescription())
        .isEqualTo(
            "ConversationSampler{ratio=0.250000, delegate=ParentBased{root:TraceIdRatioBased{0.250000},"
                + "remoteParentSampled:AlwaysOnSampler,remoteParentNotSampled:AlwaysOffSampler,"
                + "localParentSampled:AlwaysOnSampler,localParentNotSampled:AlwaysOffSampler}}");
  }

  @Test
  void keptFractionFollowsTheRatio() {
    int n = 20_000;
    for (double ratio : new double[] {0.01, 0.5, 0.9}) {
      ConversationSampler sampler = ConversationSampler.create(ratio);
      int kept = 0;
      for (int c = 0; c < n; c++) {
        kept += sampler.isSampled("user_" + c + "_session") ? 1 : 0;
      }
      double sigma = Math.sqrt(ratio * (1 - ratio) / n);
      assertThat(kept / (double) n)
          .as("ratio %s", ratio)
          .isBetween(ratio - 4 * sigma, ratio + 4 * sigma);
    }
    // nested ratios keep nested sets: a conversation kept at 1% is kept at 10%
    ConversationSampler one = ConversationSampler.create(0.01);
    ConversationSampler ten = ConversationSampler.create(0.10);
    for (int c = 0; c < n; c++) {
      if (one.isSampled("c" + c)) {
        assertThat(ten.isSampled("c" + c)).isTrue();
      }
    }
  }

  @Test
  void aLongLocalIdIsHashedOncePerScopeNotOncePerSpanAndDecidedAsSpecified() {
    ConversationSampler sampler = ConversationSampler.create(0.5);
    String longPrefix = "c".repeat(4 << 20); // 4 M characters: milliseconds to hash
    String longKept = null;
    String longDropped = null;
    for (int i = 0; longKept == null || longDropped == null; i++) {
      String id = longPrefix + i;
      if (sampler.isSampled(id)) {
        longKept = longKept == null ? id : longKept;
      } else {
        longDropped = longDropped == null ? id : longDropped;
      }
    }
    long spanNanos = 0;
    int spans = 0;
    for (String id :
        List.of("c", "x".repeat(256), "x".repeat(257), "y".repeat(257), longKept, longDropped)) {
      // the documented decision: the hash of the whole id, whatever its length
      boolean specified = ConversationHash.value(id) < ConversationHash.threshold(0.5);
      try (ConversationContext c = ConversationContext.builder(id).start()) {
        Context parent = Context.current();
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
          SamplingResult r =
              sampler.shouldSample(
                  parent, TRACE_ID, "span", SpanKind.INTERNAL, Attributes.empty(), List.of());
          if ((r.getDecision() == SamplingDecision.RECORD_AND_SAMPLE) != specified) {
            throw new AssertionError("not the specified decision for an id of " + id.length());
          }
        }
        spanNanos += System.nanoTime() - start;
        spans += 1_000;
      }
    }
    // hashing 4 M characters per span would take seconds for these 6,000 spans; once per scope,
    // the two long ids cost two hashes and the spans microseconds each
    assertThat(spanNanos)
        .as("%d sampling decisions", spans)
        .isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(1));
  }

  @Test
  void theHashIsTheSpecifiedFunctionOfTheUtf8Bytes() {
    // test vectors computed independently (FNV-1a 64 over the UTF-8 bytes, fmix64, top 56 bits)
    assertThat(ConversationHash.value("")).isEqualTo(67501352619252009L);
    assertThat(ConversationHash.value("conv-1")).isEqualTo(16737602636986018L);
    assertThat(ConversationHash.value("user_123_session_456")).isEqualTo(63528260744666848L);
    assertThat(ConversationHash.value("séance-€-😀")).isEqualTo(7644511694099804L);

    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      StringBuilder s = new StringBuilder();
      int len = random.nextInt(40);
      for (int j = 0; j < len; j++) {
        // every range: ASCII, 2- and 3-byte characters, surrogate halves (paired or not)
        s.append(
            (char)
                (random.nextInt(4) == 0
                    ? 0xD800 + random.nextInt(0x800)
                    : random.nextInt(0x10000)));
      }
      String id = s.toString();
      assertThat(ConversationHash.value(id))
          .as("%s", id.codePoints().boxed().collect(Collectors.toList()))
          .isEqualTo(referenceValue(id.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** The specification, written over a byte array. */
  private static long referenceValue(byte[] utf8) {
    long h = 0xcbf29ce484222325L;
    for (byte b : utf8) {
      h ^= b & 0xFF;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h >>> 8;
  }
}
