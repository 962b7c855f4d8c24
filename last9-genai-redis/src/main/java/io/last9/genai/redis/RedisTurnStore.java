/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis;

import io.last9.genai.TurnStore;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import io.last9.genai.redis.internal.CircuitBreaker;
import io.last9.genai.redis.internal.LocalTurns;
import io.last9.genai.redis.internal.TurnKeys;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.tracing.Tracing;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link TurnStore} on Redis: every replica of a service that points at the same Redis continues
 * the same count for a conversation, so its turns come out 1, 2, 3 whichever replica serves them.
 *
 * <pre>{@code
 * RedisTurnStore turns = RedisTurnStore.builder()
 *     .uri("redis://redis.internal:6379/0")
 *     .expireAfterIdle(Duration.ofHours(24))
 *     .timeout(Duration.ofMillis(5))
 *     .build();
 * Last9SpanProcessor processor = Last9SpanProcessor.builder().turnStore(turns).build();   // closes it on shutdown
 * }</pre>
 *
 * <ul>
 *   <li><b>Atomic, one round trip</b>: a turn is one Lua script ({@code INCR}, then {@code
 *       PEXPIRE}), so concurrent turns on any number of JVMs get distinct numbers with no gaps.
 *   <li><b>Bounded memory</b>: each conversation's counter expires after {@link
 *       RedisTurnStoreBuilder#expireAfterIdle its idle time} (default 24 hours), and keys are the
 *       prefix plus a 22-character hash of the id, whatever its length.
 *   <li><b>Never blocks a span past its timeout</b>: a turn waits at most {@link
 *       RedisTurnStoreBuilder#timeout the timeout} (default 5 ms) for Redis. When Redis is slow or
 *       down it numbers the turn locally, continuing from the highest number this process has used
 *       for the conversation, and returns it as {@link TurnStore.Turn#fallback fallback}, which
 *       marks the turn's spans {@code gen_ai.l9.turn.fallback=true} (another replica may give the
 *       same number meanwhile). It logs that once.
 *   <li><b>Recovers by itself</b>: after 3 failures in a row it stops asking Redis, and one call
 *       asks again every {@link RedisTurnStoreBuilder#retryInterval retry interval} (default 1 s),
 *       so a down Redis costs spans nothing and comes back without a burst; the connection itself
 *       reconnects with jittered exponential backoff. Every call sends the highest number this
 *       process has used for the conversation, and the script never answers at or below it, so
 *       numbering resumes above the fallback numbers, even when Redis restarted empty.
 * </ul>
 *
 * <p>It holds one connection (Lettuce multiplexes every thread's calls over it) and Lettuce's
 * smallest thread pools; the connection is opened in the background, and {@link #close()} releases
 * both.
 */
public final class RedisTurnStore implements TurnStore, AutoCloseable {

  private static final Logger logger = Logger.getLogger(RedisTurnStore.class.getName());

  /** This instance's own reports: another set-up in the same JVM never silences them. */
  private final OnceLogger warnings = new OnceLogger(logger);

  /** Consecutive failures after which calls stop asking Redis until the next retry. */
  static final int FAILURES_BEFORE_BYPASS = 3;

  /**
   * KEYS[1]: the conversation's counter; ARGV[1]: its idle expiry in ms; ARGV[2]: the highest
   * number the caller has used for it. The answer is above both the counter and that floor, and
   * becomes the new counter.
   */
  static final String SCRIPT =
      "local n = redis.call('INCR', KEYS[1]) "
          + "local floor = tonumber(ARGV[2]) "
          + "if n <= floor then n = floor + 1 redis.call('SET', KEYS[1], n) end "
          + "redis.call('PEXPIRE', KEYS[1], ARGV[1]) "
          + "return n";

  private final RedisURI uri;
  private final String where;
  private final ClientResources resources;
  private final RedisClient client;
  private final String keyPrefix;
  private final String idleMillis;
  private final long timeoutNanos;
  private final long connectRetryNanos;
  private final LocalTurns local;
  private final CircuitBreaker breaker;
  private final AtomicBoolean connecting = new AtomicBoolean();
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile long nextConnectAt;
  private volatile boolean closed;

  /**
   * True from the first turn Redis could not number until the next one it did; only for logging.
   */
  private volatile boolean degraded;

  RedisTurnStore(RedisTurnStoreBuilder b) {
    this.uri = b.redisUri();
    this.where = uri.getHost() + ":" + uri.getPort();
    this.keyPrefix = b.keyPrefix;
    this.idleMillis = Long.toString(b.expireAfterIdle.toMillis());
    this.timeoutNanos = b.timeout.toNanos();
    this.connectRetryNanos = b.retryInterval.toNanos();
    this.local = new LocalTurns(b.maximumLocalConversations, b.expireAfterIdle);
    this.breaker = new CircuitBreaker(FAILURES_BEFORE_BYPASS, b.retryInterval.toNanos());
    this.resources =
        DefaultClientResources.builder()
            // Lettuce's minimum; its threads start when first needed
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(2)
            // jittered, so that replicas do not reconnect in lockstep after Redis comes back
            .reconnectDelay(
                Delay.fullJitter(
                    Duration.ofMillis(10), b.retryInterval, 100, TimeUnit.MILLISECONDS))
            // a traced EVAL would be a span started from inside our span processor, for every turn
            .tracing(Tracing.disabled())
            .build();
    this.client = RedisClient.create(resources);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            // fail at once while disconnected instead of queueing turns that would replay after the
            // outage
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .requestQueueSize(10_000)
            .socketOptions(
                SocketOptions.builder().connectTimeout(b.connectTimeout).keepAlive(true).build())
            // commands nobody waits for any more are dropped, so a hung Redis cannot pile them up
            .timeoutOptions(TimeoutOptions.enabled(max(b.timeout, Duration.ofSeconds(1))))
            .build());
    connect();
    if (!b.awaitConnection.isZero()) {
      awaitConnection(b.awaitConnection);
    }
  }

  /** Returns a builder. */
  public static RedisTurnStoreBuilder builder() {
    return new RedisTurnStoreBuilder();
  }

  /**
   * A store on {@code uri} ({@code redis://host:port/db}, {@code rediss://...} for TLS) with the
   * defaults.
   */
  public static RedisTurnStore create(String uri) {
    return builder().uri(uri).build();
  }

  @Override
  public long nextTurn(String conversationId) {
    return next(conversationId).number();
  }

  @Override
  public Turn next(String conversationId) {
    long start = System.nanoTime();
    String key = TurnKeys.key(keyPrefix, conversationId);
    StatefulRedisConnection<String, String> c = connection;
    if (c == null) {
      connectIfDue(start);
      return unavailable(key, "not connected");
    }
    if (!c.isOpen()) {
      // Lettuce is reconnecting in the background; refusing here costs nothing
      return unavailable(key, "disconnected");
    }
    if (!breaker.allowRequest(start)) {
      return fallback(key);
    }
    RedisFuture<Long> answer;
    // Context.root(): should the Redis client be instrumented after all, its span must not start
    // inside the
    // conversation whose turn it is drawing
    try (Scope ignored = Context.root().makeCurrent()) {
      answer =
          c.async()
              .eval(
                  SCRIPT,
                  ScriptOutputType.INTEGER,
                  new String[] {key},
                  idleMillis,
                  Long.toString(local.highest(key)));
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      return failed(key, t);
    }
    try {
      Long n =
          answer.get(Math.max(0, timeoutNanos - (System.nanoTime() - start)), TimeUnit.NANOSECONDS);
      if (n == null || n <= 0) {
        return failed(key, new IllegalStateException("the turn script answered " + n));
      }
      local.observe(key, n);
      breaker.onSuccess();
      if (degraded) {
        recovered();
      }
      return Turn.of(n);
    } catch (TimeoutException e) {
      answer.cancel(false);
      return failed(key, e);
    } catch (ExecutionException e) {
      return failed(key, e.getCause() != null ? e.getCause() : e);
    } catch (InterruptedException e) {
      // the caller's interrupt, not Redis's failure: keep it for the caller
      Thread.currentThread().interrupt();
      answer.cancel(false);
      return fallback(key);
    }
  }

  private Turn failed(String key, Throwable cause) {
    breaker.onFailure(System.nanoTime());
    return unavailable(key, describe(cause));
  }

  /** A turn Redis could not number; the first one after Redis was fine is reported. */
  private Turn unavailable(String key, String why) {
    if (!degraded) {
      degraded = true;
      warnings.warn(
          "redis-turn-store-down",
          Level.WARNING,
          "last9-genai: the Redis turn store at "
              + where
              + " is unavailable ("
              + why
              + "); turns are numbered in this process and marked "
              + "gen_ai.l9.turn.fallback until it answers again",
          null);
    }
    return fallback(key);
  }

  private void recovered() {
    degraded = false;
    logger.log(
        Level.INFO,
        "last9-genai: the Redis turn store at "
            + where
            + " answers again; turns are numbered "
            + "on Redis");
  }

  private static String describe(Throwable cause) {
    if (cause instanceof TimeoutException) {
      return "no answer within the timeout";
    }
    return cause.getClass().getSimpleName();
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    for (int i = 0; i < 10 && c.getCause() != null; i++) {
      c = c.getCause();
    }
    return c;
  }

  private Turn fallback(String key) {
    return Turn.fallback(local.next(key));
  }

  /** True while turns are numbered on Redis (connected, and not bypassed after failures). */
  public boolean isAvailable() {
    StatefulRedisConnection<String, String> c = connection;
    return c != null && c.isOpen() && !breaker.isOpen();
  }

  /** The number of conversations this process remembers for its fallback numbering. */
  public long localConversations() {
    return local.size();
  }

  /**
   * Waits up to {@code max} for the connection to open; returns whether it is open. Turns drawn
   * before it opens are numbered locally.
   */
  public boolean awaitConnection(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (connection == null && !closed && System.nanoTime() - deadline < 0) {
      if (!connecting.get()) {
        // the attempt failed: report rather than wait for the retry interval
        return false;
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return connection != null;
  }

  private void connectIfDue(long now) {
    if (!closed && now - nextConnectAt >= 0) {
      connect();
    }
  }

  /**
   * Opens the connection in the background; Lettuce keeps it open (reconnecting) once it has been
   * opened.
   */
  private void connect() {
    if (!connecting.compareAndSet(false, true)) {
      return;
    }
    try {
      client
          .connectAsync(StringCodec.UTF8, uri)
          .whenComplete(
              (c, error) -> {
                if (error != null) {
                  nextConnectAt = System.nanoTime() + connectRetryNanos;
                  connecting.set(false);
                  if (!degraded) {
                    degraded = true;
                    warnings.warn(
                        "redis-turn-store-down",
                        Level.WARNING,
                        "last9-genai: cannot connect to the"
                            + " Redis turn store at "
                            + where
                            + " ("
                            + rootCause(error).getClass().getSimpleName()
                            + "); turns"
                            + " are numbered in this process and marked gen_ai.l9.turn.fallback until it can",
                        null);
                  }
                  return;
                }
                // warm the script in Redis's cache and this client's command path before the first
                // turn needs them
                c.async().scriptLoad(SCRIPT);
                connection = c;
                connecting.set(false);
                if (closed) {
                  c.closeAsync();
                }
              });
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      nextConnectAt = System.nanoTime() + connectRetryNanos;
      connecting.set(false);
    }
  }

  /** Closes the connection and the client's thread; later turns are numbered locally. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    StatefulRedisConnection<String, String> c = connection;
    try {
      if (c != null) {
        c.close();
      }
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      resources.shutdown(0, 2, TimeUnit.SECONDS).get(3, TimeUnit.SECONDS);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      if (t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      warnings.warn(
          "redis-turn-store-close", Level.FINE, "last9-genai: closing the Redis turn store", t);
    }
  }

  @Override
  public String toString() {
    return "RedisTurnStore{"
        + where
        + ", prefix="
        + keyPrefix
        + ", available="
        + isAvailable()
        + '}';
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
