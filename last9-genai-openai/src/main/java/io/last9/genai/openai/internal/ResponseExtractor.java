/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseOutputMessage;
import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.observe.UsageExtractor;
import java.util.List;

/**
 * Reads a Responses API {@link Response}: model, id, status as the finish reason, usage with
 * cached-input and reasoning tokens, and the concatenated output text. Registered through {@code
 * META-INF/services}.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ResponseExtractor implements UsageExtractor {

  /** Used by {@link java.util.ServiceLoader}. */
  public ResponseExtractor() {}

  @Override
  public Class<?> responseType() {
    return Response.class;
  }

  @Override
  public ResponseInfo extract(Object response) {
    Response r = (Response) response;
    String status = r._status().asKnown().map(s -> s.asString()).orElse(null);
    return ResponseInfo.builder()
        .provider("openai")
        .responseModel(r._model().asKnown().map(OpenAIUsage::modelName).orElse(null))
        .responseId(r._id().asKnown().orElse(null))
        .finishReasons(status == null ? List.of() : List.of(status))
        .usage(r._usage().asKnown().map(OpenAIUsage::of).orElse(null))
        .outputText(outputText(r))
        .build();
  }

  /** The text of every output message, concatenated; {@code null} when there is none. */
  static String outputText(Response r) {
    StringBuilder sb = null;
    for (ResponseOutputItem item : r._output().asKnown().orElse(List.of())) {
      if (!item.isMessage()) {
        continue;
      }
      for (ResponseOutputMessage.Content content :
          item.asMessage()._content().asKnown().orElse(List.of())) {
        if (content.isOutputText()) {
          if (sb == null) {
            sb = new StringBuilder();
          }
          sb.append(content.asOutputText().text());
        }
      }
    }
    return sb == null ? null : sb.toString();
  }
}
