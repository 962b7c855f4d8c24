/**
 * Autoconfigure SPI providers and the console exporter used by the one-call set-up.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
package io.last9.genai.internal.setup;
