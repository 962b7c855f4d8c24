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
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The registry of {@link UsageExtractor}s: programmatic registrations, then those found by {@link
 * ServiceLoader}, then the built-in ones for {@link ResponseInfo}, {@link Usage} and {@code
 * Map}-shaped responses (OpenAI and Anthropic JSON decoded into maps). The extractor for a class is
 * resolved once per class, without reflection on the hot path.
 */
public final class UsageExtractors {

  private static final Logger logger = Logger.getLogger(UsageExtractors.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  private static final List<UsageExtractor> registered = new ArrayList<>();
  private static volatile Resolver resolver = new Resolver(List.of());

  static {
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
    synchronized (registered) {
      registered.addAll(loaded);
      resolver = new Resolver(List.copyOf(registered));
    }
  }

  private UsageExtractors() {}

  /** Registers an extractor ahead of every one registered before it. */
  public static void register(UsageExtractor extractor) {
    Objects.requireNonNull(extractor, "extractor");
    synchronized (registered) {
      registered.add(0, extractor);
      resolver = new Resolver(List.copyOf(registered));
    }
  }

  /** Removes an extractor registered with {@link #register}. */
  public static void unregister(UsageExtractor extractor) {
    synchronized (registered) {
      registered.remove(extractor);
      resolver = new Resolver(List.copyOf(registered));
    }
  }

  /**
   * Extracts what can be read from {@code response}; {@code null} when no extractor applies or the
   * one that applies failed (reported once per extractor and exception class).
   */
  public static ResponseInfo extract(Object response) {
    if (response == null) {
      return null;
    }
    UsageExtractor e = resolver.forClass.get(response.getClass());
    if (e == NONE) {
      return null;
    }
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
