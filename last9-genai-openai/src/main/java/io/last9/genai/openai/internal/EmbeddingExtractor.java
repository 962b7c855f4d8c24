/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import com.openai.models.embeddings.CreateEmbeddingResponse;
import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.observe.UsageExtractor;
import io.last9.genai.pricing.Usage;

/**
 * Reads an Embeddings {@link CreateEmbeddingResponse}: model and input tokens (embeddings have no
 * output tokens). Registered through {@code META-INF/services}.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class EmbeddingExtractor implements UsageExtractor {

  /** Used by {@link java.util.ServiceLoader}. */
  public EmbeddingExtractor() {}

  @Override
  public Class<?> responseType() {
    return CreateEmbeddingResponse.class;
  }

  @Override
  public ResponseInfo extract(Object response) {
    CreateEmbeddingResponse r = (CreateEmbeddingResponse) response;
    Usage usage =
        r._usage()
            .asKnown()
            .flatMap(u -> u._promptTokens().asKnown())
            .map(t -> Usage.of(t, 0))
            .orElse(null);
    return ResponseInfo.builder()
        .provider("openai")
        .responseModel(r._model().asKnown().orElse(null))
        .usage(usage)
        .build();
  }
}
