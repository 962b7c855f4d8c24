/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.OpenSpans;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nothing an observed call does reaches its caller, and everything it opens is closed: a value
 * whose {@code toString()} overflows the stack, an extractor or redactor that throws an {@code
 * Error}, and the application's own checked exception, which reaches the caller as itself.
 */
class ObservedCallIsolationTest {

  private static final Map<String, ModelPricing> PRICING =
      Map.of("gpt-4o", ModelPricing.of(2.50, 10.0));

  @RegisterExtension
  final Last9TelemetryExtension otel = Last9TelemetryExtension.builder().pricing(PRICING).build();

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

  @Test
  void cyclicToStringOnInputRunsTheBodyAndRestoresTheContext() {
    Context before = Context.current();
    String out = llm("chat").input(new Cyclic()).get(() -> "answer");
    assertThat(out).isEqualTo("answer");
    assertThat(Context.current()).isSameAs(before);
    assertThat(otel.span("chat").getAttributes().get(GenAiAttributes.INPUT_MESSAGES))
        .as("an input that cannot be rendered is not captured")
        .isNull();
    assertThat(OpenSpans.count(otel.processor())).isZero();
  }

  @Test
  void cyclicToStringOnOutputKeepsTheResultAndEndsTheSpan() {
    Cyclic result = new Cyclic();
    Object out = llm("chat").get(() -> result);
    assertThat(out).isSameAs(result);
    assertThat(otel.span("chat").hasEnded()).isTrue();
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
    StringBuilder reply = new StringBuilder("hi");
    Object out =
        llm("chat")
            .usageExtractor(broken)
            .redactor(
                (field, text) -> {
                  throw new StackOverflowError();
                })
            .input("prompt")
            .get(() -> reply);
    assertThat(out).isSameAs(reply);
    assertThat(otel.span("chat").getAttributes().get(GenAiAttributes.INPUT_MESSAGES)).isNull();
    assertThat(otel.span("chat").getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).isNull();
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
