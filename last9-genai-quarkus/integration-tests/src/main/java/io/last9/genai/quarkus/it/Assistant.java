/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.it;

import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import io.quarkiverse.langchain4j.RegisterAiService;
import io.smallrye.mutiny.Multi;

/** The AI service under test: one chat memory per memory id. */
@RegisterAiService
public interface Assistant {

  /** One answer. */
  String chat(@MemoryId String memoryId, @UserMessage String message);

  /** One answer, with no memory id. */
  String answer(@UserMessage String message);

  /** One answer, streamed. */
  Multi<String> stream(@MemoryId String memoryId, @UserMessage String message);
}
