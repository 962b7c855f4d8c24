/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis;

import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import io.last9.genai.redis.internal.CircuitBreaker;
import io.last9.genai.redis.internal.EpochTracker;
import io.last9.genai.redis.internal.LocalTurns;
import io.last9.genai.redis.internal.RedisUris;
import io.last9.genai.redis.internal.TurnKeys;
import io.last9.genai.redis.internal.TurnScript;
import io.last9.genai.turns.TurnStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.tracing.Tracing;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import reactor.core.Disposable;

/**
 * A {@link TurnStore} on Redis: every replica of a service that points at the same Redis continues
 * the same count for a conversation, so its turns come out 1, 2, 3 whichever replica serves them.
 *
 * <pre>{@code
 * RedisTurnStore turns = RedisTurnStore.builder()
 *     .uri("redis://redis.internal:6379/0")
 *     .expireAfterIdle(Duration.ofHours(24))
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
 *   <li><b>A fresh process numbers its first turns on Redis</b>: the connection is opened and
 *       warmed up (the script run once) in the background, and a turn that starts before it is
 *       ready waits for it, at most {@link RedisTurnStoreBuilder#connectTimeout the connect
 *       timeout} (default 10 s).
 *   <li><b>Never blocks a span past its timeout</b>: a turn waits at most {@link
 *       RedisTurnStoreBuilder#timeout the timeout} (default 1 s) for Redis's answer. When Redis is
 *       slow or down it numbers the turn locally, continuing from the highest number this process
 *       has used or seen Redis give for the conversation (a late answer counts), and returns it as
 *       {@link TurnStore.Turn#fallback fallback}, which marks the turn's spans {@code
 *       gen_ai.l9.turn.fallback=true} (another replica may give the same number meanwhile). It logs
 *       that once.
 *   <li><b>Recovers by itself</b>: after 3 failures in a row it stops asking Redis, and asks again
 *       in the background every {@link RedisTurnStoreBuilder#retryInterval retry interval} (default
 *       1 s), so a hung Redis costs only the turns already waiting and comes back without a burst;
 *       the connection itself reconnects with jittered exponential backoff. Every call sends the
 *       highest number this process has used for the conversation, and the script never answers at
 *       or below it.
 *   <li><b>No unmarked repeats</b>: when Redis lost its data (restarted empty), a process that saw
 *       it before notices from an epoch marker written with the counters, and for one idle time
 *       every conversation numbered then is marked fallback, since its numbers may repeat ones
 *       given before (the module's README states the rule and its limits).
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

  private final RedisURI uri;
  private final String where;
  private final ClientResources resources;
  private final RedisClient client;
  private final String keyPrefix;
  private final String epochKey;
  private final String lossKey;
  private final String[] epochKeys;
  private final String idleMillis;
  private final String epochMillis;
  private final long timeoutNanos;
  private final long connectRetryNanos;
  private final LocalTurns local;
  private final CircuitBreaker breaker;
  private final EpochTracker epochs;
  private final AtomicBoolean connecting = new AtomicBoolean();

  /**
   * Completes when the first connection attempt has ended, opened and warmed up or failed; turns
   * that start before then wait for it, each at most the connect timeout.
   */
  private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();

  private final long connectTimeoutNanos;
  private final Disposable reconnections;
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile long nextConnectAt;
  private volatile boolean closed;

  /**
   * True from the first turn Redis could not number until the next one it did; only for logging.
   */
  private volatile boolean degraded;

  RedisTurnStore(RedisTurnStoreBuilder b) {
    this.uri = b.redisUri();
    this.where = RedisUris.describe(uri);
    this.keyPrefix = b.keyPrefix;
    this.epochKey = TurnKeys.epoch(keyPrefix);
    this.lossKey = TurnKeys.lossWindow(keyPrefix);
    this.epochKeys = TurnScript.epochKeys(epochKey, lossKey);
    this.idleMillis = Long.toString(b.expireAfterIdle.toMillis());
    this.epochMillis = Long.toString(2 * b.expireAfterIdle.toMillis());
    this.timeoutNanos = b.timeout.toNanos();
    this.connectRetryNanos = b.retryInterval.toNanos();
    this.connectTimeoutNanos = b.connectTimeout.toNanos();
    this.local = new LocalTurns(b.maximumLocalConversations, b.expireAfterIdle);
    this.breaker = new CircuitBreaker(FAILURES_BEFORE_BYPASS, b.retryInterval.toNanos());
    this.epochs = new EpochTracker(b.expireAfterIdle.toNanos());
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
            // commands nobody waits for any more are dropped, so a hung Redis cannot pile them up;
            // not before the timeout has passed twice (or a second), so a late answer still arrives
            .timeoutOptions(TimeoutOptions.enabled(commandExpiry(b.timeout)))
            .build());
    // after a reconnect, look at the epoch at once rather than at the next turn: a Redis that
    // restarted empty is then noticed before replicas that never knew the old one number much
    this.reconnections =
        resources
            .eventBus()
            .get()
            .filter(event -> event instanceof ConnectionActivatedEvent)
            .subscribe(event -> onReconnected(), error -> {});
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
    return draw(conversationId).turn();
  }

  /**
   * A turn, and whether Redis numbered it: a number Redis gave is marked too when it may repeat one
   * given before Redis lost its data, so the mark alone does not say where it came from.
   */
  record Drawn(Turn turn, boolean onRedis) {

    static Drawn local(Turn turn) {
      return new Drawn(turn, false);
    }
  }

  Drawn draw(String conversationId) {
    String key = TurnKeys.key(keyPrefix, conversationId);
    StatefulRedisConnection<String, String> c = connection;
    if (c == null) {
      c = awaitFirstConnection();
      if (c == null) {
        connectIfDue(System.nanoTime());
        return Drawn.local(unavailable(key, "not connected"));
      }
    }
    if (!c.isOpen()) {
      // Lettuce is reconnecting in the background; refusing here costs nothing
      return Drawn.local(unavailable(key, "disconnected"));
    }
    long start = System.nanoTime();
    CircuitBreaker.Decision decision = breaker.decide(start);
    if (decision != CircuitBreaker.Decision.CALL) {
      if (decision == CircuitBreaker.Decision.PROBE) {
        // Redis is bypassed; it is asked again in the background, so no turn waits for a Redis
        // that may still hang
        probe(c);
      }
      return Drawn.local(fallback(key));
    }
    RedisFuture<List<Object>> answer;
    // Context.root(): should the Redis client be instrumented after all, its span must not start
    // inside the conversation whose turn it is drawing
    try (Scope ignored = Context.root().makeCurrent()) {
      answer =
          c.async()
              .eval(
                  TurnScript.SOURCE,
                  ScriptOutputType.MULTI,
                  TurnScript.turnKeys(epochKey, lossKey, key),
                  idleMillis,
                  Long.toString(local.highest(key)),
                  epochs.known(start),
                  epochs.proposal(),
                  epochMillis);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      return Drawn.local(failed(key, t));
    }
    try {
      return numbered(
          key,
          answer.get(
              Math.max(0, timeoutNanos - (System.nanoTime() - start)), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      if (answer.isDone()) {
        // it came in between the timeout and this line
        Drawn drawn = numberedIfDone(key, answer);
        if (drawn != null) {
          return drawn;
        }
      }
      awaitLateAnswer(key, answer);
      return Drawn.local(failed(key, e));
    } catch (ExecutionException e) {
      return Drawn.local(failed(key, e.getCause() != null ? e.getCause() : e));
    } catch (InterruptedException e) {
      // the caller's interrupt, not Redis's failure: keep it for the caller
      Thread.currentThread().interrupt();
      awaitLateAnswer(key, answer);
      return Drawn.local(fallback(key));
    }
  }

  /** A turn Redis numbered: remembered as this process's highest, and marked if it may repeat. */
  private Drawn numbered(String key, List<Object> answer) {
    TurnScript.Reply reply = TurnScript.Reply.of(answer);
    if (reply == null || reply.number() <= 0) {
      return Drawn.local(
          failed(key, new IllegalStateException("the turn script answered " + answer)));
    }
    local.observe(key, reply.number());
    noteEpoch(reply.epoch());
    breaker.onSuccess();
    if (degraded) {
      recovered();
    }
    return new Drawn(
        reply.mayRepeat() ? Turn.fallback(reply.number()) : Turn.of(reply.number()), true);
  }

  private Drawn numberedIfDone(String key, RedisFuture<List<Object>> answer) {
    try {
      return numbered(key, answer.get(0, TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }

  /**
   * A script the caller gave up on may still run: the number Redis then assigned is used by nobody,
   * but this process's fallback numbering and its next floor must go above it, or the next local
   * number could be one Redis gave out. A late answer also shows Redis is alive, only slow, so it
   * ends a bypass started by timeouts.
   */
  private void awaitLateAnswer(String key, RedisFuture<List<Object>> answer) {
    answer.whenComplete(
        (late, error) -> {
          try {
            TurnScript.Reply reply = error == null ? TurnScript.Reply.of(late) : null;
            if (reply != null && reply.number() > 0) {
              local.observe(key, reply.number());
              noteEpoch(reply.epoch());
              breaker.onSuccess();
            }
          } catch (Throwable t) {
            Throwables.rethrowIfFatal(t);
          }
        });
  }

  private void noteEpoch(String epoch) {
    String before = epochs.observe(epoch, System.nanoTime());
    if (before != null) {
      logger.log(
          Level.WARNING,
          "last9-genai: the Redis turn store at "
              + where
              + " lost its data since this process last used it (it restarted empty, or failed over"
              + " to a copy without it). For one idle expiry, the turns of every conversation"
              + " numbered then are marked gen_ai.l9.turn.fallback, as they may repeat numbers"
              + " given before");
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

  /**
   * While the first connection is being opened and warmed up, a turn waits for it, at most the
   * connect timeout (once the attempt has ended, nothing waits, whatever its outcome); so a fresh
   * process numbers its first turns on Redis, and the per-turn timeout is only ever spent on the
   * turn's own script. The attempt is bounded: the TCP connection and Redis's handshake each by the
   * connect timeout, the warm-up by the commands' expiry.
   */
  private StatefulRedisConnection<String, String> awaitFirstConnection() {
    if (!firstConnection.isDone() && !closed) {
      try {
        firstConnection.get(connectTimeoutNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // still not connected: the turn is numbered locally
      }
    }
    return connection;
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

  /** The highest number this process has used, or seen Redis give it, for a conversation. */
  long localHighest(String conversationId) {
    return local.highest(TurnKeys.key(keyPrefix, conversationId));
  }

  /**
   * Waits up to {@code max} for the connection to open and warm up; returns whether it is open.
   * Turns drawn before it opens are numbered locally, but for those that start within the connect
   * timeout of start-up, which wait for it.
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
   * Opens the connection in the background, then warms it up before turns use it: an epoch check
   * runs the turn script once, so Redis has compiled it and this JVM has loaded and run the code
   * path of a turn, and a fresh process's first turn costs what any turn costs. Lettuce keeps the
   * connection open (reconnecting) once it has been opened.
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
                  connectFailed(error);
                  return;
                }
                checkEpoch(c)
                    .whenComplete(
                        (ignored, warmUpError) -> {
                          // a failed warm-up leaves a connection the breaker will judge
                          connection = c;
                          connecting.set(false);
                          firstConnection.complete(null);
                          if (closed) {
                            c.closeAsync();
                          }
                        });
              });
    } catch (Throwable t) {
      // Lettuce refused before any I/O (a socket URI without a native transport, a Lettuce built
      // for another Netty): the same fallback, and the same report, as a refused connection
      Throwables.rethrowIfFatal(t);
      connectFailed(t);
    }
  }

  private void connectFailed(Throwable error) {
    nextConnectAt = System.nanoTime() + connectRetryNanos;
    connecting.set(false);
    firstConnection.complete(null);
    if (!degraded) {
      degraded = true;
      Throwable cause = rootCause(error);
      warnings.warn(
          "redis-turn-store-down",
          Level.WARNING,
          "last9-genai: cannot connect to the Redis turn store at "
              + where
              + " ("
              + cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
              + (isLinkageFailure(error, cause) ? LINKAGE_HINT : "")
              + "); turns are numbered in this process and marked gen_ai.l9.turn.fallback until"
              + " it can",
          null);
    }
  }

  /**
   * A class Lettuce needs is missing or different: a linkage error, whose root cause is often the
   * class not found.
   */
  private static boolean isLinkageFailure(Throwable error, Throwable cause) {
    return error instanceof LinkageError
        || cause instanceof LinkageError
        || cause instanceof ClassNotFoundException;
  }

  /**
   * Lettuce 7 is built for Netty 4.2; an application whose framework brings Netty 4.1 (Quarkus 3,
   * Spring Boot 3) fails on its first connection, every time, and needs Lettuce 6.
   */
  static final String LINKAGE_HINT =
      "; the Lettuce on the class path does not work with its Netty: Lettuce 7 needs Netty 4.2,"
          + " use Lettuce 6 with Netty 4.1";

  /** Runs the script without a conversation: it creates the epoch or notices a loss. */
  private CompletionStage<Void> checkEpoch(StatefulRedisConnection<String, String> c) {
    try (Scope ignored = Context.root().makeCurrent()) {
      long now = System.nanoTime();
      RedisFuture<List<Object>> answer =
          c.async()
              .eval(
                  TurnScript.SOURCE,
                  ScriptOutputType.MULTI,
                  epochKeys,
                  idleMillis,
                  "0",
                  epochs.known(now),
                  epochs.proposal(),
                  epochMillis);
      return answer.thenAccept(
          reply -> {
            TurnScript.Reply r = TurnScript.Reply.of(reply);
            if (r != null) {
              noteEpoch(r.epoch());
            }
          });
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      return CompletableFuture.failedFuture(t);
    }
  }

  /**
   * Asks a bypassed Redis again, with no turn waiting: an answer, however late, closes the breaker.
   */
  private void probe(StatefulRedisConnection<String, String> c) {
    checkEpoch(c)
        .whenComplete(
            (ignored, error) -> {
              if (error == null) {
                breaker.onSuccess();
              } else {
                breaker.onFailure(System.nanoTime());
              }
            });
  }

  private void onReconnected() {
    try {
      StatefulRedisConnection<String, String> c = connection;
      if (c != null && !closed) {
        checkEpoch(c);
      }
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
    }
  }

  /** Closes the connection and the client's thread; later turns are numbered locally. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    firstConnection.complete(null);
    StatefulRedisConnection<String, String> c = connection;
    try {
      reconnections.dispose();
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

  /** How long a command lives in Lettuce: the timeout, then as long again (at least a second). */
  static Duration commandExpiry(Duration timeout) {
    Duration extra =
        timeout.compareTo(Duration.ofSeconds(1)) >= 0 ? timeout : Duration.ofSeconds(1);
    return timeout.plus(extra);
  }
}
