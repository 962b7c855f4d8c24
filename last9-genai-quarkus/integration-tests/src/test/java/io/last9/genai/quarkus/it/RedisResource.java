/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.it;

import io.last9.genai.testing.RedisServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real {@code redis-server} on a free loopback port for the test application's turn store, named
 * by {@code quarkus.last9.genai.turns.redis.uri} as an application's configuration would.
 */
public class RedisResource implements QuarkusTestResourceLifecycleManager {

  /** The server of the running test application. */
  static volatile RedisServer server;

  @Override
  public Map<String, String> start() {
    try {
      server = RedisServer.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start redis-server for the test application", e);
    }
    return Map.of("quarkus.last9.genai.turns.redis.uri", server.uri());
  }

  @Override
  public void stop() {
    if (server != null) {
      server.close();
    }
  }
}
