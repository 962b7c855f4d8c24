/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import static io.last9.genai.spring.internal.StartupFailures.invalidProperty;
import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.sampling.ConversationSampler;
import io.last9.genai.sampling.CostPreservingSampler;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code last9.genai.sampler.*} applied to the application's {@code Sampler} bean, the one Boot's
 * tracing builds its tracer provider with.
 */
class SamplerAutoConfigurationTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  /**
   * What Boot's tracing defines unless the application has its own:
   * parentBased(traceIdRatioBased(p)).
   */
  private final Sampler boots = Sampler.parentBased(Sampler.traceIdRatioBased(0.0));

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(Last9GenAiAutoConfiguration.class))
          .withBean("otelSampler", Sampler.class, () -> boots);

  @Test
  void byDefaultTheSamplerStillRecordsTheLlmSpansItDrops() {
    runner.run(
        context -> {
          Sampler s = context.getBean(Sampler.class);
          assertThat(s).isInstanceOf(CostPreservingSampler.class);
          assertThat(((CostPreservingSampler) s).delegate()).isSameAs(boots);
          // dropped by Boot's sampler, recorded (not exported) because it is an LLM span
          assertThat(
                  decision(
                      s, Context.root(), Attributes.of(GenAiAttributes.OPERATION_NAME, "chat")))
              .isEqualTo(SamplingDecision.RECORD_ONLY);
          assertThat(decision(s, Context.root(), Attributes.empty()))
              .isEqualTo(SamplingDecision.DROP);
        });
  }

  @Test
  void recordDroppedOffOrCostTrackingOffLeavesTheSamplerAsItIs() {
    runner
        .withPropertyValues("last9.genai.sampler.record-dropped=false")
        .run(context -> assertThat(context.getBean(Sampler.class)).isSameAs(boots));
    runner
        .withPropertyValues("last9.genai.cost-tracking=false")
        .run(context -> assertThat(context.getBean(Sampler.class)).isSameAs(boots));
  }

  @Test
  void aRatioSamplesWholeConversationsAndLeavesTheRestToTheApplicationsSampler() {
    runner
        .withPropertyValues("last9.genai.sampler.ratio=0.5")
        .run(
            context -> {
              Sampler s = context.getBean(Sampler.class);
              ConversationSampler conversations =
                  (ConversationSampler) ((CostPreservingSampler) s).delegate();
              assertThat(conversations.ratio()).isEqualTo(0.5);
              assertThat(conversations.delegate()).isSameAs(boots);

              String kept = conversation(conversations, true);
              String dropped = conversation(conversations, false);
              try (ConversationContext c = ConversationContext.builder(kept).start()) {
                assertThat(decision(s, Context.current(), Attributes.empty()))
                    .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
              }
              try (ConversationContext c = ConversationContext.builder(dropped).start()) {
                // not exported, but recorded: it starts inside a scope of the library, where an LLM
                // span may be named late
                assertThat(decision(s, Context.current(), Attributes.empty()))
                    .isEqualTo(SamplingDecision.RECORD_ONLY);
              }
              assertThat(decision(s, Context.root(), Attributes.empty()))
                  .as("outside conversations: Boot's, which drops")
                  .isEqualTo(SamplingDecision.DROP);
            });
  }

  @Test
  void aNamedDelegateSamplesSpansOutsideConversations() {
    runner
        .withPropertyValues(
            "last9.genai.sampler.ratio=0.1",
            "last9.genai.sampler.delegate=TraceIdRatio",
            "last9.genai.sampler.delegate-ratio=1",
            "last9.genai.sampler.baggage=false",
            "last9.genai.sampler.record-dropped=false")
        .run(
            context -> {
              ConversationSampler s = (ConversationSampler) context.getBean(Sampler.class);
              assertThat(s.delegate().getDescription())
                  .isEqualTo(Sampler.traceIdRatioBased(1.0).getDescription());
              assertThat(decision(s, Context.root(), Attributes.empty()))
                  .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
            });
  }

  @Test
  void aConversationSamplerOfTheApplicationsIsKept() {
    ConversationSampler own = ConversationSampler.create(0.2);
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(Last9GenAiAutoConfiguration.class))
        .withBean(Sampler.class, () -> own)
        .withPropertyValues("last9.genai.sampler.ratio=0.9")
        .run(
            context ->
                assertThat(((CostPreservingSampler) context.getBean(Sampler.class)).delegate())
                    .isSameAs(own));
  }

  @Test
  void wrongSamplerSettingsFailStartUpNamingThePropertyEvenWithoutASamplerBean() {
    ApplicationContextRunner bare =
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(Last9GenAiAutoConfiguration.class));
    bare.withPropertyValues("last9.genai.sampler.ratio=-0.1")
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.sampler.ratio")
                    .hasMessageContaining("-0.1"));
    bare.withPropertyValues("last9.genai.sampler.ratio=1.5")
        .run(context -> invalidProperty(context).hasMessageContaining("last9.genai.sampler.ratio"));
    bare.withPropertyValues(
            "last9.genai.sampler.ratio=0.5", "last9.genai.sampler.delegate=sometimes")
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.sampler.delegate")
                    .hasMessageContaining("parentbased_traceidratio"));
    bare.withPropertyValues(
            "last9.genai.sampler.ratio=0.5",
            "last9.genai.sampler.delegate=traceidratio",
            "last9.genai.sampler.delegate-ratio=2")
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.sampler.delegate-ratio"));
  }

  private static SamplingDecision decision(Sampler s, Context parent, Attributes attributes) {
    return s.shouldSample(parent, TRACE_ID, "span", SpanKind.INTERNAL, attributes, List.of())
        .getDecision();
  }

  /** A conversation id the sampler keeps, or drops. */
  static String conversation(ConversationSampler s, boolean kept) {
    return IntStream.range(0, 1_000)
        .mapToObj(i -> "conversation-" + i)
        .filter(id -> s.isSampled(id) == kept)
        .findFirst()
        .orElseThrow();
  }
}
