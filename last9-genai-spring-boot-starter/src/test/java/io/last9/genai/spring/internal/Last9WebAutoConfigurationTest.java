/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.ContextSnapshot;
import io.last9.genai.ConversationContext;
import io.last9.genai.internal.RequestFrame;
import io.last9.genai.spring.Last9GenAiProperties;
import io.opentelemetry.context.Context;
import jakarta.servlet.FilterChain;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** When the servlet request filter is registered, and what a request sees through it. */
class Last9WebAutoConfigurationTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(Last9GenAiProperties.class)
  static class Properties {}

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withUserConfiguration(Properties.class)
          .withConfiguration(AutoConfigurations.of(Last9WebAutoConfiguration.class));

  /** What the application sees inside one request through {@code filter}. */
  private static List<String> seenInRequest(
      ConversationRequestFilter filter, MockHttpServletRequest request) throws Exception {
    List<String> seen = new ArrayList<>();
    FilterChain chain =
        (req, res) -> {
          seen.add("header conversation=" + ContextSnapshot.current().conversationId());
          try (ConversationContext c = ConversationContext.builder("app-conv").start()) {
            seen.add("user=" + ContextSnapshot.current().userId());
          }
          seen.add("request conversation=" + RequestFrame.conversationIn(Context.current()));
        };
    filter.doFilter(request, new MockHttpServletResponse(), chain);
    assertThat(ContextSnapshot.current().isEmpty()).isTrue();
    return seen;
  }

  private static MockHttpServletRequest withHeaders() {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/chat");
    request.addHeader("X-Conversation-Id", "header-conv");
    request.addHeader("X-User-Id", "u-1");
    return request;
  }

  @Test
  void byDefaultARequestIsOneTurnAndNoHeaderIsRead() {
    runner.run(
        context -> {
          ConversationRequestFilter filter = context.getBean(ConversationRequestFilter.class);
          assertThat(seenInRequest(filter, withHeaders()))
              .containsExactly(
                  "header conversation=Optional.empty",
                  "user=Optional.empty",
                  "request conversation=app-conv");
        });
  }

  @Test
  void withHeadersTheHeaderConversationBindsTheRequestAndLendsItsUser() {
    runner
        .withPropertyValues("last9.genai.web.enabled=true")
        .run(
            context -> {
              ConversationRequestFilter filter = context.getBean(ConversationRequestFilter.class);
              MockHttpServletRequest onlyUser = new MockHttpServletRequest("POST", "/chat");
              onlyUser.addHeader("X-User-Id", "u-2");
              assertThat(seenInRequest(filter, onlyUser))
                  .containsExactly(
                      "header conversation=Optional.empty",
                      "user=Optional[u-2]",
                      "request conversation=app-conv");
              assertThat(seenInRequest(filter, withHeaders()))
                  .containsExactly(
                      "header conversation=Optional[header-conv]",
                      "user=Optional.empty",
                      "request conversation=header-conv");
            });
  }

  @Test
  void withBothOffNoFilterIsRegistered() {
    runner
        .withPropertyValues("last9.genai.web.one-turn-per-request=false")
        .run(context -> assertThat(context).doesNotHaveBean(ConversationRequestFilter.class));
  }

  @Test
  void headersWithoutOneTurnPerRequestOpenOnlyTheHeaderConversation() {
    runner
        .withPropertyValues(
            "last9.genai.web.enabled=true", "last9.genai.web.one-turn-per-request=false")
        .run(
            context -> {
              ConversationRequestFilter filter = context.getBean(ConversationRequestFilter.class);
              MockHttpServletRequest noConversation = new MockHttpServletRequest("POST", "/chat");
              assertThat(seenInRequest(filter, noConversation))
                  .containsExactly(
                      "header conversation=Optional.empty",
                      "user=Optional.empty",
                      "request conversation=null");
            });
  }

  @Test
  void theStarterSwitchedOffRegistersNoFilter() {
    runner
        .withPropertyValues("last9.genai.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(ConversationRequestFilter.class));
  }
}
