/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.redis.RedisTurnStore;
import io.last9.genai.redis.RedisTurnStoreBuilder;
import io.last9.genai.redis.internal.RedisSettings;
import io.last9.genai.redis.internal.RedisUris;
import io.last9.genai.spring.Last9GenAiProperties;
import java.util.function.BiConsumer;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Builds the Redis turn store from {@code last9.genai.turns.redis.*}. A wrong value fails start-up
 * naming the property; a password is never shown, neither its own property nor the one inside the
 * URI.
 */
final class RedisTurnStoreFactory {

  static final String PREFIX = ProcessorFactory.PREFIX + "turns.redis.";

  /** The in-memory store's settings, which the Redis store's local part falls back to. */
  static final String CORE_IDLE_EXPIRY = ProcessorFactory.PREFIX + "turns.idle-expiry";

  static final String CORE_MAX_CONVERSATIONS = ProcessorFactory.PREFIX + "turns.max-conversations";

  private RedisTurnStoreFactory() {}

  static RedisTurnStore build(Last9GenAiProperties.Turns turns) {
    Last9GenAiProperties.Redis r = turns.getRedis();
    RedisTurnStoreBuilder b = RedisTurnStore.builder();
    b.uri(uri(r));
    if (r.getPassword() != null) {
      if (r.getUsername() == null) {
        b.password(r.getPassword());
      } else {
        b.credentials(r.getUsername(), r.getPassword());
      }
    }
    // each check names the property it read, never a builder method
    set("key-prefix", r.getKeyPrefix(), (v, n) -> b.keyPrefix(RedisSettings.keyPrefix(v, n)));
    set("timeout", r.getTimeout(), (v, n) -> b.timeout(RedisSettings.timeout(v, n)));
    check(
        r.getIdleExpiry() != null ? PREFIX + "idle-expiry" : CORE_IDLE_EXPIRY,
        r.getIdleExpiry() != null ? r.getIdleExpiry() : turns.getIdleExpiry(),
        (v, n) -> b.expireAfterIdle(RedisSettings.expireAfterIdle(v, n)));
    set(
        "retry-interval",
        r.getRetryInterval(),
        (v, n) -> b.retryInterval(RedisSettings.retryInterval(v, n)));
    set(
        "connect-timeout",
        r.getConnectTimeout(),
        (v, n) -> b.connectTimeout(RedisSettings.connectTimeout(v, n)));
    set(
        "await-connection",
        r.getAwaitConnection(),
        (v, n) -> b.awaitConnection(RedisSettings.awaitConnection(v, n)));
    check(
        r.getMaxLocalConversations() != null
            ? PREFIX + "max-local-conversations"
            : CORE_MAX_CONVERSATIONS,
        r.getMaxLocalConversations() != null
            ? r.getMaxLocalConversations()
            : (Long) turns.getMaxConversations(),
        (v, n) -> b.maximumLocalConversations(RedisSettings.maximumLocalConversations(v, n)));
    return b.build();
  }

  /** {@link #check} of {@code last9.genai.turns.redis.<name>}. */
  private static <T> void set(String name, T value, BiConsumer<T, String> setter) {
    check(PREFIX + name, value, setter);
  }

  /**
   * Hands {@code value} and the name of the property it came from to {@code setter}, which checks
   * it under that name; a refusal fails start-up naming the property.
   */
  private static <T> void check(String property, T value, BiConsumer<T, String> setter) {
    PropertyChecks.set(property, value, v -> setter.accept(v, property));
  }

  private static String uri(Last9GenAiProperties.Redis r) {
    String text = r.getUri();
    if (text == null || text.isBlank()) {
      throw new InvalidConfigurationPropertyValueException(
          PREFIX + "uri", text, "it is blank; leave it unset for the in-memory turn store");
    }
    try {
      // the message names the property, shows the URI without its password, and has no cause
      RedisUris.parse(text, PREFIX + "uri");
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          PREFIX + "uri", RedisUris.redact(text), e.getMessage());
    }
    if (r.getPassword() == null && r.getUsername() != null) {
      throw new InvalidConfigurationPropertyValueException(
          PREFIX + "username", r.getUsername(), "a username needs " + PREFIX + "password as well");
    }
    return text;
  }
}
