/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.internal.RequestHeaders;
import io.last9.genai.spring.Last9GenAiProperties;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.Span;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ConfigurationCondition.ConfigurationPhase;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * Per-request conversations. A servlet or WebFlux request is one turn of the first conversation
 * opened in it (on by default). Conversation scopes from request headers are off by default ({@code
 * last9.genai.web.enabled=true} turns them on): the ids come from outside the process.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "last9.genai", name = "enabled", matchIfMissing = true)
public class Last9WebAutoConfiguration {

  /**
   * Servlet applications (Spring MVC and any other servlet stack): each request is one turn of one
   * conversation, and, when headers are read, the conversation may come from them.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = Type.SERVLET)
  @ConditionalOnClass(
      name = {"jakarta.servlet.Filter", "org.springframework.web.filter.OncePerRequestFilter"})
  static class Servlet {
    @Bean
    @ConditionalOnMissingBean(ConversationRequestFilter.class)
    @Conditional(RequestFilterNeeded.class)
    ConversationRequestFilter last9ConversationRequestFilter(Last9GenAiProperties properties) {
      Last9GenAiProperties.Web web = properties.getWeb();
      return new ConversationRequestFilter(
          web.isEnabled() ? requestHeaders(web) : null, web.isOneTurnPerRequest(), web.getOrder());
    }
  }

  /** The request filter has a job: headers are read, or a request is one turn (the default). */
  static final class RequestFilterNeeded extends AnyNestedCondition {
    RequestFilterNeeded() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty(prefix = "last9.genai.web", name = "enabled", havingValue = "true")
    static final class HeadersRead {}

    @ConditionalOnProperty(
        prefix = "last9.genai.web",
        name = "one-turn-per-request",
        havingValue = "true",
        matchIfMissing = true)
    static final class OneTurnPerRequest {}
  }

  /** WebFlux applications: the same, through the request's Reactor context. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = Type.REACTIVE)
  @Conditional(RequestFilterNeeded.class)
  @ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
  static class Reactive {
    @Bean
    @ConditionalOnMissingBean(ConversationRequestWebFilter.class)
    ConversationRequestWebFilter last9ConversationRequestWebFilter(
        Last9GenAiProperties properties, ObjectProvider<ReactorScopeCarrier> carrier) {
      Last9GenAiProperties.Web web = properties.getWeb();
      return new ConversationRequestWebFilter(
          web.isEnabled() ? requestHeaders(web) : null,
          web.isOneTurnPerRequest(),
          web.getOrder(),
          serverSpanFinder(),
          carrier.getIfAvailable(() -> ReactorScopeCarrier.NONE));
    }

    /**
     * Micrometer's observations: the request's scope travels in the Reactor context in the server
     * observation's place.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
        name = {
          "io.micrometer.observation.ObservationRegistry",
          "io.micrometer.context.ThreadLocalAccessor"
        })
    static class Observations {
      @Bean
      @ConditionalOnMissingBean(ReactorScopeCarrier.class)
      ReactorScopeCarrier last9ReactorScopeCarrier(ObjectProvider<ObservationRegistry> registry) {
        ObservationRegistry r = registry.getIfUnique();
        return r == null ? ReactorScopeCarrier.NONE : new ObservationReactorScopeCarrier(r);
      }
    }

    private static Function<ServerWebExchange, Span> serverSpanFinder() {
      ClassLoader cl = Reactive.class.getClassLoader();
      if (ClassUtils.isPresent("io.micrometer.tracing.otel.bridge.OtelSpan", cl)
          && ClassUtils.isPresent(
              "org.springframework.http.server.reactive.observation.ServerRequestObservationContext",
              cl)) {
        return ReactiveServerSpans::fromObservation;
      }
      return exchange -> null;
    }
  }

  /** The request headers {@code web} names, checked as every set-up checks them. */
  static RequestHeaders requestHeaders(Last9GenAiProperties.Web web) {
    return new RequestHeaders(
        web.getConversationIdHeader(),
        web.getUserIdHeader(),
        web.getMaxHeaderLength(),
        "last9.genai.web.max-header-length");
  }
}
