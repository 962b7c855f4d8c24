/**
 * {@link io.last9.genai.redis.RedisTurnStore}: conversation turns numbered on Redis, so that every
 * replica of a service continues the same count, with a bounded local fallback while Redis is slow
 * or down.
 */
package io.last9.genai.redis;
