/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import com.openai.client.OpenAIClient;
import io.last9.genai.ConversationContext;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A replica of a conversational service, run under the real Java agent in a child JVM: {@code
 * threads} threads each serve {@code turns} turns of one conversation, a chat call (the agent's
 * openai-java span) in a {@link ConversationContext} each. The agent's processor numbers the turns
 * with the turn store the agent is configured with.
 *
 * <p>Arguments: the fake OpenAI server's origin, the conversation id, threads, turns per thread.
 * With {@code -D}{@value #APP_REDIS}{@code =<uri>} the application then lists the store's keys with
 * a Lettuce client of its own (on its class path, instrumented by the agent), beside the copy
 * inside the extension. With {@code -D}{@value #AFTER_REDIS_RETURNS}{@code =<n>} it then waits
 * until the store's Redis accepts connections and serves {@code n} more turns, 300 ms apart.
 */
public final class AgentTurnsApp {

  /** Printed before the keys the application's own Lettuce client read. */
  static final String KEYS = "keys seen by the application's lettuce: ";

  static final String APP_REDIS = "turns.app-redis";
  static final String AFTER_REDIS_RETURNS = "turns.after-redis-returns";

  private AgentTurnsApp() {}

  public static void main(String[] args) throws Exception {
    String origin = args[0];
    String conversation = args[1];
    int threads = Integer.parseInt(args[2]);
    int turns = Integer.parseInt(args[3]);
    OpenAIClient openai = Clients.openai(origin);
    Clients clients = new Clients(openai, () -> "");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      serve(clients, conversation, threads, turns, pool);
      int more = Integer.getInteger(AFTER_REDIS_RETURNS, 0);
      if (more > 0) {
        awaitRedis(URI.create(System.getProperty("otel.last9.genai.turns.redis.uri")));
        for (int i = 0; i < more; i++) {
          Thread.sleep(300);
          serve(clients, conversation, 1, 1, pool);
        }
      }
    } finally {
      pool.shutdown();
      openai.close();
    }
    String appRedis = System.getProperty(APP_REDIS);
    if (appRedis != null) {
      RedisClient redis = RedisClient.create(appRedis);
      try (StatefulRedisConnection<String, String> connection = redis.connect()) {
        System.out.println(KEYS + connection.sync().keys("l9:turn:*"));
      } finally {
        redis.shutdown();
      }
    }
    System.out.println(Scenario.DONE);
  }

  private static void serve(
      Clients clients, String conversation, int threads, int turns, ExecutorService pool)
      throws Exception {
    List<Future<?>> served = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      served.add(
          pool.submit(
              () -> {
                for (int i = 0; i < turns; i++) {
                  try (ConversationContext c = ConversationContext.builder(conversation).start()) {
                    clients.chat("turn " + i + " on " + Thread.currentThread().getName());
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : served) {
      f.get();
    }
  }

  /** Waits (at most a minute) until something accepts connections at the Redis URI's address. */
  private static void awaitRedis(URI redis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(redis.getHost(), redis.getPort()), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("Redis did not come back at " + redis);
  }
}
