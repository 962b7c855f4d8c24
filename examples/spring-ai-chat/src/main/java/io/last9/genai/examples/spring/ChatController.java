/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.examples.spring;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * The chat endpoints, answered whole or streamed: no tracing code at all; the starter's filter
 * reads the conversation from the headers.
 */
@RestController
class ChatController {

  private final ChatClient chat;

  ChatController(ChatClient.Builder builder) {
    this.chat = builder.defaultSystem("You are a concise weather assistant.").build();
  }

  @PostMapping("/chat")
  String chat(@RequestBody String message) {
    return chat.prompt().user(message).call().content();
  }

  /** The same answer streamed to the client as server-sent events, as a chat UI reads it. */
  @PostMapping(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<String> stream(@RequestBody String message) {
    return chat.prompt().user(message).stream().content();
  }
}
