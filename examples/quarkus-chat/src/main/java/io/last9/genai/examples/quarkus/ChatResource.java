/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.examples.quarkus;

import io.last9.genai.WorkflowContext;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.stream.Collectors;

/**
 * The chat endpoints, with no tracing code: the extension makes each request one turn of the
 * conversation its headers name, and prices the model calls.
 */
@Path("/chat")
public class ChatResource {

  @Inject Assistant assistant;

  /** Answers in one call. */
  @POST
  @Blocking
  @Produces(MediaType.TEXT_PLAIN)
  public String chat(@HeaderParam("X-Conversation-Id") String conversation, String message) {
    return assistant.chat(conversation, message);
  }

  /** Plans a trip: a workflow whose model call is streamed, its cost totalled on the workflow. */
  @POST
  @Path("/plan")
  @Blocking
  @Produces(MediaType.TEXT_PLAIN)
  public String plan(@HeaderParam("X-Conversation-Id") String conversation, String message) {
    try (WorkflowContext workflow = WorkflowContext.builder("plan-1").type("trip_plan").start()) {
      return assistant.stream(conversation, message)
          .collect()
          .asList()
          .await()
          .indefinitely()
          .stream()
          .collect(Collectors.joining());
    }
  }
}
