/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.it;

import io.last9.genai.WorkflowContext;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.stream.Collectors;

/** The endpoints of the chat service: each request is one user message. */
@Path("/chat")
public class ChatResource {

  @Inject Assistant assistant;

  /** Answers in one call. */
  @POST
  @Blocking
  @Produces(MediaType.TEXT_PLAIN)
  public String chat(@QueryParam("memory") String memory, String message) {
    return assistant.chat(memory, message);
  }

  /** Answers without a memory id. */
  @POST
  @Path("/anonymous")
  @Blocking
  @Produces(MediaType.TEXT_PLAIN)
  public String anonymous(String message) {
    return assistant.answer(message);
  }

  /**
   * Answers inside a workflow ("research"), reading the model's answer as a stream: the workflow
   * span totals the cost of the model call in it.
   */
  @POST
  @Path("/research")
  @Blocking
  @Produces(MediaType.TEXT_PLAIN)
  public String research(@QueryParam("memory") String memory, String message) {
    try (WorkflowContext workflow =
        WorkflowContext.builder("research-1").type("research").start()) {
      return assistant.stream(memory, message).collect().asList().await().indefinitely().stream()
          .collect(Collectors.joining());
    }
  }

  /** Streams the answer to the client as server-sent events. */
  @POST
  @Path("/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<String> stream(@QueryParam("memory") String memory, String message) {
    return assistant.stream(memory, message);
  }
}
