/**
 * The observe wrapper behind {@link io.last9.genai.observe.GenAiObservation} and {@link
 * io.last9.genai.observe.ObserveGenAi}: one run per observed call, its span, its content capture
 * and its error recording.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
package io.last9.genai.observe.internal;
