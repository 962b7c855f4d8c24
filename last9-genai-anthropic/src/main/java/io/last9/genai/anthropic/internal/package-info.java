/**
 * Implementation of this integration.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
package io.last9.genai.anthropic.internal;
