/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.redis.RedisTurnStore;
import io.last9.genai.redis.internal.RedisTurnStoreProvider;
import io.last9.genai.spring.Last9GenAiProperties;
import io.last9.genai.turns.TurnStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * With {@code last9-genai-redis} on the class path and {@code last9.genai.turns.redis.uri} set:
 * turns are numbered on Redis, so every replica continues a conversation's count. Runs before
 * {@link Last9GenAiAutoConfiguration}, whose in-memory store then backs off; a {@link TurnStore}
 * bean of the application's wins over both. The store is closed with the context.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@AutoConfiguration(before = Last9GenAiAutoConfiguration.class)
@ConditionalOnClass(
    name = {"io.last9.genai.redis.RedisTurnStore", "io.opentelemetry.sdk.trace.SdkTracerProvider"})
@ConditionalOnProperty(prefix = "last9.genai", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(Last9GenAiProperties.class)
public class Last9RedisTurnStoreAutoConfiguration {

  /** The Redis turn store from {@code last9.genai.turns.redis.*}. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(TurnStore.class)
  @ConditionalOnProperty(prefix = "last9.genai.turns.redis", name = "uri")
  public RedisTurnStore last9RedisTurnStore(Environment environment, ResourceLoader resources) {
    // the same reading as under autoconfigure and the Java agent, names in Boot's failure report
    RedisTurnStore store =
        ProcessorFactory.reported(
            () ->
                (RedisTurnStore)
                    new RedisTurnStoreProvider()
                        .create(ProcessorFactory.settings(environment, resources)));
    if (store == null) {
      // the property is there (this bean's condition) but empty
      throw new InvalidConfigurationPropertyValueException(
          ProcessorFactory.PREFIX + "turns.redis.uri",
          environment.getProperty(ProcessorFactory.PREFIX + "turns.redis.uri"),
          "it is blank; leave it unset for the in-memory turn store");
    }
    return store;
  }
}
