/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import static io.last9.genai.spring.internal.StartupFailures.invalidProperty;
import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.InMemoryTurnStore;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.TurnStore;
import io.last9.genai.redis.RedisTurnStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code last9.genai.turns.redis.*}: which store the processor gets, and start-up failures that
 * name the property. No Redis here (the Boot 4.0 suite numbers turns on a real one): the address
 * refuses connections, and the store numbers locally until it could connect.
 */
class RedisTurnStoreAutoConfigurationTest {

  private static String refused;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  Last9RedisTurnStoreAutoConfiguration.class, Last9GenAiAutoConfiguration.class))
          .withPropertyValues("last9.genai.turns.redis.await-connection=0s");

  @BeforeAll
  static void refusedAddress() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      refused = "redis://127.0.0.1:" + s.getLocalPort() + "/2";
    }
  }

  @Test
  void aRedisUriGivesTheProcessorARedisTurnStore() {
    runner
        .withPropertyValues(
            "last9.genai.turns.redis.uri=" + refused, "last9.genai.turns.redis.key-prefix=shop:")
        .run(
            context -> {
              assertThat(context).hasSingleBean(TurnStore.class);
              RedisTurnStore store = context.getBean(RedisTurnStore.class);
              assertThat(context.getBean(Last9SpanProcessor.class).turnStore()).isSameAs(store);
              assertThat(store.toString())
                  .contains(refused.substring("redis://".length(), refused.lastIndexOf('/')))
                  .contains("prefix=shop:");
              // Redis refuses: numbered in this process, and marked
              assertThat(store.next("c-1")).isEqualTo(TurnStore.Turn.fallback(1));
            });
  }

  @Test
  void withoutAUriTheInMemoryStoreStays() {
    runner.run(
        context ->
            assertThat(context.getBean(TurnStore.class)).isInstanceOf(InMemoryTurnStore.class));
  }

  @Test
  void withoutTheRedisModuleTheUriIsIgnored() {
    runner
        .withClassLoader(new FilteredClassLoader(RedisTurnStore.class))
        .withPropertyValues("last9.genai.turns.redis.uri=" + refused)
        .run(
            context ->
                assertThat(context.getBean(TurnStore.class)).isInstanceOf(InMemoryTurnStore.class));
  }

  @Test
  void theApplicationsTurnStoreWins() {
    TurnStore own = InMemoryTurnStore.create();
    runner
        .withBean(TurnStore.class, () -> own)
        .withPropertyValues("last9.genai.turns.redis.uri=" + refused)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(RedisTurnStore.class);
              assertThat(context.getBean(Last9SpanProcessor.class).turnStore()).isSameAs(own);
            });
  }

  @Test
  void aMalformedUriFailsStartUpNamingThePropertyWithoutThePassword() {
    runner
        .withPropertyValues(
            "last9.genai.turns.redis.uri=redis://app:s3cret@redis.internal:99999999")
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.turns.redis.uri")
                    .hasMessageContaining("redis://app:******@redis.internal")
                    .hasMessageNotContaining("s3cret"));
    runner
        .withPropertyValues("last9.genai.turns.redis.uri=redis.internal:6379")
        .run(
            context ->
                invalidProperty(context).hasMessageContaining("last9.genai.turns.redis.uri"));
    runner
        .withPropertyValues("last9.genai.turns.redis.uri= ")
        .run(
            context ->
                invalidProperty(context).hasMessageContaining("last9.genai.turns.redis.uri"));
  }

  @Test
  void wrongDurationsAndBoundsFailStartUpNamingTheProperty() {
    ApplicationContextRunner r =
        runner.withPropertyValues("last9.genai.turns.redis.uri=" + refused);
    r.withPropertyValues("last9.genai.turns.redis.timeout=0ms")
        .run(
            context ->
                invalidProperty(context).hasMessageContaining("last9.genai.turns.redis.timeout"));
    r.withPropertyValues("last9.genai.turns.redis.retry-interval=-1s")
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.turns.redis.retry-interval"));
    r.withPropertyValues("last9.genai.turns.redis.connect-timeout=0s")
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.turns.redis.connect-timeout"));
    r.withPropertyValues("last9.genai.turns.redis.await-connection=-5ms")
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.turns.redis.await-connection"));
    r.withPropertyValues("last9.genai.turns.redis.idle-expiry=0s")
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.turns.redis.idle-expiry"));
    r.withPropertyValues("last9.genai.turns.redis.max-local-conversations=0")
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.turns.redis.max-local-conversations"));
    r.withPropertyValues("last9.genai.turns.redis.key-prefix=" + "k".repeat(129))
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.turns.redis.key-prefix"));
    // unset, the store takes the in-memory store's bound, and that property is named
    r.withPropertyValues("last9.genai.turns.max-conversations=-3")
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.turns.max-conversations"));
  }

  @Test
  void aUsernameWithoutAPasswordFailsStartUpAndAPasswordIsNeverShown() {
    ApplicationContextRunner r =
        runner.withPropertyValues("last9.genai.turns.redis.uri=" + refused);
    r.withPropertyValues("last9.genai.turns.redis.username=app")
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.turns.redis.username")
                    .hasMessageContaining("last9.genai.turns.redis.password"));
    r.withPropertyValues(
            "last9.genai.turns.redis.username=app", "last9.genai.turns.redis.password=s3cret")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(RedisTurnStore.class));
  }

  @Test
  void aPasswordInTheUriIsMasked() {
    assertThat(RedisTurnStoreFactory.withoutPassword("redis://app:s3cret@host:6379/0"))
        .isEqualTo("redis://app:******@host:6379/0");
    assertThat(RedisTurnStoreFactory.withoutPassword("rediss://:s3cret@host"))
        .isEqualTo("rediss://:******@host");
    assertThat(RedisTurnStoreFactory.withoutPassword("redis://host:6379"))
        .isEqualTo("redis://host:6379");
    assertThat(RedisTurnStoreFactory.withoutPassword("redis://user@host:6379"))
        .isEqualTo("redis://user@host:6379");
  }
}
