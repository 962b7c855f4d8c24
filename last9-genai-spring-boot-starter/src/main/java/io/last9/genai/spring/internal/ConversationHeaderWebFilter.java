/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.ContextSnapshot;
import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
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
 * Opens a one-turn {@link ConversationContext} per WebFlux request from its headers. The scope is
 * current while the rest of the chain is subscribed, which is where a handler starts its work; the
 * {@link ReactorScopeCarrier} puts it in the request's Reactor context too, so work that runs later
 * on other threads (a blocking call moved to {@code Schedulers.boundedElastic()}, Spring AI's
 * streaming calls) still carries it.
 *
 * <p>Spring's WebFlux server observation starts before any filter runs, so its span cannot inherit
 * the scope; when {@code serverSpan} finds it, the ids are set on it directly, and the turn once
 * the request completes.
 */
final class ConversationHeaderWebFilter implements WebFilter, Ordered {

  private final ConversationHeaders headers;
  private final int order;
  private final Function<ServerWebExchange, Span> serverSpan;
  private final ReactorScopeCarrier carrier;

  ConversationHeaderWebFilter(
      ConversationHeaders headers,
      int order,
      Function<ServerWebExchange, Span> serverSpan,
      ReactorScopeCarrier carrier) {
    this.headers = headers;
    this.order = order;
    this.serverSpan = serverSpan;
    this.carrier = carrier;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    HttpHeaders h = exchange.getRequest().getHeaders();
    ConversationContext.Builder scope =
        headers.scopeFor(
            h.getFirst(headers.conversationHeader()),
            headers.userHeader() == null ? null : h.getFirst(headers.userHeader()));
    if (scope == null) {
      return chain.filter(exchange);
    }
    Span server = serverSpan.apply(exchange);
    ContextSnapshot[] snapshot = new ContextSnapshot[1];
    Mono<Void> scoped =
        Mono.from(
            subscriber -> {
              ContextView request =
                  subscriber instanceof CoreSubscriber
                      ? ((CoreSubscriber<?>) subscriber).currentContext()
                      : Context.empty();
              try (ReactorScopeCarrier.AutoCloseableScope parent = carrier.enter(request);
                  ConversationContext conversation = scope.start()) {
                snapshot[0] = ContextSnapshot.current();
                stampIds(server, conversation);
                chain.filter(exchange).contextWrite(carrier.carried()).subscribe(subscriber);
              }
            });
    if (server == null) {
      return scoped;
    }
    // before the signal travels on: Spring ends the server span when the completion reaches it
    return scoped
        .doOnTerminate(() -> stampTurn(server, snapshot[0]))
        .doOnCancel(() -> stampTurn(server, snapshot[0]));
  }

  private static void stampIds(Span server, ConversationContext conversation) {
    if (server != null && server.isRecording()) {
      server.setAttribute(GenAiAttributes.CONVERSATION_ID, conversation.conversationId());
      conversation.userId().ifPresent(user -> server.setAttribute(GenAiAttributes.USER_ID, user));
    }
  }

  private static void stampTurn(Span server, ContextSnapshot snapshot) {
    if (snapshot == null || !server.isRecording()) {
      return;
    }
    OptionalLong turn = snapshot.turn();
    if (turn.isPresent()) {
      server.setAttribute(GenAiAttributes.CONVERSATION_TURN, turn.getAsLong());
    }
  }

  @Override
  public int getOrder() {
    return order;
  }
}
