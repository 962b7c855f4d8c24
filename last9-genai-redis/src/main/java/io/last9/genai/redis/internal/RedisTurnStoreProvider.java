/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis.internal;

import io.last9.genai.InMemoryTurnStore;
import io.last9.genai.TurnStore;
import io.last9.genai.internal.setup.TurnStoreProvider;
import io.last9.genai.redis.RedisTurnStore;
import io.last9.genai.redis.RedisTurnStoreBuilder;
import io.lettuce.core.RedisURI;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;

/**
 * Numbers turns on Redis under autoconfigure and the Java agent when {@code
 * otel.last9.genai.turns.redis.uri} is set (every property is listed in the module's README);
 * otherwise it leaves the in-memory store in place.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class RedisTurnStoreProvider implements TurnStoreProvider {

  static final String PREFIX = "otel.last9.genai.turns.redis.";

  @Override
  public TurnStore create(ConfigProperties config) {
    String uri = config.getString(PREFIX + "uri");
    if (uri == null || uri.isBlank()) {
      return null;
    }
    RedisTurnStoreBuilder b = RedisTurnStore.builder();
    try {
      b.redisUri(RedisURI.create(uri.trim()));
    } catch (RuntimeException e) {
      throw new ConfigurationException(PREFIX + "uri is not a Redis URI: " + e.getMessage(), e);
    }
    String password = config.getString(PREFIX + "password");
    if (password != null) {
      String username = config.getString(PREFIX + "username");
      if (username == null) {
        b.password(password);
      } else {
        b.credentials(username, password);
      }
    }
    try {
      b.keyPrefix(
          config.getString(PREFIX + "key-prefix", RedisTurnStoreBuilder.DEFAULT_KEY_PREFIX));
      b.expireAfterIdle(
          config.getDuration(
              PREFIX + "idle-expiry",
              config.getDuration(
                  "otel.last9.genai.turns.idle-expiry",
                  InMemoryTurnStore.DEFAULT_EXPIRE_AFTER_IDLE)));
      b.timeout(config.getDuration(PREFIX + "timeout", RedisTurnStoreBuilder.DEFAULT_TIMEOUT));
      b.connectTimeout(
          config.getDuration(
              PREFIX + "connect-timeout", RedisTurnStoreBuilder.DEFAULT_CONNECT_TIMEOUT));
      b.retryInterval(
          config.getDuration(
              PREFIX + "retry-interval", RedisTurnStoreBuilder.DEFAULT_RETRY_INTERVAL));
      b.awaitConnection(
          config.getDuration(
              PREFIX + "await-connection", RedisTurnStoreBuilder.DEFAULT_CONNECT_TIMEOUT));
      b.maximumLocalConversations(
          config.getLong(
              PREFIX + "max-local-conversations",
              config.getLong(
                  "otel.last9.genai.turns.max-conversations",
                  InMemoryTurnStore.DEFAULT_MAXIMUM_CONVERSATIONS)));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(PREFIX + "*: " + e.getMessage(), e);
    }
    return b.build();
  }
}
