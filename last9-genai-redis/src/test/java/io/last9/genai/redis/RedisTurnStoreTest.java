/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.TurnStore;
import io.last9.genai.redis.internal.CircuitBreaker;
import io.last9.genai.redis.internal.LocalTurns;
import io.last9.genai.redis.internal.RedisTurnStoreProvider;
import io.last9.genai.redis.internal.TurnKeys;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StaticCredentialsProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What needs no Redis server: the fallback, the bounds, the key scheme and the configuration. */
class RedisTurnStoreTest {

  /** A loopback port nothing listens on: connections are refused at once. */
  private static String refusingUri() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "redis://127.0.0.1:" + s.getLocalPort();
    }
  }

  @Test
  void withoutRedisTurnsAreNumberedLocallyAndMarked() throws IOException {
    try (RedisTurnStore store = RedisTurnStore.builder().uri(refusingUri()).build()) {
      assertThat(store.isAvailable()).isFalse();
      assertThat(store.next("a")).isEqualTo(TurnStore.Turn.fallback(1));
      assertThat(store.next("a")).isEqualTo(TurnStore.Turn.fallback(2));
      assertThat(store.next("b")).isEqualTo(TurnStore.Turn.fallback(1));
      assertThat(store.nextTurn("a")).isEqualTo(3);
      assertThat(store.localConversations()).isEqualTo(2);
      assertThat(store.toString())
          .contains("127.0.0.1")
          .contains("available=false")
          .doesNotContain("password");
    }
  }

  @Test
  void closingTwiceIsHarmlessAndTurnsStillGetANumber() throws IOException {
    RedisTurnStore store =
        RedisTurnStore.builder().uri(refusingUri()).awaitConnection(Duration.ZERO).build();
    store.close();
    store.close();
    assertThat(store.next("a").fallback()).isTrue();
  }

  @Test
  void keysAreThePrefixAndA22CharacterHashOfTheId() {
    // computed independently: base64url(sha256(utf8(id))[0:16]) without padding
    assertThat(TurnKeys.key("l9:turn:", "user_123_session_456"))
        .isEqualTo("l9:turn:LfqjNlkUVtRa_AxjesCEeQ");
    assertThat(TurnKeys.key("p:", "x".repeat(100_000))).hasSize(2 + 22);
    assertThat(TurnKeys.key("p:", "a")).isNotEqualTo(TurnKeys.key("p:", "b"));
  }

  @Test
  void localNumberingContinuesFromTheHighestNumberSeenAndIsBounded() {
    LocalTurns local = new LocalTurns(100, Duration.ofHours(1));
    local.observe("k", 7);
    local.observe("k", 5);
    assertThat(local.highest("k")).isEqualTo(7);
    assertThat(local.next("k")).isEqualTo(8);
    assertThat(local.highest("unknown")).isZero();
    for (int i = 0; i < 1_000; i++) {
      local.next("conversation-" + i);
    }
    assertThat(local.size()).isLessThanOrEqualTo(100);
  }

  @Test
  void theBreakerOpensAfterThreeFailuresAndLetsOneProbeThroughPerInterval() {
    CircuitBreaker breaker = new CircuitBreaker(3, 1_000);
    long t = 0;
    assertThat(breaker.onFailure(t)).isFalse();
    assertThat(breaker.onFailure(t)).isFalse();
    assertThat(breaker.allowRequest(t)).isTrue();
    assertThat(breaker.onFailure(t)).isTrue();
    assertThat(breaker.isOpen()).isTrue();
    assertThat(breaker.allowRequest(t + 999)).isFalse();
    assertThat(breaker.allowRequest(t + 1_000)).isTrue();
    assertThat(breaker.allowRequest(t + 1_000)).as("a second probe at the same time").isFalse();
    breaker.onFailure(t + 1_010);
    assertThat(breaker.allowRequest(t + 1_500)).isFalse();
    assertThat(breaker.allowRequest(t + 2_010)).isTrue();
    assertThat(breaker.onSuccess()).isTrue();
    assertThat(breaker.isOpen()).isFalse();
    assertThat(breaker.allowRequest(t + 2_011)).isTrue();
    // a success resets the count: two more failures do not open it
    breaker.onFailure(t + 3_000);
    breaker.onFailure(t + 3_000);
    assertThat(breaker.isOpen()).isFalse();
  }

  @Test
  void theBuilderRejectsBadSettingsNamingThem() {
    assertThatThrownBy(() -> RedisTurnStore.builder().build()).hasMessageContaining("uri");
    assertThatThrownBy(() -> RedisTurnStore.builder().uri(" ")).hasMessageContaining("uri");
    assertThatThrownBy(() -> RedisTurnStore.builder().uri("http://example"))
        .hasMessageContaining("uri");
    assertThatThrownBy(() -> RedisTurnStore.builder().timeout(Duration.ZERO))
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> RedisTurnStore.builder().expireAfterIdle(Duration.ofNanos(10)))
        .hasMessageContaining("expireAfterIdle");
    assertThatThrownBy(() -> RedisTurnStore.builder().maximumLocalConversations(0))
        .hasMessageContaining("maximumLocalConversations");
    assertThatThrownBy(() -> RedisTurnStore.builder().keyPrefix("p".repeat(200)))
        .hasMessageContaining("keyPrefix");
  }

  @Test
  void aGivenRedisUriIsCopiedWithItsSentinelsAndCredentials() {
    RedisURI given = RedisURI.create("redis-sentinel://127.0.0.1:26379,127.0.0.1:26380/2#primary");
    given.setCredentialsProvider(new StaticCredentialsProvider("turns", "s3cret".toCharArray()));
    RedisURI copy = RedisTurnStore.builder().redisUri(given).redisUri();
    assertThat(copy).isNotSameAs(given);
    assertThat(copy.getSentinels()).extracting(RedisURI::getPort).containsExactly(26379, 26380);
    assertThat(copy.getSentinelMasterId()).isEqualTo("primary");
    assertThat(copy.getDatabase()).isEqualTo(2);
    RedisCredentials credentials = copy.getCredentialsProvider().resolveCredentials().block();
    assertThat(credentials.getUsername()).isEqualTo("turns");
    assertThat(credentials.getPassword()).containsExactly("s3cret".toCharArray());
  }

  @Test
  void givenCredentialsReplaceTheUrisOnEitherFormOfUri() {
    RedisCredentials user =
        RedisTurnStore.builder()
            .uri("redis://old:in-uri@127.0.0.1:6379/0")
            .credentials("turns", "s3cret")
            .redisUri()
            .getCredentialsProvider()
            .resolveCredentials()
            .block();
    assertThat(user.getUsername()).isEqualTo("turns");
    assertThat(user.getPassword()).containsExactly("s3cret".toCharArray());

    RedisCredentials defaultUser =
        RedisTurnStore.builder()
            .redisUri(RedisURI.create("redis://127.0.0.1:6379/0"))
            .password("only-a-password")
            .redisUri()
            .getCredentialsProvider()
            .resolveCredentials()
            .block();
    assertThat(defaultUser.getUsername()).isNull();
    assertThat(defaultUser.getPassword()).containsExactly("only-a-password".toCharArray());

    assertThatThrownBy(() -> RedisTurnStore.builder().credentials("turns", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theProviderIsConfiguredOnlyByItsUriAndNamesBadProperties() throws IOException {
    RedisTurnStoreProvider provider = new RedisTurnStoreProvider();
    assertThat(provider.create(DefaultConfigProperties.createFromMap(Map.of()))).isNull();
    assertThatThrownBy(
            () ->
                provider.create(
                    DefaultConfigProperties.createFromMap(
                        Map.of("otel.last9.genai.turns.redis.uri", "not a uri"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("otel.last9.genai.turns.redis.uri");
    assertThatThrownBy(
            () ->
                provider.create(
                    DefaultConfigProperties.createFromMap(
                        Map.of(
                            "otel.last9.genai.turns.redis.uri",
                            refusingUri(),
                            "otel.last9.genai.turns.redis.timeout",
                            "0ms"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("timeout");
    TurnStore store =
        provider.create(
            DefaultConfigProperties.createFromMap(
                Map.of(
                    "otel.last9.genai.turns.redis.uri",
                    refusingUri(),
                    "otel.last9.genai.turns.redis.password",
                    "s3cret",
                    "otel.last9.genai.turns.redis.await-connection",
                    "0s")));
    try {
      assertThat(store).isInstanceOf(RedisTurnStore.class);
      assertThat(store.toString()).doesNotContain("s3cret");
      assertThat(store.next("a").fallback()).isTrue();
    } finally {
      ((RedisTurnStore) store).close();
    }
  }
}
