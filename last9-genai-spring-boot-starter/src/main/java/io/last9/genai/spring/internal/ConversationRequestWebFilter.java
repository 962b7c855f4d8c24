/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.ContextSnapshot;
import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.internal.RequestFrame;
import io.last9.genai.internal.RequestHeaders;
import io.last9.genai.internal.ScopeHandle;
import io.opentelemetry.api.trace.Span;
import java.util.OptionalLong;
import java.util.function.Function;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Makes a WebFlux request one turn of one conversation: it opens the request's {@link RequestFrame}
 * (when one turn per request is on) and, when headers are read, a one-turn {@link
 * ConversationContext} from them inside it. Both are current while the rest of the chain is
 * subscribed, which is where a handler starts its work; the {@link ReactorScopeCarrier} puts them
 * in the request's Reactor context too, so work that runs later on other threads (a blocking call
 * moved to {@code Schedulers.boundedElastic()}, Spring AI's streaming calls) still carries them.
 *
 * <p>Spring's WebFlux server observation starts before any filter runs, so its span cannot take
 * part in the request's frame: when {@code serverSpan} finds it, it gets the ids and the turn of
 * the conversation the request was bound to once the request completes.
 */
final class ConversationRequestWebFilter implements WebFilter, Ordered {

  /** Reads ids from the headers; null when headers are not read. */
  private final RequestHeaders headers;

  private final boolean oneTurnPerRequest;
  private final int order;
  private final Function<ServerWebExchange, Span> serverSpan;
  private final ReactorScopeCarrier carrier;

  ConversationRequestWebFilter(
      RequestHeaders headers,
      boolean oneTurnPerRequest,
      int order,
      Function<ServerWebExchange, Span> serverSpan,
      ReactorScopeCarrier carrier) {
    this.headers = headers;
    this.oneTurnPerRequest = oneTurnPerRequest;
    this.order = order;
    this.serverSpan = serverSpan;
    this.carrier = carrier;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ConversationContext.Builder scope = null;
    String user = null;
    if (headers != null) {
      HttpHeaders h = exchange.getRequest().getHeaders();
      user =
          headers.userHeader() == null
              ? null
              : headers.validUserId(h.getFirst(headers.userHeader()));
      scope = headers.scopeFor(h.getFirst(headers.conversationHeader()), user);
    }
    if (scope == null && !oneTurnPerRequest) {
      return chain.filter(exchange);
    }
    ConversationContext.Builder conversationScope = scope;
    // the request's own frame: the conversation opened first in the request binds it, the header's
    // included
    RequestFrame frame = new RequestFrame(user);
    Span server = serverSpan.apply(exchange);
    // without a frame, the header conversation as the chain saw it: the server span's ids and turn
    ContextSnapshot[] header = new ContextSnapshot[1];
    Mono<Void> inRequest =
        Mono.from(
            subscriber -> {
              ContextView request =
                  subscriber instanceof CoreSubscriber
                      ? ((CoreSubscriber<?>) subscriber).currentContext()
                      : Context.empty();
              try (ReactorScopeCarrier.AutoCloseableScope parent = carrier.enter(request);
                  ScopeHandle inFrame =
                      oneTurnPerRequest
                          ? ScopeHandle.open(
                              frame.storeIn(io.opentelemetry.context.Context.current()), "request")
                          : null;
                  ConversationContext conversation =
                      conversationScope == null ? null : conversationScope.start()) {
                if (conversation != null) {
                  header[0] = ContextSnapshot.current();
                }
                chain.filter(exchange).contextWrite(carrier.carried()).subscribe(subscriber);
              }
            });
    // before the signal travels on: Spring ends the server span when the completion reaches it
    return inRequest
        .doOnTerminate(() -> finish(server, frame, header[0]))
        .doOnCancel(() -> finish(server, frame, header[0]));
  }

  /**
   * The server span gets the request's conversation (the one it was bound to, else the header's),
   * and the frame lets go of waiting spans.
   */
  private static void finish(Span server, RequestFrame frame, ContextSnapshot header) {
    try {
      if (server == null || !server.isRecording()) {
        return;
      }
      RequestFrame.Binding request = frame.binding();
      if (request != null) {
        server.setAllAttributes(request.stamp());
        if (request.slot() != null && request.slot().assigned() > 0) {
          server.setAttribute(GenAiAttributes.CONVERSATION_TURN, request.slot().assigned());
        }
      } else if (header != null) {
        header
            .conversationId()
            .ifPresent(id -> server.setAttribute(GenAiAttributes.CONVERSATION_ID, id));
        header.userId().ifPresent(user -> server.setAttribute(GenAiAttributes.USER_ID, user));
        OptionalLong turn = header.turn();
        if (turn.isPresent()) {
          server.setAttribute(GenAiAttributes.CONVERSATION_TURN, turn.getAsLong());
        }
      }
    } finally {
      frame.close();
    }
  }

  @Override
  public int getOrder() {
    return order;
  }
}
