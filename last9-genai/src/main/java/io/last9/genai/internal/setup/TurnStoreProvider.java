/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import io.last9.genai.turns.TurnStore;
import java.util.ServiceLoader;

/**
 * A {@link TurnStore} that a module (such as {@code last9-genai-redis}) offers to autoconfigure and
 * the Java agent, found with {@link ServiceLoader}: a jar that registers one in {@code
 * META-INF/services/io.last9.genai.internal.setup.TurnStoreProvider} and is configured for it (its
 * own properties set) numbers the turns; otherwise the in-memory store does.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public interface TurnStoreProvider {

  /**
   * The store this provider's settings describe, or {@code null} when they are not set.
   *
   * @throws io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException when they are set but
   *     invalid (made by {@link Settings#invalid}), so start-up fails naming the property
   */
  TurnStore create(Settings settings);

  /**
   * The store of the first configured provider that {@code loader} sees, or {@code null} when none
   * is configured.
   */
  static TurnStore configured(Settings settings, ClassLoader loader) {
    for (TurnStoreProvider provider : ServiceLoader.load(TurnStoreProvider.class, loader)) {
      TurnStore store = provider.create(settings);
      if (store != null) {
        return store;
      }
    }
    return null;
  }
}
