/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A real OpenAiEmbeddingModel, wrapped, against an OpenAI-speaking server on loopback. */
class EmbeddingModelTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @RegisterExtension final FakeOpenAI server = FakeOpenAI.start();

  private EmbeddingModel model;

  @BeforeEach
  void setUp() {
    model =
        Last9EmbeddingModel.wrap(
            OpenAiEmbeddingModel.builder()
                .baseUrl(server.baseUrl())
                .apiKey("test-key")
                .modelName("text-embedding-3-small")
                .maxRetries(0)
                .build(),
            otel.openTelemetry());
  }

  @Test
  void embedAllMakesOnePricedEmbeddingsSpan() {
    server.enqueue(FakeOpenAI.embeddings("text-embedding-3-small", 3, 4, 1500));

    Response<List<Embedding>> response =
        model.embedAll(
            List.of(
                TextSegment.from("What is RAG?"),
                TextSegment.from("Retrieval"),
                TextSegment.from("Generation")));

    assertThat(response.content()).hasSize(3);
    assertThat(otel.spans()).hasSize(1);
    SpanData span = otel.span("embeddings text-embedding-3-small");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    var a = span.getAttributes();
    assertThat(a.get(GenAiAttributes.OPERATION_NAME)).isEqualTo("embeddings");
    assertThat(a.get(GenAiAttributes.L9_SPAN_KIND)).isEqualTo("embedding");
    assertThat(a.get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("openai");
    assertThat(a.get(GenAiAttributes.REQUEST_MODEL)).isEqualTo("text-embedding-3-small");
    assertThat(a.get(GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(1500L);
    assertThat(a.get(GenAiAttributes.USAGE_OUTPUT_TOKENS)).isNull();
    assertThat(a.get(AttributeKey.longKey("gen_ai.embeddings.dimension.count"))).isEqualTo(4L);
    // 1500 x 0.02 per million
    assertThat(a.get(GenAiAttributes.USAGE_COST_USD)).isCloseTo(0.00003, within(1e-15));
    assertThat(a.get(GenAiAttributes.COST_PRICE_SOURCE))
        .isEqualTo("genai-prices:openai/text-embedding-3-small@2026-08-21");
  }

  @Test
  void embedStringAndRequestApiMakeOneSpanEachWithTheResponseModel() {
    server.enqueue(FakeOpenAI.embeddings("text-embedding-3-small", 1, 3, 5));
    server.enqueue(FakeOpenAI.embeddings("text-embedding-3-small", 1, 3, 7));

    model.embed("hello");
    model.embed(
        dev.langchain4j.model.embedding.request.EmbeddingRequest.builder()
            .textSegment(TextSegment.from("hello again"))
            .build());

    List<SpanData> spans = otel.spans("embeddings text-embedding-3-small");
    assertThat(spans).hasSize(2);
    assertThat(spans)
        .extracting(s -> s.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS))
        .containsExactly(5L, 7L);
    assertThat(spans.get(1).getAttributes().get(GenAiAttributes.RESPONSE_MODEL))
        .isEqualTo("text-embedding-3-small");
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void serverErrorIsRecordedOnceAndRethrownAsTheSameInstance() {
    server.enqueue(FakeOpenAI.serverError());

    Throwable thrown = ChatModelListenerTest.catchThrown(() -> model.embed("hello"));

    assertThat(thrown).isInstanceOf(InternalServerException.class);
    SpanData span = otel.span("embeddings text-embedding-3-small");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    ChatModelListenerTest.assertError(span, thrown, InternalServerException.class.getName());
  }

  @Test
  void wrappingTwiceDoesNotTraceTwice() {
    assertThat(Last9EmbeddingModel.wrap(model, otel.openTelemetry())).isSameAs(model);
  }
}
