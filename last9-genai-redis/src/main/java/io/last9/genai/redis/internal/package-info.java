/**
 * The Redis turn store's parts: key derivation, the local fallback numbering, the circuit breaker
 * and the autoconfigure provider.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
package io.last9.genai.redis.internal;
