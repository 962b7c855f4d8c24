/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis.internal;

import io.last9.genai.internal.setup.Settings;
import io.last9.genai.internal.setup.TurnStoreProvider;
import io.last9.genai.redis.RedisTurnStore;
import io.last9.genai.redis.RedisTurnStoreBuilder;
import io.last9.genai.turns.InMemoryTurnStore;
import io.last9.genai.turns.TurnStore;

/**
 * Numbers turns on Redis under autoconfigure and the Java agent when {@code
 * otel.last9.genai.turns.redis.uri} is set (every property is listed in the module's README);
 * otherwise it leaves the in-memory store in place.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class RedisTurnStoreProvider implements TurnStoreProvider {

  private static final String PREFIX = "turns.redis.";

  @Override
  public TurnStore create(Settings s) {
    String uri = s.string(PREFIX + "uri");
    if (uri == null || uri.isBlank()) {
      // an empty value is unset, as everywhere in OpenTelemetry's configuration
      return null;
    }
    RedisTurnStoreBuilder b = RedisTurnStore.builder();
    // every check names the property it read: the messages never show a password, and carry no
    // cause that could
    String current = PREFIX + "uri";
    try {
      RedisUris.parse(uri, s.property(current));
      b.uri(uri);
      String password = s.string(PREFIX + "password");
      String username = s.string(PREFIX + "username");
      if (password != null) {
        if (username == null) {
          b.password(password);
        } else {
          b.credentials(username, password);
        }
      } else if (username != null) {
        current = PREFIX + "username";
        throw new IllegalArgumentException(
            "a username needs " + s.property(PREFIX + "password") + " as well");
      }
      current = PREFIX + "key-prefix";
      b.keyPrefix(
          RedisSettings.keyPrefix(
              s.string(current, RedisTurnStoreBuilder.DEFAULT_KEY_PREFIX), s.property(current)));
      // the Redis store's local part falls back to the in-memory store's settings
      current =
          s.string(PREFIX + "idle-expiry") != null ? PREFIX + "idle-expiry" : "turns.idle-expiry";
      b.expireAfterIdle(
          RedisSettings.expireAfterIdle(
              s.duration(current, InMemoryTurnStore.DEFAULT_EXPIRE_AFTER_IDLE),
              s.property(current)));
      current = PREFIX + "timeout";
      b.timeout(
          RedisSettings.timeout(
              s.duration(current, RedisTurnStoreBuilder.DEFAULT_TIMEOUT), s.property(current)));
      current = PREFIX + "connect-timeout";
      b.connectTimeout(
          RedisSettings.connectTimeout(
              s.duration(current, RedisTurnStoreBuilder.DEFAULT_CONNECT_TIMEOUT),
              s.property(current)));
      current = PREFIX + "retry-interval";
      b.retryInterval(
          RedisSettings.retryInterval(
              s.duration(current, RedisTurnStoreBuilder.DEFAULT_RETRY_INTERVAL),
              s.property(current)));
      current = PREFIX + "await-connection";
      b.awaitConnection(
          RedisSettings.awaitConnection(
              s.duration(current, RedisTurnStoreBuilder.DEFAULT_AWAIT_CONNECTION),
              s.property(current)));
      current =
          s.string(PREFIX + "max-local-conversations") != null
              ? PREFIX + "max-local-conversations"
              : "turns.max-conversations";
      b.maximumLocalConversations(
          RedisSettings.maximumLocalConversations(
              s.longValue(current, InMemoryTurnStore.DEFAULT_MAXIMUM_CONVERSATIONS),
              s.property(current)));
    } catch (IllegalArgumentException e) {
      // a URI is shown without its password; the message and the failure carry no cause
      Object value = current.equals(PREFIX + "uri") ? RedisUris.redact(uri) : s.string(current);
      throw s.refused(current, value, e.getMessage());
    }
    return b.build();
  }
}
