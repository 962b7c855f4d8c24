/**
 * The classes the agent injects into the application's class loader, beside the application's copy
 * of last9-genai: they ask that copy, through its bridge contract ({@code io.last9.genai.bridge}),
 * for its state and carry it into the agent's context.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
package io.last9.genai.javaagent.internal.bridge;
