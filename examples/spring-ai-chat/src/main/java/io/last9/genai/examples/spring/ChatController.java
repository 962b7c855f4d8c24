/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.examples.spring;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The chat endpoint: no tracing code at all; the starter's filter reads the conversation from the
 * headers.
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
}
