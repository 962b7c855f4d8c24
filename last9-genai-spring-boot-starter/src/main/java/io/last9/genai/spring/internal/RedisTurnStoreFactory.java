/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.redis.RedisTurnStore;
import io.last9.genai.redis.RedisTurnStoreBuilder;
import io.last9.genai.spring.Last9GenAiProperties;
import io.lettuce.core.RedisURI;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Builds the Redis turn store from {@code last9.genai.turns.redis.*}. A wrong value fails start-up
 * naming the property; a password is never shown, neither its own property nor the one inside the
 * URI.
 */
final class RedisTurnStoreFactory {

  static final String PREFIX = ProcessorFactory.PREFIX + "turns.redis.";

  private RedisTurnStoreFactory() {}

  static RedisTurnStore build(Last9GenAiProperties.Turns turns) {
    Last9GenAiProperties.Redis r = turns.getRedis();
    RedisTurnStoreBuilder b = RedisTurnStore.builder();
    b.redisUri(uri(r));
    if (r.getPassword() != null) {
      if (r.getUsername() == null) {
        b.password(r.getPassword());
      } else {
        b.credentials(r.getUsername(), r.getPassword());
      }
    }
    PropertyChecks.set(PREFIX + "key-prefix", r.getKeyPrefix(), b::keyPrefix);
    PropertyChecks.set(PREFIX + "timeout", r.getTimeout(), b::timeout);
    if (r.getIdleExpiry() != null) {
      PropertyChecks.set(PREFIX + "idle-expiry", r.getIdleExpiry(), b::expireAfterIdle);
    } else {
      PropertyChecks.set(
          ProcessorFactory.PREFIX + "turns.idle-expiry", turns.getIdleExpiry(), b::expireAfterIdle);
    }
    PropertyChecks.set(PREFIX + "retry-interval", r.getRetryInterval(), b::retryInterval);
    PropertyChecks.set(PREFIX + "connect-timeout", r.getConnectTimeout(), b::connectTimeout);
    PropertyChecks.set(PREFIX + "await-connection", r.getAwaitConnection(), b::awaitConnection);
    if (r.getMaxLocalConversations() != null) {
      PropertyChecks.set(
          PREFIX + "max-local-conversations",
          r.getMaxLocalConversations(),
          b::maximumLocalConversations);
    } else {
      PropertyChecks.set(
          ProcessorFactory.PREFIX + "turns.max-conversations",
          turns.getMaxConversations(),
          b::maximumLocalConversations);
    }
    return b.build();
  }

  private static RedisURI uri(Last9GenAiProperties.Redis r) {
    String text = r.getUri();
    if (text == null || text.isBlank()) {
      throw new InvalidConfigurationPropertyValueException(
          PREFIX + "uri", text, "it is blank; leave it unset for the in-memory turn store");
    }
    RedisURI uri;
    try {
      uri = RedisURI.create(text.trim());
    } catch (RuntimeException e) {
      String shown = withoutPassword(text);
      throw new InvalidConfigurationPropertyValueException(
          PREFIX + "uri",
          shown,
          "not a Redis URI: redis://[user:password@]host[:port][/database], rediss://... for TLS or "
              + "redis-sentinel://... ("
              + String.valueOf(e.getMessage()).replace(text.trim(), shown)
              + ")");
    }
    if (r.getPassword() == null && r.getUsername() != null) {
      throw new InvalidConfigurationPropertyValueException(
          PREFIX + "username", r.getUsername(), "a username needs " + PREFIX + "password as well");
    }
    return uri;
  }

  /** The URI with the password of its user-info masked. */
  static String withoutPassword(String uri) {
    int scheme = uri.indexOf("://");
    int at = uri.lastIndexOf('@');
    if (scheme < 0 || at < scheme) {
      return uri;
    }
    int colon = uri.indexOf(':', scheme + 3);
    return colon >= 0 && colon < at
        ? uri.substring(0, colon + 1) + "******" + uri.substring(at)
        : uri;
  }
}
