/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Why a pricing file cannot be used (missing, unreadable, malformed), kept apart from the setting
 * that named the file so each caller reports it against its own setting: {@link
 * #toConfigurationException} gives the configuration error the rest of the library fails start-up
 * with, {@code addPricingFile: pricing file /etc/p.json: does not exist} from the builder, {@code
 * otel.last9.genai.pricing.files: pricing file /etc/p.json: does not exist} from configuration. One
 * type for every way a file fails, so a missing and a broken file are handled alike.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class PricingFileError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String problem;

  /**
   * Builds the error.
   *
   * @param file the file
   * @param problem what is wrong with it, without the file's name
   * @param cause the underlying error, or null
   */
  PricingFileError(Path file, String problem, Throwable cause) {
    super("pricing file " + file + ": " + problem, cause);
    this.file = Objects.requireNonNull(file, "file");
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** What is wrong with the file, without its name. */
  public String problem() {
    return problem;
  }

  /**
   * The configuration error for this file, naming {@code setting}: the builder method or the
   * configuration property that named the file. This error is its cause.
   */
  public ConfigurationException toConfigurationException(String setting) {
    return new ConfigurationException(setting + ": " + getMessage(), this);
  }
}
