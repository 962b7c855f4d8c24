/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe;

import io.last9.genai.internal.MapResponseExtractor;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import io.last9.genai.pricing.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link UsageExtractor}s every observed call uses: those found by {@link ServiceLoader} (a
 * module registers one in {@code META-INF/services/io.last9.genai.observe.UsageExtractor}), then
 * the built-in ones for {@link ResponseInfo}, {@link Usage} and {@code Map}-shaped responses
 * (OpenAI and Anthropic JSON decoded into maps). The extractor for a class is resolved once per
 * class, without reflection on the hot path. The set is fixed when the class is first used; an
 * extractor for one observation only goes on its builder ({@link
 * GenAiObservationBuilder#usageExtractor}).
 */
public final class UsageExtractors {

  private static final Logger logger = Logger.getLogger(UsageExtractors.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  /** Found once: the class path does not change while the JVM runs. */
  private static final Resolver RESOLVER = new Resolver(load());

  private UsageExtractors() {}

  private static List<UsageExtractor> load() {
    List<UsageExtractor> loaded = new ArrayList<>();
    try {
      for (UsageExtractor e :
          ServiceLoader.load(UsageExtractor.class, UsageExtractors.class.getClassLoader())) {
        loaded.add(e);
      }
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      logger.log(
          Level.WARNING,
          "could not load UsageExtractor services; only built-in extractors are used",
          e);
    }
    return List.copyOf(loaded);
  }

  /**
   * Extracts what can be read from {@code response} with {@code preferred} when it applies to the
   * response's type (an observation's own extractor), else as {@link #extract(Object)} does.
   */
  public static ResponseInfo extract(Object response, UsageExtractor preferred) {
    if (preferred != null && response != null && preferred.responseType().isInstance(response)) {
      return run(preferred, response);
    }
    return extract(response);
  }

  /**
   * Extracts what can be read from {@code response}; {@code null} when no extractor applies or the
   * one that applies failed (reported once per extractor and exception class).
   */
  public static ResponseInfo extract(Object response) {
    if (response == null) {
      return null;
    }
    UsageExtractor e = RESOLVER.forClass.get(response.getClass());
    if (e == NONE) {
      return null;
    }
    return run(e, response);
  }

  private static ResponseInfo run(UsageExtractor e, Object response) {
    try {
      return e.extract(response);
    } catch (Throwable ex) {
      Throwables.rethrowIfFatal(ex);
      warnings.warn(
          "extractor",
          Level.WARNING,
          "UsageExtractor "
              + e.getClass().getName()
              + " failed on a "
              + response.getClass().getName()
              + "; the span gets no usage from it",
          ex);
      return null;
    }
  }

  private static final UsageExtractor NONE =
      new UsageExtractor() {
        @Override
        public Class<?> responseType() {
          return Void.class;
        }

        @Override
        public ResponseInfo extract(Object response) {
          return null;
        }
      };

  private static final List<UsageExtractor> BUILT_IN =
      List.of(
          new UsageExtractor() {
            @Override
            public Class<?> responseType() {
              return ResponseInfo.class;
            }

            @Override
            public ResponseInfo extract(Object response) {
              return (ResponseInfo) response;
            }
          },
          new UsageExtractor() {
            @Override
            public Class<?> responseType() {
              return Usage.class;
            }

            @Override
            public ResponseInfo extract(Object response) {
              return ResponseInfo.builder().usage((Usage) response).build();
            }
          },
          new MapResponseExtractor());

  /** An immutable list of extractors and the per-class choice made from it. */
  private static final class Resolver {
    final List<UsageExtractor> extractors;
    final ClassValue<UsageExtractor> forClass =
        new ClassValue<>() {
          @Override
          protected UsageExtractor computeValue(Class<?> type) {
            for (UsageExtractor e : extractors) {
              if (e.responseType().isAssignableFrom(type)) {
                return e;
              }
            }
            for (UsageExtractor e : BUILT_IN) {
              if (e.responseType().isAssignableFrom(type)) {
                return e;
              }
            }
            return NONE;
          }
        };

    Resolver(List<UsageExtractor> extractors) {
      this.extractors = extractors;
    }
  }
}
