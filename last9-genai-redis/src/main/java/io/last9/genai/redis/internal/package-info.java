/**
 * The Redis turn store's parts: the key derivation, the turn script and the epoch this process saw,
 * the local fallback numbering, the circuit breaker, the settings' checks and URI parsing, and the
 * autoconfigure provider.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
package io.last9.genai.redis.internal;
