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

  /** The in-memory store's settings, which the Redis store's local part falls back to. */
  static final String CORE_IDLE_EXPIRY = "otel.last9.genai.turns.idle-expiry";

  static final String CORE_MAX_CONVERSATIONS = "otel.last9.genai.turns.max-conversations";

  @Override
  public TurnStore create(ConfigProperties config) {
    String uri = config.getString(PREFIX + "uri");
    if (uri == null || uri.isBlank()) {
      return null;
    }
    RedisTurnStoreBuilder b = RedisTurnStore.builder();
    // every check names the property it read: the messages never show a password, and carry no
    // cause that could
    try {
      RedisUris.parse(uri, PREFIX + "uri");
      b.uri(uri);
      String password = config.getString(PREFIX + "password");
      if (password != null) {
        String username = config.getString(PREFIX + "username");
        if (username == null) {
          b.password(password);
        } else {
          b.credentials(username, password);
        }
      }
      b.keyPrefix(
          RedisSettings.keyPrefix(
              config.getString(PREFIX + "key-prefix", RedisTurnStoreBuilder.DEFAULT_KEY_PREFIX),
              PREFIX + "key-prefix"));
      String idle =
          config.getDuration(PREFIX + "idle-expiry") != null
              ? PREFIX + "idle-expiry"
              : CORE_IDLE_EXPIRY;
      b.expireAfterIdle(
          RedisSettings.expireAfterIdle(
              config.getDuration(idle, InMemoryTurnStore.DEFAULT_EXPIRE_AFTER_IDLE), idle));
      b.timeout(
          RedisSettings.timeout(
              config.getDuration(PREFIX + "timeout", RedisTurnStoreBuilder.DEFAULT_TIMEOUT),
              PREFIX + "timeout"));
      b.connectTimeout(
          RedisSettings.connectTimeout(
              config.getDuration(
                  PREFIX + "connect-timeout", RedisTurnStoreBuilder.DEFAULT_CONNECT_TIMEOUT),
              PREFIX + "connect-timeout"));
      b.retryInterval(
          RedisSettings.retryInterval(
              config.getDuration(
                  PREFIX + "retry-interval", RedisTurnStoreBuilder.DEFAULT_RETRY_INTERVAL),
              PREFIX + "retry-interval"));
      b.awaitConnection(
          RedisSettings.awaitConnection(
              config.getDuration(
                  PREFIX + "await-connection", RedisTurnStoreBuilder.DEFAULT_AWAIT_CONNECTION),
              PREFIX + "await-connection"));
      String max =
          config.getLong(PREFIX + "max-local-conversations") != null
              ? PREFIX + "max-local-conversations"
              : CORE_MAX_CONVERSATIONS;
      b.maximumLocalConversations(
          RedisSettings.maximumLocalConversations(
              config.getLong(max, InMemoryTurnStore.DEFAULT_MAXIMUM_CONVERSATIONS), max));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage());
    }
    return b.build();
  }
}
