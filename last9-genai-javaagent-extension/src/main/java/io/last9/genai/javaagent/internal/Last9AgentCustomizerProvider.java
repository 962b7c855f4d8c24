/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.internal.AutoConfigureListener;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Adds last9-genai's span processor to the SDK the Java agent builds, configured from the agent's
 * configuration ({@code otel.last9.genai.*} system properties, environment variables and
 * configuration file).
 *
 * <p>It never stops the agent from starting: any failure here (invalid configuration, a pricing
 * file that does not parse, a class that does not link) is logged at {@code SEVERE}, naming what
 * failed, and the agent runs without last9-genai. This class refers to nothing but the SPI, so that
 * loading it cannot fail.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class Last9AgentCustomizerProvider
    implements AutoConfigurationCustomizerProvider, AutoConfigureListener {

  private static final Logger logger =
      Logger.getLogger(Last9AgentCustomizerProvider.class.getName());

  private final AgentSetup setup = new AgentSetup();

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    if (!insideTheAgent()) {
      // on an application's class path beside the core, the core's own provider adds the processor:
      // adding a
      // second one would count every call twice in its workflow's totals
      logger.log(
          Level.INFO,
          "last9-genai-javaagent-extension is on a class path, not in the Java agent: it "
              + "does nothing there (the last9-genai jar's own provider sets up autoconfigure)");
      return;
    }
    customizer.addTracerProviderCustomizer(
        (builder, config) -> {
          try {
            return setup.addProcessor(builder, config);
          } catch (Throwable t) {
            AgentFailures.notActive(logger, t, "setting");
            return builder;
          }
        });
    addContentEvents(customizer);
  }

  /**
   * True when this class was loaded by the agent, whose extension class loader maps the
   * OpenTelemetry API to the agent's shaded copy (the agent's own loader tells the two cases apart
   * the same way).
   */
  static boolean insideTheAgent() {
    return Context.class.getName().contains(".shaded.");
  }

  private void addContentEvents(AutoConfigurationCustomizer customizer) {
    customizer.addLoggerProviderCustomizer(
        (builder, config) -> {
          try {
            return setup.addContentEvents(builder);
          } catch (Throwable t) {
            AgentFailures.rethrowIfFatal(t);
            logger.log(
                Level.SEVERE,
                "last9-genai could not add its content bridge; the GenAI content events stay logs only",
                t);
            return builder;
          }
        });
  }

  @Override
  public void afterAutoConfigure(OpenTelemetrySdk sdk) {
    if (!insideTheAgent()) {
      return;
    }
    try {
      setup.sdkBuilt(sdk);
    } catch (Throwable t) {
      AgentFailures.rethrowIfFatal(t);
      logger.log(
          Level.SEVERE,
          "last9-genai could not reach the agent's SDK; its cost metric is not recorded",
          t);
    }
  }

  @Override
  public int order() {
    // after other customizers, so the processor sees the tracer provider as they left it
    return Integer.MAX_VALUE;
  }
}
