/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;

import io.last9.genai.bridge.BridgeContract;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * The bridge contract of the application's last9-genai (see the core's {@code
 * io.last9.genai.bridge} package), checked the first time the agent meets a class loader that has
 * the library: the extension binds to the application's classes only at a version it supports.
 *
 * <p>The version is read from the application's {@code BridgeContract} class file, without loading
 * the class: the check runs while the agent decides whether to transform a class of that loader,
 * where loading another is not safe. A library without that class predates the contract: version 0.
 * At a version this extension does not support, it logs one warning naming both versions, and
 * neither the scope bridge nor the weaving of {@code @ObserveGenAi} applies there: the application
 * runs as without them, and the agent's spans are still exported and priced.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class ApplicationContract {

  private static final Logger logger = Logger.getLogger(ApplicationContract.class.getName());

  /**
   * The contract versions this extension bridges: its own, and an older one for as long as this
   * extension can still serve it (what differs is then handled where the extension binds to it).
   */
  static final Set<Integer> SUPPORTED = Set.of(BridgeContract.VERSION);

  /**
   * A class every build of last9-genai has had, from before the contract too: where it is, the
   * library is.
   */
  static final String LIBRARY_CLASS = "io.last9.genai.ConversationContext";

  /**
   * What was decided for each class loader, kept as long as the loader lives. Few entries: only
   * loaders that see the library get here.
   */
  private static final Map<ClassLoader, Boolean> decided =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** The unsupported versions already reported: each once per JVM, whatever loader has it. */
  private static final Set<Integer> reported = ConcurrentHashMap.newKeySet();

  private ApplicationContract() {}

  /**
   * Matches a class loader that has the application's last9-genai at a contract version this
   * extension supports; the instrumentation modules apply only there.
   */
  static ElementMatcher.Junction<ClassLoader> bridgeable() {
    // the agent's own matcher first: it caches, per loader, whether the library is there at all
    return hasClassesNamed(LIBRARY_CLASS)
        .and(
            new ElementMatcher.Junction.AbstractBase<ClassLoader>() {
              @Override
              public boolean matches(ClassLoader loader) {
                return bridges(loader);
              }
            });
  }

  /**
   * True when the last9-genai that {@code loader} sees has a contract version this extension
   * supports; false otherwise (reported once per version) and when it cannot be told (reported once
   * as well). Never throws.
   */
  static boolean bridges(ClassLoader loader) {
    if (loader == null) {
      return false; // the boot class path: no application there
    }
    Boolean known = decided.get(loader);
    if (known != null) {
      return known;
    }
    // decided outside the lock: reading a class file may wait for I/O, and a race only decides
    // twice
    boolean bridges = decide(loader);
    decided.put(loader, bridges);
    return bridges;
  }

  private static boolean decide(ClassLoader loader) {
    int version;
    try {
      version = versionIn(loader);
    } catch (Throwable t) {
      AgentFailures.rethrowIfFatal(t);
      if (reported.add(-1)) {
        logger.log(
            Level.WARNING,
            "last9-genai: cannot read the bridge contract version of the application's last9-genai; "
                + "the Java agent extension leaves its classes alone. "
                + consequences(),
            t);
      }
      return false;
    }
    if (SUPPORTED.contains(version)) {
      return true;
    }
    if (reported.add(version)) {
      logger.log(Level.WARNING, mismatch(version));
    }
    return false;
  }

  /**
   * The contract version of the last9-genai {@code loader} sees, from its {@code BridgeContract}
   * class file; 0 when there is none.
   *
   * @throws IOException when the class file cannot be read
   * @throws IllegalStateException when the class file cannot be parsed
   */
  static int versionIn(ClassLoader loader) throws IOException {
    try (ClassFileLocator classFiles = ClassFileLocator.ForClassLoader.of(loader)) {
      TypePool.Resolution contract =
          TypePool.Default.of(classFiles).describe(BridgeContract.class.getName());
      if (!contract.isResolved()) {
        return 0;
      }
      for (AnnotationDescription a : contract.resolve().getDeclaredAnnotations()) {
        TypeDescription type = a.getAnnotationType();
        if (type.getName().equals(BridgeContract.Version.class.getName())) {
          MethodDescription.InDefinedShape value =
              type.getDeclaredMethods().filter(named("value")).getOnly();
          return a.getValue(value).resolve(Integer.class);
        }
      }
      return 0;
    }
  }

  /** The warning for an application at contract {@code version}, which this extension lacks. */
  static String mismatch(int version) {
    return "last9-genai: the application's last9-genai has bridge contract version "
        + version
        + (version == 0 ? " (none: it predates versioned contracts)" : "")
        + " and this Java agent extension has version "
        + BridgeContract.VERSION
        + " (it bridges "
        + new TreeSet<>(SUPPORTED)
        + "), so the extension leaves the application's last9-genai classes alone. "
        + consequences()
        + " Use the extension of the application's last9-genai release.";
  }

  private static String consequences() {
    return "The agent still exports every span and the extension still prices them, but the agent's "
        + "spans carry none of the application's conversations, workflows or turns, and @ObserveGenAi "
        + "methods are not woven.";
  }
}
