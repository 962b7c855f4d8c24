/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.examples.quarkus;

import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import io.quarkiverse.langchain4j.RegisterAiService;
import io.smallrye.mutiny.Multi;

/** The sample's AI service: a travel assistant with one chat memory per conversation. */
@RegisterAiService
@SystemMessage("You are a concise travel assistant.")
public interface Assistant {

  /** One answer. */
  String chat(@MemoryId String conversation, @UserMessage String message);

  /** One answer, streamed. */
  Multi<String> stream(@MemoryId String conversation, @UserMessage String message);
}
