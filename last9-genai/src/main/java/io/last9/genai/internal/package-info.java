/**
 * Implementation of the scopes, the span processor and the observe wrapper.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
package io.last9.genai.internal;
