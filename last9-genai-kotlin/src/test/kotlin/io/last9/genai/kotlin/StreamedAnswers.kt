/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.kotlin

import dev.langchain4j.model.chat.StreamingChatModel
import dev.langchain4j.model.chat.response.ChatResponse
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.callbackFlow

/**
 * A LangChain4j streamed answer as a Flow of its parts, the way a Kotlin application wraps the
 * model's callback handler: the call starts when the flow is collected, in the collector's context.
 */
fun StreamingChatModel.stream(question: String): Flow<String> = callbackFlow {
  chat(
    question,
    object : StreamingChatResponseHandler {
      override fun onPartialResponse(partialResponse: String) {
        trySend(partialResponse)
      }

      override fun onCompleteResponse(completeResponse: ChatResponse) {
        close()
      }

      override fun onError(error: Throwable) {
        close(error)
      }
    },
  )
  awaitClose()
}
