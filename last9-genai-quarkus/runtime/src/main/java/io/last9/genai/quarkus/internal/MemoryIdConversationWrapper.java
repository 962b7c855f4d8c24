/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.internal;

import io.last9.genai.ConversationContext;
import io.last9.genai.internal.ControlCharacters;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.RequestFrame;
import io.last9.genai.internal.Throwables;
import io.opentelemetry.context.Context;
import io.quarkiverse.langchain4j.runtime.aiservice.AiServiceMethodCreateInfo;
import io.quarkiverse.langchain4j.runtime.aiservice.AiServiceMethodImplementationSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import java.lang.reflect.Field;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes a quarkus-langchain4j AI service call with a chat-memory id ({@code @MemoryId}) one turn of
 * the conversation of that id, when the application named none. The rule when both are known: the
 * application's conversation wins. A call made inside a conversation (a {@link
 * ConversationContext}, the request's headers, or the conversation the request is already bound to)
 * keeps that conversation and its user, whatever its memory id; so one trace never holds two
 * conversation ids.
 *
 * <p>It wraps the whole call, outside quarkus-langchain4j's own span (so the AI service span, the
 * model spans and the tool spans are all in the conversation). A call that returns a {@link Multi}
 * or a {@link Uni} runs its model call when it is subscribed: the conversation is made current
 * again for that subscription, with the same turn.
 *
 * <p>quarkus-langchain4j hands a wrapper the call's arguments in fields it does not make public;
 * they are read by reflection once looked up. If a release renames them, memory ids are not used
 * (one warning) and everything else works.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@Singleton
@Priority(MemoryIdConversationWrapper.PRIORITY)
public class MemoryIdConversationWrapper implements AiServiceMethodImplementationSupport.Wrapper {

  /**
   * quarkus-langchain4j applies the wrappers in order of descending priority, the last one
   * outermost; its own (spans, metrics) have none, that is 0.
   */
  static final int PRIORITY = -1_000;

  /** The longest memory id taken as a conversation id, as for a request header. */
  static final int MAX_ID_LENGTH = 256;

  private static final Logger logger =
      Logger.getLogger(MemoryIdConversationWrapper.class.getName());
  private final OnceLogger warnings = new OnceLogger(logger);

  private static final Field CREATE_INFO = field("createInfo");
  private static final Field METHOD_ARGS = field("methodArgs");

  private final boolean enabled;

  MemoryIdConversationWrapper(QuarkusSettings settings) {
    this.enabled =
        settings.settings().flag("enabled", true)
            && settings.settings().flag("langchain4j.memory-id-conversation", true);
  }

  private static Field field(String name) {
    try {
      Field f = AiServiceMethodImplementationSupport.Input.class.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      return null;
    }
  }

  @Override
  public Object wrap(
      AiServiceMethodImplementationSupport.Input input,
      Function<AiServiceMethodImplementationSupport.Input, Object> fun) {
    ConversationContext.Builder scope = enabled ? scopeFor(input) : null;
    if (scope == null) {
      return fun.apply(input);
    }
    Object result;
    Context inScope;
    try (ConversationContext conversation = scope.start()) {
      inScope = Context.current();
      result = fun.apply(input);
    }
    if (result instanceof Multi) {
      return subscribedIn((Multi<?>) result, inScope);
    }
    if (result instanceof Uni) {
      return subscribedIn((Uni<?>) result, inScope);
    }
    return result;
  }

  private static <T> Multi<T> subscribedIn(Multi<T> multi, Context context) {
    return new ContextSubscribingMulti<>(multi, context);
  }

  private static <T> Uni<T> subscribedIn(Uni<T> uni, Context context) {
    return new ContextSubscribingUni<>(uni, context);
  }

  /** The conversation of the call's memory id, or null when it has none or one is open. */
  private ConversationContext.Builder scopeFor(AiServiceMethodImplementationSupport.Input input) {
    try {
      // the application's conversation (a scope, or the one the request is bound to) wins
      if (RequestFrame.conversationIn(Context.current()) != null) {
        return null;
      }
      String id = memoryId(input);
      if (id == null) {
        return null;
      }
      return ConversationContext.builder(id).singleTurn();
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "memory-id", Level.WARNING, "last9-genai could not read an AI service's memory id", t);
      return null;
    }
  }

  private String memoryId(AiServiceMethodImplementationSupport.Input input) throws Exception {
    if (CREATE_INFO == null || METHOD_ARGS == null) {
      warnings.warn(
          "memory-id-fields",
          Level.WARNING,
          "This quarkus-langchain4j release does not let last9-genai read an AI service's memory"
              + " id; AI service calls get a conversation only from scopes the application opens",
          null);
      return null;
    }
    AiServiceMethodCreateInfo info = (AiServiceMethodCreateInfo) CREATE_INFO.get(input);
    Object[] args = (Object[]) METHOD_ARGS.get(input);
    Optional<Integer> position = info == null ? Optional.empty() : info.getMemoryIdParamPosition();
    if (position.isEmpty() || args == null || position.get() >= args.length) {
      return null;
    }
    Object memoryId = args[position.get()];
    if (memoryId == null) {
      return null;
    }
    String id = String.valueOf(memoryId).trim();
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH || ControlCharacters.containsAny(id)) {
      return null;
    }
    return id;
  }
}
