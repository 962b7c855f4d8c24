/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.internal;

import io.last9.genai.internal.RequestFrame;
import io.last9.genai.internal.RequestHeaders;
import io.last9.genai.internal.ScopeState;
import io.last9.genai.internal.Throwables;
import io.last9.genai.internal.setup.Settings;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes an HTTP request one turn of one conversation, as the Spring starter's request filter does:
 * a Vert.x route filter, run before every REST endpoint and route, that opens the request's {@link
 * RequestFrame} (with {@code web.one-turn-per-request}, on by default) and, with {@code
 * web.enabled}, a one-turn conversation from the request's headers inside it.
 *
 * <p>Quarkus keeps the current OpenTelemetry context in the request's Vert.x (duplicated) context,
 * so what the filter makes current is current for the rest of the request, on the event loop and on
 * the worker thread a blocking endpoint runs on, and in the streams it returns. The filter restores
 * the previous context when the response ends.
 *
 * <p>The server span starts before any route filter (Vert.x's tracer starts it), so it waits for
 * the request's conversation: when the first conversation opened in the request binds it (the
 * headers, a scope in the endpoint, a chat-memory id), the server span gets its ids and turn.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@Singleton
public class RequestConversationFilter {

  private static final Logger logger = Logger.getLogger(RequestConversationFilter.class.getName());

  /** Before Quarkus's own filters (CORS is 300): the whole request is in the frame. */
  static final int DEFAULT_PRIORITY = 10_000;

  private final boolean oneTurnPerRequest;

  /** Null when headers are not read. */
  private final RequestHeaders headers;

  private final int priority;

  RequestConversationFilter(QuarkusSettings quarkusSettings) {
    Settings s = quarkusSettings.settings();
    boolean enabled = s.flag("enabled", true);
    this.oneTurnPerRequest = enabled && s.flag("web.one-turn-per-request", true);
    if (enabled && s.flag("web.enabled", false)) {
      long max = s.longValue("web.max-header-length", 128);
      if (max < 1) {
        throw s.invalid("web.max-header-length", max, "it must be at least 1");
      }
      this.headers =
          new RequestHeaders(
              s.string("web.conversation-id-header", "X-Conversation-Id"),
              s.string("web.user-id-header", "X-User-Id"),
              (int) Math.min(max, Integer.MAX_VALUE),
              s.property("web.max-header-length"));
    } else {
      this.headers = null;
    }
    this.priority = (int) s.longValue("web.order", DEFAULT_PRIORITY);
  }

  void register(@Observes Filters filters) {
    if (oneTurnPerRequest || headers != null) {
      filters.register(this::handle, priority);
    }
  }

  private void handle(RoutingContext rc) {
    Scope scope = null;
    RequestFrame frame = null;
    try {
      Context current = Context.current();
      String user = null;
      String conversation = null;
      if (headers != null) {
        user = headers.valid(rc.request().getHeader(headers.userHeader()), "user id");
        conversation =
            headers.valid(rc.request().getHeader(headers.conversationHeader()), "conversation id");
      }
      Context ctx = current;
      if (oneTurnPerRequest) {
        frame = new RequestFrame(user);
        ctx = frame.storeIn(ctx);
        Span server = Span.fromContext(current);
        if (server instanceof ReadWriteSpan && ctx != current) {
          // started before this filter: it takes the request's ids once they are known
          frame.bindingOrWait((ReadWriteSpan) server);
        }
      }
      if (conversation != null) {
        ctx =
            ScopeState.conversation(
                    ScopeState.fromContext(ctx), conversation, user, 0, true, Map.of(), false)
                .storeIn(ctx);
      }
      if (ctx != current) {
        scope = ctx.makeCurrent();
        Scope opened = scope;
        RequestFrame openedFrame = frame;
        rc.addEndHandler(done -> end(opened, openedFrame));
      }
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      logger.log(Level.WARNING, "last9-genai could not open the request's conversation", t);
      end(scope, frame);
    }
    rc.next();
  }

  private static void end(Scope scope, RequestFrame frame) {
    try {
      if (scope != null) {
        scope.close();
      }
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
    } finally {
      if (frame != null) {
        frame.close();
      }
    }
  }
}
