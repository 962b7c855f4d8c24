/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.sampling.ConversationSampler;
import io.last9.genai.sampling.CostPreservingSampler;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An application with a {@code Sampler} bean of its own, which Quarkus uses instead of {@code
 * quarkus.otel.traces.sampler}, and {@code quarkus.last9.genai.sampler.ratio}: the application's
 * sampler becomes the conversation sampler's delegate rather than replacing it.
 */
@QuarkusTest
@QuarkusTestResource(OpenAiFakeResource.class)
@TestProfile(ApplicationSamplerTest.WithSamplerBean.class)
class ApplicationSamplerTest {

  /** The application's sampler bean, and a conversation ratio. */
  public static class WithSamplerBean implements QuarkusTestProfile {
    @Override
    public Set<Class<?>> getEnabledAlternatives() {
      return Set.of(ApplicationSampler.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.last9.genai.sampler.ratio", "0.5");
    }
  }

  /** The application's own sampler: keeps nothing. */
  @Alternative
  @Singleton
  public static class ApplicationSampler implements Sampler {
    @Override
    public SamplingResult shouldSample(
        Context parentContext,
        String traceId,
        String name,
        SpanKind spanKind,
        Attributes attributes,
        List<LinkData> parentLinks) {
      return SamplingResult.drop();
    }

    @Override
    public String getDescription() {
      return "ApplicationSampler";
    }
  }

  @Inject OpenTelemetry openTelemetry;

  @Test
  void theApplicationsSamplerBeanIsTheConversationSamplersDelegate() {
    Sampler built = TracerProviderParts.of(openTelemetry).getSampler();
    assertThat(built).isInstanceOf(CostPreservingSampler.class);
    assertThat(((CostPreservingSampler) built).delegate()).isInstanceOf(ConversationSampler.class);
    // (Quarkus's own wrapper for its dropped URIs, when it has one, describes itself as its
    // sampler)
    assertThat(built.getDescription())
        .isEqualTo(
            "CostPreservingSampler{ConversationSampler{ratio=0.500000, delegate=ApplicationSampler}}");
  }
}
