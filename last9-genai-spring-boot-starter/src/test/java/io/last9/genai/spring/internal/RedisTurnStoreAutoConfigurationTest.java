/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import static io.last9.genai.spring.internal.StartupFailures.invalidProperty;
import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.redis.RedisTurnStore;
import io.last9.genai.redis.RedisTurnStoreBuilder;
import io.last9.genai.redis.internal.RedisUris;
import io.last9.genai.spring.Last9GenAiProperties;
import io.last9.genai.turns.InMemoryTurnStore;
import io.last9.genai.turns.TurnStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    assertThat(RedisUris.redact("redis://app:s3cret@host:6379/0"))
        .isEqualTo("redis://app:******@host:6379/0");
    assertThat(RedisUris.redact("rediss://:s3cret@host")).isEqualTo("rediss://******@host");
    assertThat(RedisUris.redact("redis://host:6379")).isEqualTo("redis://host:6379");
    // without a ':', Lettuce reads the user-info as the password
    assertThat(RedisUris.redact("redis://s3cret@host:6379")).isEqualTo("redis://******@host:6379");
    assertThat(RedisUris.redact("redis://host:6379/0?password=s3cret"))
        .isEqualTo("redis://host:6379/0?******");
  }

  /** Malformed around their password: Lettuce's own parse errors quote the whole URI. */
  private static final List<String> MALFORMED_URIS =
      List.of(
          "redis://app:Zq7 hunter2@redis.internal:6379",
          "redis://app:Zq7%zzhunter2@redis.internal:6379",
          "redis://:Zq7-hunter2@[::1",
          "redis://app:Zq7-hunter2@redis.internal:notaport",
          "Zq7-hunter2",
          "app:Zq7-hunter2@redis.internal:6379",
          "http://app:Zq7-hunter2@redis.internal",
          "redis://app:Zq7-hunter2@redis.internal:6379/notadb",
          "redis-sentinel://:Zq7-hunter2@h1:26379,h2:x/0#primary",
          "redis://redis.internal:notaport/0?password=Zq7-hunter2",
          "redis://app:Zq7@hunter2@redis.internal:x");

  @Test
  void noStartUpFailureOrCauseShowsThePasswordOfAMalformedUri() {
    for (String uri : MALFORMED_URIS) {
      runner
          .withPropertyValues("last9.genai.turns.redis.uri=" + uri)
          .run(
              context -> {
                invalidProperty(context).hasMessageContaining("last9.genai.turns.redis.uri");
                StringWriter trace = new StringWriter();
                context.getStartupFailure().printStackTrace(new PrintWriter(trace));
                assertThat(trace.toString())
                    .as(uri)
                    .doesNotContain("Zq7")
                    .doesNotContain("hunter2");
                for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                  assertThat(String.valueOf(t.getMessage()))
                      .as(uri)
                      .doesNotContain("Zq7")
                      .doesNotContain("hunter2");
                }
              });
    }
  }

  @Test
  void aPortThatIsNotANumberFailsStartUpNamingTheUri() {
    runner
        .withPropertyValues("last9.genai.turns.redis.uri=redis://redis.internal:notaport")
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.turns.redis.uri")
                    .hasMessageContaining("the port is not a number"));
  }

  @Test
  void outOfRangeValuesNameTheirPropertyNotABuilderMethod() {
    ApplicationContextRunner r =
        runner.withPropertyValues("last9.genai.turns.redis.uri=" + refused);
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("last9.genai.turns.redis.timeout", "2m");
    bad.put("last9.genai.turns.redis.connect-timeout", "2h");
    bad.put("last9.genai.turns.redis.retry-interval", "3h");
    bad.put("last9.genai.turns.redis.await-connection", "5m");
    bad.put("last9.genai.turns.redis.idle-expiry", "100000d");
    bad.put("last9.genai.turns.redis.max-local-conversations", "0");
    // with Redis set, the in-memory store's settings feed the local part: named as themselves
    bad.put("last9.genai.turns.idle-expiry", "0ms");
    bad.put("last9.genai.turns.max-conversations", "-3");
    bad.forEach(
        (property, value) ->
            r.withPropertyValues(property + "=" + value)
                .run(
                    context ->
                        invalidProperty(context)
                            .satisfies(
                                e ->
                                    assertThat(e.getMessage())
                                        .as(property)
                                        .contains("Property " + property + " ")
                                        .contains(": " + property + " must be ")
                                        .doesNotContain("expireAfterIdle")
                                        .doesNotContain("maximumLocalConversations")
                                        .doesNotContain("connectTimeout")
                                        .doesNotContain("retryInterval")
                                        .doesNotContain("awaitConnection"))));
  }

  @Test
  void theDefaultsAreTheStoresOwn() {
    Last9GenAiProperties.Redis defaults = new Last9GenAiProperties().getTurns().getRedis();
    assertThat(defaults.getTimeout()).isEqualTo(RedisTurnStoreBuilder.DEFAULT_TIMEOUT);
    assertThat(defaults.getConnectTimeout())
        .isEqualTo(RedisTurnStoreBuilder.DEFAULT_CONNECT_TIMEOUT);
    assertThat(defaults.getAwaitConnection())
        .isEqualTo(RedisTurnStoreBuilder.DEFAULT_AWAIT_CONNECTION);
    assertThat(defaults.getRetryInterval()).isEqualTo(RedisTurnStoreBuilder.DEFAULT_RETRY_INTERVAL);
    assertThat(defaults.getKeyPrefix()).isEqualTo(RedisTurnStoreBuilder.DEFAULT_KEY_PREFIX);
  }
}
