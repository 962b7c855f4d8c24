/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.ConversationContext;
import io.last9.genai.internal.RequestFrame;
import io.last9.genai.internal.RequestHeaders;
import io.last9.genai.internal.ScopeHandle;
import io.last9.genai.internal.Throwables;
import io.opentelemetry.context.Context;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes a servlet request one turn of one conversation. It opens the request's {@link RequestFrame}
 * (when one turn per request is on) and, when headers are read, a one-turn {@link
 * ConversationContext} from them inside it. Ordered before Boot's server observation filter and
 * OpenTelemetry's server filter (by default), so the server span is part of the request too. Async
 * re-dispatches of the same request are not filtered again, so they do not take a second turn; the
 * frame of a request that went async (a streamed answer) lets go of its waiting spans when the
 * request completes.
 */
final class ConversationRequestFilter extends OncePerRequestFilter implements Ordered {

  /** Reads ids from the headers; null when headers are not read. */
  private final RequestHeaders headers;

  private final boolean oneTurnPerRequest;
  private final int order;

  ConversationRequestFilter(RequestHeaders headers, boolean oneTurnPerRequest, int order) {
    this.headers = headers;
    this.oneTurnPerRequest = oneTurnPerRequest;
    this.order = order;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    ConversationContext.Builder scope = null;
    String user = null;
    if (headers != null) {
      user = headers.validUserId(header(request, headers.userHeader()));
      scope = headers.scopeFor(header(request, headers.conversationHeader()), user);
    }
    RequestFrame frame = oneTurnPerRequest ? new RequestFrame(user) : null;
    ScopeHandle inFrame =
        frame == null ? null : ScopeHandle.open(frame.storeIn(Context.current()), "request");
    try {
      if (scope == null) {
        chain.doFilter(request, response);
      } else {
        try (ConversationContext conversation = scope.start()) {
          chain.doFilter(request, response);
        }
      }
    } finally {
      if (inFrame != null) {
        inFrame.close();
        closeWhenDone(request, frame);
      }
    }
  }

  private static String header(HttpServletRequest request, String name) {
    return name == null ? null : request.getHeader(name);
  }

  /** Closes the frame now, or when an async request (a streamed answer) completes. */
  private static void closeWhenDone(HttpServletRequest request, RequestFrame frame) {
    try {
      if (request.isAsyncStarted()) {
        request.getAsyncContext().addListener(new FrameCloser(frame));
        return;
      }
    } catch (Throwable t) {
      // a container that refuses the listener: the waiting spans go now
      Throwables.rethrowIfFatal(t);
    }
    frame.close();
  }

  @Override
  public int getOrder() {
    return order;
  }

  /** Closes a request's frame when its async processing ends, however it ends. */
  private static final class FrameCloser implements AsyncListener {
    private final RequestFrame frame;

    FrameCloser(RequestFrame frame) {
      this.frame = frame;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      frame.close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      frame.close();
    }

    @Override
    public void onError(AsyncEvent event) {
      frame.close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      // a new async cycle of the same request: it is still open
      event.getAsyncContext().addListener(this);
    }
  }
}
