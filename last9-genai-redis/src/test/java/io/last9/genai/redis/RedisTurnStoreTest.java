/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.last9.genai.internal.setup.Settings;
import io.last9.genai.redis.internal.CircuitBreaker;
import io.last9.genai.redis.internal.LocalTurns;
import io.last9.genai.redis.internal.RedisTurnStoreProvider;
import io.last9.genai.redis.internal.TurnKeys;
import io.last9.genai.turns.TurnStore;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StaticCredentialsProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
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
  void aConnectionLettuceRefusesBeforeAnyIoIsReportedWithItsCause() throws IOException {
    // a Unix socket needs Netty's native transport, which is not on this class path: Lettuce
    // throws from connectAsync itself, as it does when it was built for another Netty
    try (CapturedLogs logs = CapturedLogs.start();
        RedisTurnStore store =
            RedisTurnStore.builder().uri("redis-socket:///tmp/last9-no-such.sock").build()) {
      assertThat(store.next("a")).isEqualTo(TurnStore.Turn.fallback(1));
      assertThat(store.next("a")).isEqualTo(TurnStore.Turn.fallback(2));
      assertThat(logs.text())
          .contains("cannot connect to the Redis turn store")
          .contains("IllegalStateException: A unix domain socket connection requires epoll");
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

  /**
   * The password of every URI below; each URI is malformed around it (a space or {@code %zz} in it,
   * an unclosed {@code [}, a port that is not a number, no scheme, ...). Lettuce's parse errors
   * quote the whole URI.
   */
  private static final String PASSWORD = "Zq7-hunter2";

  private static final List<String> MALFORMED_URIS =
      List.of(
          "redis://app:Zq7 hunter2@redis.internal:6379",
          "redis://app:Zq7%zzhunter2@redis.internal:6379",
          "redis://:Zq7-hunter2@[::1",
          "redis://app:Zq7-hunter2@redis.internal:notaport",
          "Zq7-hunter2",
          "app:Zq7-hunter2@redis.internal:6379",
          "redis//app:Zq7-hunter2@redis.internal",
          "http://app:Zq7-hunter2@redis.internal",
          "redis://app:Zq7-hunter2@redis.internal:99999999",
          "redis://app:Zq7-hunter2@redis.internal:6379/notadb",
          "redis://app:Zq7-hunter2@",
          "redis-sentinel://:Zq7-hunter2@h1:26379,h2:x/0#primary",
          "redis://redis.internal:notaport/0?password=Zq7-hunter2",
          "redis://app:Zq7@hunter2@redis.internal:x",
          "redis://app:Zq7 hunter2@[::1]:x",
          "\tredis://app:Zq7%hunter2@redis.internal ",
          "rediss://app:Zq7#hunter2@redis.internal:6379",
          "redis://Zq7-hunter2@:6379");

  @Test
  void noErrorCauseOrLogLineShowsThePasswordOfAMalformedUri() throws IOException {
    try (CapturedLogs logs = CapturedLogs.start()) {
      for (String uri : MALFORMED_URIS) {
        Throwable builder = catchThrowable(() -> RedisTurnStore.builder().uri(uri));
        assertThat(builder).as(uri).isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.getMessage()).as(uri).startsWith("uri ");
        assertShowsNoPassword(builder, uri);

        Throwable provider =
            catchThrowable(
                () ->
                    new RedisTurnStoreProvider()
                        .create(config(Map.of("otel.last9.genai.turns.redis.uri", uri))));
        assertThat(provider).as(uri).isInstanceOf(ConfigurationException.class);
        assertThat(provider.getMessage()).as(uri).startsWith("otel.last9.genai.turns.redis.uri ");
        assertShowsNoPassword(provider, uri);
      }
      // well-formed, with the password in the user-info and in the query: Lettuce connects (the
      // port refuses), logs at every level, and the store logs its fallback
      String refusing = refusingUri();
      for (String uri :
          List.of(
              refusing.replace("redis://", "redis://app:" + PASSWORD + "@"),
              refusing + "/0?password=" + PASSWORD)) {
        try (RedisTurnStore store = RedisTurnStore.builder().uri(uri).build()) {
          assertThat(store.next("a").fallback()).isTrue();
          assertThat(store.toString()).doesNotContain("Zq7").doesNotContain("hunter2");
        }
      }
      assertThat(logs.size()).as("Lettuce and the store logged").isGreaterThan(3);
      assertThat(logs.text()).doesNotContain("Zq7").doesNotContain("hunter2");
    }
  }

  private static void assertShowsNoPassword(Throwable error, String uri) {
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    // the whole cause chain, suppressed exceptions included, with every message
    for (Throwable t = error; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage()))
          .as(uri)
          .doesNotContain("Zq7")
          .doesNotContain("hunter2");
      assertThat(t.getSuppressed()).isEmpty();
    }
    assertThat(trace.toString()).as(uri).doesNotContain("Zq7").doesNotContain("hunter2");
  }

  @Test
  void aPortThatIsNotANumberFailsConfigurationNamingTheSetting() {
    for (String uri :
        List.of(
            "redis://redis.internal:notaport",
            "rediss://redis.internal:12ab",
            "redis://[::1]:x",
            "redis://redis.internal:-1",
            "redis://redis.internal:6379:6380")) {
      // Lettuce rejects some itself ("Illegal character in port number"), the store the others
      assertThatThrownBy(() -> RedisTurnStore.builder().uri(uri))
          .as(uri)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("uri is not a Redis URI (")
          .hasMessageContaining("port");
      assertThatThrownBy(
              () ->
                  new RedisTurnStoreProvider()
                      .create(config(Map.of("otel.last9.genai.turns.redis.uri", uri))))
          .as(uri)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageStartingWith("otel.last9.genai.turns.redis.uri is not a Redis URI (")
          .hasMessageContaining("port");
    }
    // a RedisURI built in code is checked the same way
    assertThatThrownBy(
            () -> RedisTurnStore.builder().redisUri(RedisURI.create("redis://redis.internal:x")))
        .hasMessageStartingWith("redisUri ");
    // and the valid forms still pass
    for (String uri :
        List.of(
            "redis://redis.internal",
            "redis://redis.internal:6380/2",
            "redis://[::1]:6379",
            "rediss://app:pw@redis.internal:6379",
            "redis-sentinel://h1:26379,h2:26380/0#primary",
            "redis-socket:///tmp/redis.sock")) {
      assertThat(RedisTurnStore.builder().uri(uri).redisUri()).as(uri).isNotNull();
    }
  }

  @Test
  void outOfRangeSettingsNameTheirPropertyNotABuilderMethod() throws IOException {
    String uri = refusingUri();
    Map<String, String> bad = new HashMap<>();
    bad.put("otel.last9.genai.turns.redis.timeout", "0ms");
    bad.put("otel.last9.genai.turns.redis.connect-timeout", "2h");
    bad.put("otel.last9.genai.turns.redis.retry-interval", "3h");
    bad.put("otel.last9.genai.turns.redis.await-connection", "5m");
    bad.put("otel.last9.genai.turns.redis.idle-expiry", "100000d");
    bad.put("otel.last9.genai.turns.redis.max-local-conversations", "0");
    bad.put("otel.last9.genai.turns.redis.key-prefix", "k".repeat(129));
    // with Redis set, the in-memory store's settings feed the local part: named as themselves
    bad.put("otel.last9.genai.turns.idle-expiry", "0ms");
    bad.put("otel.last9.genai.turns.max-conversations", "-3");
    for (Map.Entry<String, String> setting : bad.entrySet()) {
      Map<String, String> properties = new HashMap<>();
      properties.put("otel.last9.genai.turns.redis.uri", uri);
      properties.put("otel.last9.genai.turns.redis.await-connection", "0s");
      properties.put(setting.getKey(), setting.getValue());
      Throwable error =
          catchThrowable(() -> new RedisTurnStoreProvider().create(config(properties)));
      assertThat(error).as(setting.getKey()).isInstanceOf(ConfigurationException.class);
      assertThat(error.getMessage())
          .as(setting.getKey())
          .startsWith(setting.getKey() + " must be ")
          .doesNotContain("expireAfterIdle")
          .doesNotContain("maximumLocalConversations")
          .doesNotContain("connectTimeout")
          .doesNotContain("retryInterval")
          .doesNotContain("awaitConnection")
          .doesNotContain("keyPrefix")
          .doesNotContain("*");
    }
  }

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    assertThat(RedisTurnStoreBuilder.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(1));
    assertThat(RedisTurnStoreBuilder.DEFAULT_CONNECT_TIMEOUT).isEqualTo(Duration.ofSeconds(10));
    assertThat(RedisTurnStoreBuilder.DEFAULT_AWAIT_CONNECTION).isEqualTo(Duration.ofSeconds(1));
    assertThat(RedisTurnStoreBuilder.DEFAULT_RETRY_INTERVAL).isEqualTo(Duration.ofSeconds(1));
    assertThat(RedisTurnStoreBuilder.DEFAULT_KEY_PREFIX).isEqualTo("l9:turn:");
    RedisTurnStoreBuilder b = RedisTurnStore.builder();
    assertThat(b.timeout).isEqualTo(RedisTurnStoreBuilder.DEFAULT_TIMEOUT);
    assertThat(b.connectTimeout).isEqualTo(RedisTurnStoreBuilder.DEFAULT_CONNECT_TIMEOUT);
    assertThat(b.awaitConnection).isEqualTo(RedisTurnStoreBuilder.DEFAULT_AWAIT_CONNECTION);
    assertThat(b.retryInterval).isEqualTo(RedisTurnStoreBuilder.DEFAULT_RETRY_INTERVAL);
  }

  @Test
  void aCommandOutlivesTheTimeoutSoThatALateAnswerStillArrives() {
    assertThat(RedisTurnStore.commandExpiry(Duration.ofMillis(50)))
        .isEqualTo(Duration.ofMillis(1050));
    assertThat(RedisTurnStore.commandExpiry(RedisTurnStoreBuilder.DEFAULT_TIMEOUT))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(RedisTurnStore.commandExpiry(Duration.ofSeconds(5)))
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aHashedLongIdAndTheLiteralIdOfItsDigestAreTwoConversations() throws Exception {
    String longId = "c".repeat(300);
    String hex =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(longId.getBytes(StandardCharsets.UTF_8)));
    List<String> literals = List.of("sha256:" + hex, "#sha256:" + hex, "##sha256:" + hex);
    for (String literal : literals) {
      assertThat(TurnKeys.key("l9:turn:", literal))
          .as(literal)
          .isNotEqualTo(TurnKeys.key("l9:turn:", longId));
    }
    try (RedisTurnStore store =
        RedisTurnStore.builder().uri(refusingUri()).awaitConnection(Duration.ZERO).build()) {
      assertThat(store.next(longId).number()).isEqualTo(1);
      for (String literal : literals) {
        assertThat(store.next(literal).number()).as(literal).isEqualTo(1);
      }
      assertThat(store.next(longId).number()).isEqualTo(2);
    }
  }

  private static Settings config(Map<String, String> properties) {
    return Settings.of(DefaultConfigProperties.createFromMap(properties));
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
    assertThat(provider.create(config(Map.of()))).isNull();
    assertThatThrownBy(
            () -> provider.create(config(Map.of("otel.last9.genai.turns.redis.uri", "not a uri"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("otel.last9.genai.turns.redis.uri");
    assertThatThrownBy(
            () ->
                provider.create(
                    config(
                        Map.of(
                            "otel.last9.genai.turns.redis.uri",
                            refusingUri(),
                            "otel.last9.genai.turns.redis.timeout",
                            "0ms"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("timeout");
    TurnStore store =
        provider.create(
            config(
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
