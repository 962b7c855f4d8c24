/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bridge;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The version of the contract between the application's copy of last9-genai and the Java agent
 * extension's copy (see the {@linkplain io.last9.genai.bridge package} for what it covers).
 *
 * <p>The extension reads the application's version from this class's {@link Version} annotation in
 * the class file, without loading the class: it checks it while the agent is still deciding whether
 * to instrument the application's classes, where loading a class is not safe. A build of
 * last9-genai that has no such class predates the contract and counts as version 0, "no version".
 */
@BridgeContract.Version(BridgeContract.VERSION)
public final class BridgeContract {

  /**
   * This build's contract version. Raised by one whenever a change breaks what an extension of the
   * previous version binds to or reads.
   */
  public static final int VERSION = 1;

  private BridgeContract() {}

  /** Carries {@link #VERSION} in the class file, where the extension reads it. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  public @interface Version {

    /** The contract version. */
    int value();
  }
}
