/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A user's pricing file in the genai-prices format, loaded into a {@link PriceCatalog}.
 *
 * <p>Its own class, not a method of the catalog: the exceptions it catches and throws are loaded
 * when the JVM verifies the class that handles them, and the catalog is on every processor's
 * start-up path, which reads no file.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class PricingFile {

  private PricingFile() {}

  /**
   * Loads a pricing file. Its costs have the price source {@code file:<file
   * name>:<provider>/<model>}.
   *
   * @throws PricingFileError when the file is missing, unreadable or malformed; the message names
   *     the file and (when malformed) the entry
   */
  public static PriceCatalog load(Path file) {
    Objects.requireNonNull(file, "file");
    Path name = file.getFileName();
    try (InputStream in = Files.newInputStream(file)) {
      return PriceCatalog.parse(in, file.toString(), "file:" + (name == null ? file : name));
    } catch (NoSuchFileException e) {
      throw new PricingFileError(file, "does not exist", e);
    } catch (IOException | UncheckedIOException e) {
      Throwable io = e instanceof UncheckedIOException ? e.getCause() : e;
      throw new PricingFileError(file, "cannot be read: " + io, e);
    } catch (IllegalArgumentException e) {
      // the parser's message starts with the file's name, which the error's message puts first
      String message = String.valueOf(e.getMessage());
      String prefix = "pricing file " + file + ": ";
      throw new PricingFileError(
          file, message.startsWith(prefix) ? message.substring(prefix.length()) : message, e);
    }
  }

  /**
   * Loads the pricing file that {@code setting} (a builder method or a configuration property)
   * names.
   *
   * @throws ConfigurationException when the file is missing, unreadable or malformed, with {@link
   *     PricingFileError#toConfigurationException the message that names the setting}
   */
  public static PriceCatalog loadFor(String setting, Path file) {
    try {
      return load(file);
    } catch (PricingFileError e) {
      throw e.toConfigurationException(setting);
    }
  }
}
