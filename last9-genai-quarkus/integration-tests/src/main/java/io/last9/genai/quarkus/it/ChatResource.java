/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.it;

import io.last9.genai.ConversationContext;
import io.last9.genai.WorkflowContext;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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

  /**
   * Answers on a worker thread the request hops to through Mutiny, inside a conversation the
   * endpoint opened on the event loop and closed before the hop ran.
   */
  @POST
  @Path("/hop")
  @Produces(MediaType.TEXT_PLAIN)
  public Uni<String> hop(@QueryParam("memory") String memory, String message) {
    try (ConversationContext conversation =
        ConversationContext.builder("hop-conversation").userId("carol").start()) {
      return Uni.createFrom()
          .item(message)
          .emitOn(Infrastructure.getDefaultWorkerPool())
          .map(m -> assistant.chat(memory, m));
    }
  }

  /**
   * Streams the answer to the client as server-sent events from inside a workflow ("handed-on"),
   * which closes when this method returns, before the client has read the answer.
   */
  @POST
  @Path("/stream-workflow")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<String> streamWorkflow(@QueryParam("memory") String memory, String message) {
    try (WorkflowContext workflow =
        WorkflowContext.builder("handed-on-1").type("handed-on").start()) {
      return assistant.stream(memory, message);
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
