/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Spring AI 1.x's stream-usage switch is on by default, as the lowest-precedence value, so any
 * value the application sets wins.
 */
class SpringAiStreamUsageDefaultTest {

  private static String streamUsageAfterDefault(StandardEnvironment env) {
    SpringAiStreamUsageDefault d = new SpringAiStreamUsageDefault();
    d.setEnvironment(env);
    d.postProcessBeanFactory(new DefaultListableBeanFactory());
    d.postProcessBeanFactory(new DefaultListableBeanFactory()); // twice: one source
    return env.getProperty(SpringAiStreamUsageDefault.PROPERTY);
  }

  @Test
  void unsetItIsTrue() {
    StandardEnvironment env = new StandardEnvironment();

    assertThat(streamUsageAfterDefault(env)).isEqualTo("true");
    assertThat(env.getPropertySources().stream().map(s -> s.getName()))
        .containsOnlyOnce(SpringAiStreamUsageDefault.SOURCE);
  }

  @Test
  void theApplicationsOwnValueWins() {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources()
        .addFirst(
            new MapPropertySource(
                "application", Map.of(SpringAiStreamUsageDefault.PROPERTY, "false")));

    assertThat(streamUsageAfterDefault(env)).isEqualTo("false");
  }
}
