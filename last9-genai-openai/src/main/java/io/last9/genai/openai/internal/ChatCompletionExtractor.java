/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import com.openai.models.chat.completions.ChatCompletion;
import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.observe.UsageExtractor;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Chat Completions {@link ChatCompletion}: model, id, finish reasons, usage with
 * cached-input and reasoning tokens, and the text of the first choice. Registered through {@code
 * META-INF/services}.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ChatCompletionExtractor implements UsageExtractor {

  /** Used by {@link java.util.ServiceLoader}. */
  public ChatCompletionExtractor() {}

  @Override
  public Class<?> responseType() {
    return ChatCompletion.class;
  }

  @Override
  public ResponseInfo extract(Object response) {
    ChatCompletion c = (ChatCompletion) response;
    List<ChatCompletion.Choice> choices = c._choices().asKnown().orElse(List.of());
    List<String> finishReasons = new ArrayList<>(choices.size());
    String text = null;
    for (ChatCompletion.Choice choice : choices) {
      choice._finishReason().asKnown().ifPresent(r -> finishReasons.add(r.asString()));
      if (text == null) {
        text = choice._message().asKnown().flatMap(m -> m.content()).orElse(null);
      }
    }
    return ResponseInfo.builder()
        .provider("openai")
        .responseModel(c._model().asKnown().orElse(null))
        .responseId(c._id().asKnown().orElse(null))
        .finishReasons(finishReasons)
        .usage(c.usage().map(OpenAIUsage::of).orElse(null))
        .outputText(text)
        .build();
  }
}
