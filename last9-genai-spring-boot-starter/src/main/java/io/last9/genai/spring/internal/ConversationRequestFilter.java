/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.ConversationContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Opens a one-turn {@link ConversationContext} per servlet request from its headers. Ordered before
 * Boot's server observation filter and OpenTelemetry's server filter (by default), so the server
 * span carries the ids and the turn too. Async re-dispatches of the same request are not filtered
 * again, so they do not take a second turn.
 */
final class ConversationHeaderFilter extends OncePerRequestFilter implements Ordered {

  private final ConversationHeaders headers;
  private final int order;

  ConversationHeaderFilter(ConversationHeaders headers, int order) {
    this.headers = headers;
    this.order = order;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    ConversationContext.Builder scope =
        headers.scopeFor(
            request.getHeader(headers.conversationHeader()),
            headers.userHeader() == null ? null : request.getHeader(headers.userHeader()));
    if (scope == null) {
      chain.doFilter(request, response);
      return;
    }
    try (ConversationContext conversation = scope.start()) {
      chain.doFilter(request, response);
    }
  }

  @Override
  public int getOrder() {
    return order;
  }
}
