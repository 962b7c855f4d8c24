/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import java.util.Map;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes Spring AI 1.x's OpenAI chat model ask for a stream's usage by default: {@value #PROPERTY}
 * {@code =true}, as the lowest-precedence property source, so any value the application sets
 * (properties, YAML, environment, command line, test properties) wins.
 *
 * <p>Without it Spring AI 1.x streams without {@code stream_options.include_usage}, OpenAI sends no
 * usage, and the call cannot be priced. With it, OpenAI sends one more chunk, with the usage and no
 * choices, which Spring AI folds into the response before it: a {@code ChatClient}'s {@code
 * .stream().content()} yields the same text. Spring AI 2.0 asks for the usage by default itself.
 * Added to the environment before any bean is created, so Spring AI's properties bind with it.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class SpringAiStreamUsageDefault implements BeanFactoryPostProcessor, EnvironmentAware {

  /** Spring AI 1.x's switch. */
  static final String PROPERTY = "spring.ai.openai.chat.options.stream-usage";

  /** The name of the property source this adds. */
  static final String SOURCE = "last9GenAiSpringAiDefaults";

  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    if (!(environment instanceof ConfigurableEnvironment)) {
      return;
    }
    ConfigurableEnvironment env = (ConfigurableEnvironment) environment;
    if (!env.getPropertySources().contains(SOURCE)) {
      env.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(PROPERTY, "true")));
    }
  }
}
