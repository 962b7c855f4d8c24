/**
 * Price catalogs (the genai-prices format), caller price tables and model-name resolution.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
package io.last9.genai.internal.pricing;
