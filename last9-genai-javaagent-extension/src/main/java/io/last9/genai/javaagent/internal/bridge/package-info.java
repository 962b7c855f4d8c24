/**
 * The classes the agent injects into the application's class loader, beside the application's copy
 * of last9-genai: they read that copy's state and carry it into the agent's context.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
package io.last9.genai.javaagent.internal.bridge;
