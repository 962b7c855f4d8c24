/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link RedisServer} for a test class: {@code @RegisterExtension static final
 * RedisServerExtension redis = new RedisServerExtension();}.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

  private RedisServer server;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    server = RedisServer.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** The running server (from {@code beforeAll} to {@code afterAll}). */
  public RedisServer server() {
    return server;
  }
}
