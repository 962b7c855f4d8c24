/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.Last9SpanProcessorBuilder;
import io.last9.genai.internal.setup.ProcessorSettings;
import io.last9.genai.internal.setup.SettingException;
import io.last9.genai.internal.setup.Settings;
import io.last9.genai.pricing.CostMetricSink;
import io.last9.genai.turns.InMemoryTurnStore;
import io.last9.genai.turns.TurnStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Builds the processor from {@code last9.genai.*} with the core's own settings reader and mapping,
 * so a setting means in a Spring application exactly what it means under autoconfigure and the Java
 * agent. Wrong configuration fails start-up with Boot's {@link
 * InvalidConfigurationPropertyValueException}, whose failure report names the property, its value
 * and the reason.
 */
final class ProcessorFactory {

  static final String PREFIX = SpringConfigProperties.SPRING_PREFIX;

  private ProcessorFactory() {}

  /** The library's settings as the application's environment gives them. */
  static Settings settings(Environment environment, ResourceLoader resources) {
    return Settings.of(
        new SpringConfigProperties(environment), PREFIX, location -> resolve(resources, location));
  }

  static Last9SpanProcessor build(Settings settings, TurnStore turnStore, CostMetricSink sink) {
    return reported(
        () -> {
          Last9SpanProcessorBuilder b = ProcessorSettings.builder(settings, turnStore);
          if (sink != null) {
            b.costMetricSink(sink);
          }
          return b.build();
        });
  }

  static InMemoryTurnStore turnStore(Settings settings) {
    return reported(() -> ProcessorSettings.inMemoryTurnStore(settings));
  }

  /** Runs {@code reading}, reporting a setting it refuses the way Boot reports a bad property. */
  static <T> T reported(Supplier<T> reading) {
    try {
      return reading.get();
    } catch (RuntimeException e) {
      SettingException refused = SettingException.of(e);
      if (refused != null) {
        throw new InvalidConfigurationPropertyValueException(
            refused.property(), refused.value(), refused.reason());
      }
      throw e;
    }
  }

  /**
   * A file on disk for {@code location} (a path, a {@code file:} or {@code classpath:} resource); a
   * resource inside a jar is copied to a temporary file first.
   */
  private static Path resolve(ResourceLoader resources, String location) {
    Resource r = resources.getResource(location);
    if (!r.exists() || !r.isReadable()) {
      throw new IllegalArgumentException("the pricing file does not exist or cannot be read");
    }
    try {
      if (r.isFile()) {
        return r.getFile().toPath();
      }
      Path copy = Files.createTempFile("last9-genai-pricing-", ".json");
      copy.toFile().deleteOnExit();
      try (InputStream in = r.getInputStream()) {
        Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      }
      return copy;
    } catch (IOException e) {
      throw new IllegalArgumentException("the pricing file could not be read: " + e);
    }
  }
}
