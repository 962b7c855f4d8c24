/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.it;

import static io.last9.genai.spring.it.ChatSpans.TURN;
import static io.last9.genai.spring.it.ChatSpans.assertNoConversation;
import static io.last9.genai.spring.it.ChatSpans.assertPriced;
import static io.last9.genai.spring.it.ChatSpans.chatSpans;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.server.WebFilter;

/**
 * The same WebFlux application without {@code last9.genai.web.enabled}: request headers come from
 * outside the process, so nothing is read from them unless the application asks.
 */
@ReactiveChatServiceTest
@TestPropertySource(properties = {"spring.reactor.context-propagation=auto"})
class ReactiveHeadersOffByDefaultIT extends ChatServiceTestBase {

  @Autowired ApplicationContext context;

  @Test
  void theConversationHeadersAreIgnoredAndTheChatSpanIsStillPriced() throws Exception {
    String tag = "off-" + UUID.randomUUID();
    post("/chat/" + tag, "conv-" + UUID.randomUUID(), "user-off", "Hello");

    List<SpanData> trace = spans.ofRequest(tag, s -> !chatSpans(s).isEmpty());
    assertThat(chatSpans(trace)).hasSize(1);
    assertNoConversation(trace);
    assertThat(trace)
        .allSatisfy(s -> assertThat(s.getAttributes().get(TURN)).as(s.getName()).isNull());
    assertPriced(chatSpans(trace).get(0));
    // the request filter is there (a request is one turn), and reads no header by default
    assertThat(context.getBeansOfType(WebFilter.class).values())
        .filteredOn(f -> f.getClass().getName().startsWith("io.last9."))
        .hasSize(1);
  }
}
