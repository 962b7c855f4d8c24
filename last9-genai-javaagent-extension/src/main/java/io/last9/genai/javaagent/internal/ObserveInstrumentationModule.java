/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Weaves {@code @io.last9.genai.observe.ObserveGenAi} methods of the application: each call runs
 * through the application's {@code io.last9.genai.bridge.ObserveHook}, as the Spring starter's
 * aspect does for Spring beans. Instrumentation name {@code last9-genai-observe}; disable it with
 * {@code otel.instrumentation.last9-genai-observe.enabled=false}. Like the scope bridge, it applies
 * only where the application's last9-genai has a bridge contract version this extension supports
 * ({@link ApplicationContract}).
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ObserveInstrumentationModule extends InstrumentationModule {

  static final String ANNOTATION = "io.last9.genai.observe.ObserveGenAi";

  public ObserveInstrumentationModule() {
    super("last9-genai-observe");
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return ApplicationContract.bridgeable().and(hasClassesNamed(ANNOTATION));
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new ObserveInstrumentation());
  }

  /**
   * Inlined advice calling the application's own classes: the agent must not isolate this module.
   */
  @Override
  public boolean isIndyModule() {
    return false;
  }
}
