/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.OpenAITokens;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An application that declares its own {@link Last9SpanProcessor} bean gets that one only: the
 * extension's backs off, so each span is priced once, at the application's prices.
 */
@QuarkusTest
@TestProfile(OwnProcessorTest.OwnProcessor.class)
@QuarkusTestResource(OpenAiFakeResource.class)
class OwnProcessorTest {

  /** Adds the application's own processor bean. */
  public static class OwnProcessor implements QuarkusTestProfile {
    @Override
    public Set<Class<?>> getEnabledAlternatives() {
      return Set.of();
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("own-processor", "true");
    }
  }

  /** The application's own processor: gpt-4o at a price of its own. */
  @Singleton
  public static class ProcessorBean {
    @Produces
    @Singleton
    @io.quarkus.arc.lookup.LookupIfProperty(name = "own-processor", stringValue = "true")
    Last9SpanProcessor own() {
      return Last9SpanProcessor.builder()
          .pricing(Map.of("gpt-4o", ModelPricing.of(1.00, 1.00)))
          .build();
    }
  }

  @Inject InMemorySpanExporter exporter;

  @Test
  void theApplicationsProcessorIsTheOnlyOne() {
    OpenAiFakeResource.server.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-o1", "gpt-4o-2024-08-06", "Ok.", OpenAITokens.of(1000, 1000)));
    exporter.reset();
    given().queryParam("memory", "own-1").body("Hello").post("/chat").then().statusCode(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                exporter.getFinishedSpanItems().stream()
                    .anyMatch(s -> s.getName().startsWith("completion ")));
    SpanData model =
        exporter.getFinishedSpanItems().stream()
            .filter(s -> s.getName().startsWith("completion "))
            .findFirst()
            .orElseThrow();
    // USD 1 per million each way: the application's price, not the catalog's (2.50 / 10.00)
    assertThat(model.getAttributes().get(GenAiAttributes.USAGE_COST_USD))
        .isCloseTo(0.002, within(1e-12));
  }
}
