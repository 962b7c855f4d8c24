/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import com.openai.client.OpenAIClientAsync;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import io.micrometer.observation.ObservationRegistry;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Gives Spring AI 2.0's OpenAI chat model an async client whose streamed calls keep the caller's
 * trace context and scopes on their HTTP client span (see {@link ContextCarryingOpenAiClient}).
 * Spring AI builds that client inside its auto-configuration and offers no hook above openai-java's
 * thread hop, so the model's {@code OpenAIClientAsync} field is replaced once, when the bean is
 * created (reflection at start-up only). A model without such a field (Spring AI 1.x), or one whose
 * field cannot be set, is left as it is, and a warning says so once.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class OpenAiStreamContextPostProcessor implements BeanPostProcessor {

  private static final Logger logger =
      Logger.getLogger(OpenAiStreamContextPostProcessor.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  /** Spring AI 2.0's OpenAI chat model. */
  static final String CHAT_MODEL = "org.springframework.ai.openai.OpenAiChatModel";

  private final ObjectProvider<ObservationRegistry> registry;
  private final StreamParentRegistry parents;

  OpenAiStreamContextPostProcessor(
      ObjectProvider<ObservationRegistry> registry, StreamParentRegistry parents) {
    this.registry = registry;
    this.parents = parents;
  }

  /** The application's registry, looked up at the first streamed call (then kept). */
  private volatile ObservationRegistry resolved;

  private ObservationRegistry observationRegistry() {
    ObservationRegistry r = resolved;
    if (r == null) {
      r = registry.getIfUnique(() -> ObservationRegistry.NOOP);
      resolved = r;
    }
    return r;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean.getClass().getName().equals(CHAT_MODEL)) {
      replaceClient(bean);
    }
    return bean;
  }

  /** Replaces the first instance field of type {@code OpenAIClientAsync} of {@code target}. */
  void replaceClient(Object target) {
    try {
      for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (f.getType() == OpenAIClientAsync.class && !Modifier.isStatic(f.getModifiers())) {
            f.setAccessible(true);
            OpenAIClientAsync client = (OpenAIClientAsync) f.get(target);
            if (client != null) {
              f.set(
                  target,
                  ContextCarryingOpenAiClient.wrap(client, this::observationRegistry, parents));
            }
            return;
          }
        }
      }
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "openai-stream-context",
          Level.WARNING,
          "last9-genai could not give Spring AI's OpenAI chat model a client that keeps the trace "
              + "context of streamed calls; their HTTP client spans may start traces of their own "
              + "(set last9.genai.spring-ai.stream-trace-context=false to skip this)",
          t);
    }
  }
}
