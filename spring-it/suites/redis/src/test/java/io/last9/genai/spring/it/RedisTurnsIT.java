/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.it;

import static io.last9.genai.spring.it.ChatSpans.TURN;
import static io.last9.genai.spring.it.ChatSpans.chatSpans;
import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.redis.RedisTurnStore;
import io.last9.genai.spring.internal.Last9GenAiAutoConfiguration;
import io.last9.genai.spring.internal.Last9RedisTurnStoreAutoConfiguration;
import io.last9.genai.testing.RedisServer;
import io.last9.genai.turns.TurnStore;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Turns numbered on a real {@code redis-server} from {@code application.yml} alone: the chat
 * service numbers a conversation's requests 1 and 2 through Redis, and another replica on the same
 * Redis continues at 3.
 */
@SpringBootTest(
    classes = ChatTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.ai.openai.api-key=test-key",
      "spring.ai.openai.chat.options.model=gpt-4o",
      "management.tracing.sampling.probability=1.0",
      "last9.genai.web.enabled=true",
      "last9.genai.pricing.models.gpt-4o.input=2.50",
      "last9.genai.pricing.models.gpt-4o.output=10.00",
      "last9.genai.turns.redis.key-prefix=chat-it:",
      // more than the 1 s default: a loaded CI machine, and a fallback turn would be marked
      "last9.genai.turns.redis.timeout=2s"
    })
class RedisTurnsIT extends ChatServiceTestBase {

  static final RedisServer REDIS = start();

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("last9.genai.turns.redis.uri", () -> REDIS.uri() + "/3");
  }

  @AfterAll
  static void stopRedis() {
    REDIS.close();
  }

  @Autowired TurnStore turnStore;

  @Autowired Last9SpanProcessor processor;

  @Test
  void twoRequestsOfOneConversationAreTurnsOneAndTwoThroughRedis() throws Exception {
    assertThat(turnStore).isInstanceOf(RedisTurnStore.class);
    assertThat(processor.turnStore()).isSameAs(turnStore);

    String conversation = "conv-" + UUID.randomUUID();
    post("/chat", conversation, "user-42", "What's the weather in SF?");
    post("/chat", conversation, "user-42", "Will I need an umbrella?");

    List<SpanData> exported = spans.ofConversation(conversation, ExportedSpans.serverSpans(2));
    List<SpanData> servers =
        exported.stream().filter(s -> s.getKind() == SpanKind.SERVER).collect(Collectors.toList());
    assertThat(servers.stream().map(s -> s.getAttributes().get(TURN)).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(1L, 2L);
    assertThat(chatSpans(exported).stream().map(s -> s.getAttributes().get(TURN)))
        .containsExactlyInAnyOrder(1L, 2L);
    // numbered by Redis, not by the fallback
    assertThat(exported)
        .allSatisfy(
            s ->
                assertThat(s.getAttributes().get(GenAiAttributes.TURN_FALLBACK))
                    .as(s.getName())
                    .isNull());

    // another replica on the same Redis and prefix continues the conversation
    try (RedisTurnStore replica =
        RedisTurnStore.builder()
            .uri(REDIS.uri() + "/3")
            .keyPrefix("chat-it:")
            .timeout(Duration.ofSeconds(2))
            .build()) {
      assertThat(replica.next(conversation)).isEqualTo(TurnStore.Turn.of(3));
    }
    // one counter for the conversation, under the configured prefix, in the configured database,
    // with its expiry (beside the store's epoch marker, which tells replicas Redis lost its data)
    RedisClient client = RedisClient.create(REDIS.uri() + "/3");
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      List<String> all = keysMatching(c, "chat-it:*");
      assertThat(all).contains("chat-it:epoch");
      List<String> keys = all.stream().filter(k -> !k.equals("chat-it:epoch")).toList();
      assertThat(keys).hasSize(1);
      assertThat(c.sync().get(keys.get(0))).isEqualTo("3");
      assertThat(c.sync().pttl(keys.get(0))).isPositive();
    } finally {
      client.shutdown();
    }
  }

  @Test
  void theStoreIsConnectedWhileTheContextRunsAndClosedWithIt() {
    AtomicReference<RedisTurnStore> store = new AtomicReference<>();
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                Last9RedisTurnStoreAutoConfiguration.class, Last9GenAiAutoConfiguration.class))
        .withPropertyValues("last9.genai.turns.redis.uri=" + REDIS.uri())
        .run(
            context -> {
              store.set(context.getBean(RedisTurnStore.class));
              assertThat(store.get().isAvailable()).as("connected at start-up").isTrue();
            });
    assertThat(store.get().isAvailable()).as("closed with the context").isFalse();
  }

  private static RedisServer start() {
    try {
      return RedisServer.start();
    } catch (Exception e) {
      throw new IllegalStateException("could not start redis-server", e);
    }
  }

  /**
   * SCAN rather than KEYS: this suite's compiled classes run on every Lettuce the Boot lines bring,
   * and {@code keys} changed its parameter type from {@code K} to {@code String} in Lettuce 7.
   */
  private static List<String> keysMatching(
      StatefulRedisConnection<String, String> c, String pattern) {
    List<String> keys = new ArrayList<>();
    ScanArgs match = ScanArgs.Builder.matches(pattern);
    KeyScanCursor<String> cursor = c.sync().scan(match);
    keys.addAll(cursor.getKeys());
    while (!cursor.isFinished()) {
      cursor = c.sync().scan(cursor, match);
      keys.addAll(cursor.getKeys());
    }
    return keys;
  }
}
