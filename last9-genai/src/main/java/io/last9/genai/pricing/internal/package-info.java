/**
 * The pricing engine: price catalogs (the genai-prices format), caller price tables, model-name
 * resolution, and the pricing of a span with its cost metric.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
package io.last9.genai.pricing.internal;
