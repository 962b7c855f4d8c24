/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis;

import io.last9.genai.redis.internal.RedisSettings;
import io.last9.genai.redis.internal.RedisUris;
import io.last9.genai.turns.InMemoryTurnStore;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StaticCredentialsProvider;
import java.time.Duration;

/**
 * Builder for {@link RedisTurnStore}. Only the address is required:
 *
 * <pre>{@code
 * RedisTurnStore.builder().uri("redis://localhost:6379").build();
 * }</pre>
 *
 * <p>The same settings are read by autoconfigure and the Java agent from {@code
 * otel.last9.genai.turns.redis.*} (see the module's README).
 */
public final class RedisTurnStoreBuilder {

  /** Default prefix of every key the store writes. */
  public static final String DEFAULT_KEY_PREFIX = "l9:turn:";

  /**
   * Default time a turn waits for Redis before it is numbered locally: above what the turn script
   * took on a 2-core host spun by busy processes (the module's README gives the measurements), so a
   * healthy Redis on a busy host numbers every turn. A Redis that hangs costs it only to the turns
   * already waiting when it does: after 3 timeouts in a row no turn waits.
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  /**
   * Default bound on opening a connection (Lettuce's own default): the TCP connection and Redis's
   * handshake, each. A turn that starts while the first connection is being opened waits for it, at
   * most this long.
   */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Default time {@link #build()} waits for the first connection. */
  public static final Duration DEFAULT_AWAIT_CONNECTION = Duration.ofSeconds(1);

  /** Default time between attempts to use Redis again after it failed. */
  public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);

  private String uriText;
  private RedisURI redisUri;
  private String username;
  private String password;
  String keyPrefix = DEFAULT_KEY_PREFIX;
  Duration expireAfterIdle = InMemoryTurnStore.DEFAULT_EXPIRE_AFTER_IDLE;
  Duration timeout = DEFAULT_TIMEOUT;
  Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  Duration retryInterval = DEFAULT_RETRY_INTERVAL;
  Duration awaitConnection = DEFAULT_AWAIT_CONNECTION;
  long maximumLocalConversations = InMemoryTurnStore.DEFAULT_MAXIMUM_CONVERSATIONS;

  RedisTurnStoreBuilder() {}

  /**
   * Where Redis is: {@code redis://[user:password@]host[:port][/database]}, {@code rediss://...}
   * for TLS, {@code redis-sentinel://...} for Sentinel (Lettuce's URI syntax).
   *
   * @throws IllegalArgumentException when it is not a Redis URI
   */
  public RedisTurnStoreBuilder uri(String uri) {
    this.redisUri = RedisUris.parse(uri, "uri");
    this.uriText = uri;
    return this;
  }

  /**
   * Credentials to connect with, in place of any in the URI: a password kept out of the URI (from a
   * secret store, say), for Redis's default user.
   */
  public RedisTurnStoreBuilder password(String password) {
    if (password == null) {
      throw new IllegalArgumentException("password must not be null");
    }
    this.username = null;
    this.password = password;
    return this;
  }

  /** Credentials to connect with, in place of any in the URI: an ACL user and its password. */
  public RedisTurnStoreBuilder credentials(String username, String password) {
    if (username == null || password == null) {
      throw new IllegalArgumentException("username and password must not be null");
    }
    this.username = username;
    this.password = password;
    return this;
  }

  /**
   * Where Redis is, as a Lettuce {@link RedisURI} (for TLS and credential options the URI text
   * cannot say).
   */
  public RedisTurnStoreBuilder redisUri(RedisURI uri) {
    if (uri == null) {
      throw new IllegalArgumentException("redisUri must not be null");
    }
    this.redisUri = RedisUris.check(uri, "redisUri");
    this.uriText = null;
    return this;
  }

  /**
   * The prefix of every key the store writes (default {@code l9:turn:}); one per application
   * sharing a Redis.
   */
  public RedisTurnStoreBuilder keyPrefix(String prefix) {
    this.keyPrefix = RedisSettings.keyPrefix(prefix, "keyPrefix");
    return this;
  }

  /**
   * How long a conversation's counter lives after its last turn (default 24 hours): the bound on
   * Redis memory. A conversation that comes back later starts again at turn 1.
   */
  public RedisTurnStoreBuilder expireAfterIdle(Duration idle) {
    this.expireAfterIdle = RedisSettings.expireAfterIdle(idle, "expireAfterIdle");
    return this;
  }

  /**
   * The longest a turn waits for Redis's answer (default 1 s); past it the turn is numbered locally
   * and marked. The span that starts the turn waits this long at most (a turn that starts while the
   * first connection is being opened waits for that first, at most {@link #connectTimeout}).
   */
  public RedisTurnStoreBuilder timeout(Duration timeout) {
    this.timeout = RedisSettings.timeout(timeout, "timeout");
    return this;
  }

  /**
   * The longest opening a connection may take (default 10 s): the TCP connection and Redis's
   * handshake, each. It happens in the background; only a turn that starts while the first
   * connection is being opened waits for it, at most this long, so that a fresh process's first
   * turns are numbered on Redis. A refused connection ends the wait at once.
   */
  public RedisTurnStoreBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = RedisSettings.connectTimeout(timeout, "connectTimeout");
    return this;
  }

  /**
   * After Redis failed 3 times in a row, how long turns are numbered locally without asking it,
   * before it is asked again in the background (default 1 s). Also the longest wait between
   * reconnection attempts.
   */
  public RedisTurnStoreBuilder retryInterval(Duration interval) {
    this.retryInterval = RedisSettings.retryInterval(interval, "retryInterval");
    return this;
  }

  /**
   * How long {@link #build()} waits for the first connection (default 1 s); it returns at once when
   * Redis refuses the connection. {@link Duration#ZERO} does not wait (the first turns still wait
   * for the connection, see {@link #connectTimeout}).
   */
  public RedisTurnStoreBuilder awaitConnection(Duration wait) {
    this.awaitConnection = RedisSettings.awaitConnection(wait, "awaitConnection");
    return this;
  }

  /**
   * How many conversations this process remembers the highest turn of (default 100,000, idle ones
   * forgotten after {@link #expireAfterIdle}): what local numbering continues from while Redis is
   * down, and the floor that keeps numbering monotonic after it comes back.
   */
  public RedisTurnStoreBuilder maximumLocalConversations(long maximum) {
    this.maximumLocalConversations =
        RedisSettings.maximumLocalConversations(maximum, "maximumLocalConversations");
    return this;
  }

  /**
   * Builds the store and starts connecting.
   *
   * @throws IllegalStateException when no URI was given
   */
  public RedisTurnStore build() {
    if (redisUri == null) {
      throw new IllegalStateException("RedisTurnStore needs a uri");
    }
    return new RedisTurnStore(this);
  }

  RedisURI redisUri() {
    // a fresh copy per store: RedisURI is mutable
    RedisURI uri = uriText != null ? RedisUris.parse(uriText, "uri") : copy(redisUri);
    // the store never waits on Lettuce's own command timeout; it bounds the handshake, which
    // (unlike the TCP connection) the socket's connect timeout does not
    uri.setTimeout(connectTimeout);
    if (password != null) {
      // the credentials-provider form, common to Lettuce 6.2+ and 7 (setAuthentication is 7 only)
      uri.setCredentialsProvider(new StaticCredentialsProvider(username, password.toCharArray()));
    }
    return uri;
  }

  private static RedisURI copy(RedisURI redisUri) {
    // RedisURI.builder(source) copies the host, credentials, TLS and database but not the
    // sentinels, without which a Sentinel URI has no address at all
    RedisURI.Builder copy = RedisURI.builder(redisUri);
    for (RedisURI sentinel : redisUri.getSentinels()) {
      copy.withSentinel(sentinel);
    }
    if (redisUri.getSentinelMasterId() != null) {
      copy.withSentinelMasterId(redisUri.getSentinelMasterId());
    }
    return copy.build();
  }
}
