/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import com.openai.services.async.ResponseServiceAsync;
import com.openai.services.async.chat.ChatCompletionServiceAsync;
import com.openai.services.blocking.ResponseService;
import com.openai.services.blocking.chat.ChatCompletionService;

/**
 * What one wrapping layer does to the services of an openai-java client: each method returns the
 * service to use in place of the one it is given (that same one to leave it alone). {@link
 * LayeredClients} walks the client to its services and asks the layer at each.
 */
interface ClientLayer {

  /** {@code client.chat().completions()}. */
  default ChatCompletionService chatCompletions(ChatCompletionService service) {
    return service;
  }

  /** {@code client.responses()}. */
  default ResponseService responses(ResponseService service) {
    return service;
  }

  /** {@code client.async().responses()}. */
  default ResponseServiceAsync responsesAsync(ResponseServiceAsync service) {
    return service;
  }

  /** {@code client.async().chat().completions()}. */
  default ChatCompletionServiceAsync chatCompletionsAsync(ChatCompletionServiceAsync service) {
    return service;
  }
}
