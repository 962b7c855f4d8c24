/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.ContentType;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.model.embedding.request.EmbeddingParameter;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.request.EmbeddingRequestParameters;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import io.last9.genai.langchain4j.internal.GenAiSpans;
import io.last9.genai.langchain4j.internal.ProviderNames;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An {@link EmbeddingModel} that makes one OpenTelemetry GenAI span {@code embeddings {model}}
 * (kind CLIENT, {@code gen_ai.operation.name = embeddings}) around each call of the model it wraps,
 * with the provider, the request and response model and the input token count, so {@code
 * Last9SpanProcessor} prices embedding calls and counts them into the enclosing workflow.
 *
 * <pre>{@code
 * EmbeddingModel embeddings = Last9EmbeddingModel.wrap(
 *     OpenAiEmbeddingModel.builder().apiKey(key).modelName("text-embedding-3-small").build(), openTelemetry);
 * embeddings.embedAll(segments);   // span "embeddings text-embedding-3-small" with gen_ai.usage.cost_usd
 * }</pre>
 *
 * <p>Every entry point ({@code embed(String)}, {@code embed(TextSegment)}, {@code embedAll}, {@code
 * embed(request)}) makes exactly one span and delegates to the same method of the wrapped model;
 * the span is current while the wrapped model runs, so HTTP client spans nest under it. An
 * exception of the wrapped model is recorded once on the span (status ERROR, {@code error.type})
 * and reaches the caller as the same instance.
 */
public final class Last9EmbeddingModel implements EmbeddingModel {

  private static final Logger logger = Logger.getLogger(Last9EmbeddingModel.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  private final EmbeddingModel delegate;
  private final Tracer tracer;

  private Last9EmbeddingModel(EmbeddingModel delegate, OpenTelemetry openTelemetry) {
    this.delegate = delegate;
    this.tracer = GenAiSpans.tracer(openTelemetry);
  }

  /**
   * Wraps {@code model}; wrapping an already wrapped model returns it unchanged, so calls are never
   * traced twice.
   *
   * @throws NullPointerException when an argument is null
   */
  public static EmbeddingModel wrap(EmbeddingModel model, OpenTelemetry openTelemetry) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    if (model instanceof Last9EmbeddingModel) {
      return model;
    }
    return new Last9EmbeddingModel(model, openTelemetry);
  }

  /** The wrapped model. */
  public EmbeddingModel delegate() {
    return delegate;
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request) {
    String model =
        request != null && request.modelName() != null ? request.modelName() : delegate.modelName();
    return traced(
        model,
        () -> delegate.embed(request),
        r -> r == null ? null : new Outcome(r.modelName(), r.tokenUsage(), r.embeddings()));
  }

  @Override
  public EmbeddingResponse doEmbed(EmbeddingRequest request) {
    String model =
        request != null && request.modelName() != null ? request.modelName() : delegate.modelName();
    return traced(
        model,
        () -> delegate.doEmbed(request),
        r -> r == null ? null : new Outcome(r.modelName(), r.tokenUsage(), r.embeddings()));
  }

  @Override
  public Response<Embedding> embed(String text) {
    return traced(
        delegate.modelName(),
        () -> delegate.embed(text),
        r -> r == null ? null : new Outcome(null, r.tokenUsage(), List.of(r.content())));
  }

  @Override
  public Response<Embedding> embed(TextSegment textSegment) {
    return traced(
        delegate.modelName(),
        () -> delegate.embed(textSegment),
        r -> r == null ? null : new Outcome(null, r.tokenUsage(), List.of(r.content())));
  }

  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> textSegments) {
    return traced(
        delegate.modelName(),
        () -> delegate.embedAll(textSegments),
        r -> r == null ? null : new Outcome(null, r.tokenUsage(), r.content()));
  }

  @Override
  public List<EmbeddingModelListener> listeners() {
    return delegate.listeners();
  }

  @Override
  public ModelProvider provider() {
    return delegate.provider();
  }

  @Override
  public EmbeddingRequestParameters defaultRequestParameters() {
    return delegate.defaultRequestParameters();
  }

  @Override
  public Set<EmbeddingParameter<?>> supportedParameters() {
    return delegate.supportedParameters();
  }

  @Override
  public Set<ContentType> supportedContentTypes() {
    return delegate.supportedContentTypes();
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  @Override
  public String modelName() {
    return delegate.modelName();
  }

  @Override
  public String toString() {
    return "Last9EmbeddingModel{" + delegate + '}';
  }

  /** What a finished call reports, whichever API it went through. */
  private record Outcome(String responseModel, TokenUsage usage, List<Embedding> embeddings) {}

  private <R> R traced(String model, Supplier<R> call, Function<R, Outcome> outcome) {
    Span span = start(model);
    R result;
    try (Scope ignored = span.makeCurrent()) {
      result = call.get();
    } catch (RuntimeException | Error e) {
      try {
        GenAiSpans.setError(span, e);
      } finally {
        span.end();
      }
      throw e;
    }
    try {
      finish(span, outcome.apply(result));
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      warnings.warn(
          "langchain4j-embeddings-response",
          Level.WARNING,
          "last9-genai could not read an embedding response; the span may lack usage",
          e);
    } finally {
      span.end();
    }
    return result;
  }

  private Span start(String model) {
    try {
      String requestModel = model == null || "unknown".equals(model) ? null : model;
      SpanBuilder b =
          tracer
              .spanBuilder(GenAiSpans.spanName("embeddings", requestModel))
              .setSpanKind(SpanKind.CLIENT)
              .setAttribute(GenAiAttributes.OPERATION_NAME, "embeddings")
              .setAttribute(GenAiAttributes.L9_SPAN_KIND, "embedding");
      String provider = ProviderNames.of(delegate.provider());
      if (provider != null) {
        b.setAttribute(GenAiAttributes.PROVIDER_NAME, provider);
      }
      if (requestModel != null) {
        b.setAttribute(GenAiAttributes.REQUEST_MODEL, requestModel);
      }
      return b.startSpan();
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      warnings.warn(
          "langchain4j-embeddings-start",
          Level.WARNING,
          "last9-genai could not start an embeddings span; the call is not traced",
          e);
      return Span.getInvalid();
    }
  }

  private static void finish(Span span, Outcome o) {
    if (o == null) {
      return;
    }
    if (o.responseModel() != null && !"unknown".equals(o.responseModel())) {
      span.setAttribute(GenAiAttributes.RESPONSE_MODEL, o.responseModel());
    }
    GenAiSpans.setUsage(span, o.usage());
    List<Embedding> embeddings = o.embeddings();
    if (embeddings != null && !embeddings.isEmpty() && embeddings.get(0) != null) {
      span.setAttribute(
          GenAiAttributes.EMBEDDINGS_DIMENSION_COUNT, (long) embeddings.get(0).dimension());
    }
  }
}
