/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Carries the application's last9-genai scopes (conversation, workflow, agent, custom attributes)
 * and observed calls into the agent's context, so that the agent's span processor stamps and prices
 * the agent's own spans (HTTP, openai-java {@code chat}, ...) exactly as the application's.
 * Instrumentation name {@code last9-genai}; disable it with {@code
 * otel.instrumentation.last9-genai.enabled=false}.
 *
 * <p>It applies to a class loader that has the application's copy of last9-genai at a bridge
 * contract version this extension supports ({@link ApplicationContract}), and binds only to that
 * contract's hooks ({@code io.last9.genai.bridge}).
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ScopeBridgeInstrumentationModule extends InstrumentationModule {

  private static final String BRIDGE = "io.last9.genai.javaagent.internal.bridge.";

  public ScopeBridgeInstrumentationModule() {
    super("last9-genai");
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return ApplicationContract.bridgeable();
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new ContextHookInstrumentation(), new TelemetryHookInstrumentation());
  }

  /**
   * The classes the advice calls, injected into the application's class loader beside its
   * last9-genai.
   */
  @Override
  public List<String> getAdditionalHelperClassNames() {
    return List.of(BRIDGE + "MirrorContext", BRIDGE + "AppContextBridge");
  }

  @Override
  public boolean isHelperClass(String className) {
    return className.startsWith(BRIDGE);
  }

  /** Inlined advice calling injected helpers: the agent must not isolate this module's classes. */
  @Override
  public boolean isIndyModule() {
    return false;
  }
}
