/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.internal.Throwables;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import java.lang.ref.WeakReference;
import org.springframework.ai.chat.observation.ChatModelObservationContext;

/**
 * The chat model observation started last on each thread and not yet stopped, for a streamed call
 * made where no observation is current. (A blocking call's observation stops on the thread that
 * started it, so it is gone by then.)
 *
 * <p>Why: Spring AI starts a streamed call's chat observation without opening it, then makes the
 * call on the same thread. When an advisor moved the call to another scheduler (Spring AI's chat
 * memory advisors publish on {@code boundedElastic}) and the application does not restore thread
 * locals there, nothing is current at the call, and its HTTP client span would start a trace of its
 * own. The chat observation just started on that thread is the call's: {@link
 * ContextCarryingOpenAiClient} takes it as the parent, once.
 *
 * <p>Only a weak reference is kept, one per thread, cleared when taken or when the observation
 * stops on the same thread; a stopped one is never handed out.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class StartedChatStreams implements ObservationHandler<ChatModelObservationContext> {

  private static final ThreadLocal<WeakReference<ChatModelObservationContext>> LAST =
      new ThreadLocal<>();

  /** Marks a stopped observation's context, so a reference left on another thread is not used. */
  private static final String STOPPED = StartedChatStreams.class.getName() + ".stopped";

  @Override
  public void onStart(ChatModelObservationContext context) {
    try {
      LAST.set(new WeakReference<>(context));
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
    }
  }

  @Override
  public void onStop(ChatModelObservationContext context) {
    try {
      context.put(STOPPED, Boolean.TRUE);
      WeakReference<ChatModelObservationContext> last = LAST.get();
      if (last != null && last.get() == context) {
        LAST.remove();
      }
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
    }
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof ChatModelObservationContext;
  }

  /**
   * The chat observation started last on this thread, as a parent for the call's HTTP observation,
   * or null; handed out once.
   */
  static ObservationView take() {
    WeakReference<ChatModelObservationContext> last = LAST.get();
    if (last == null) {
      return null;
    }
    LAST.remove();
    ChatModelObservationContext context = last.get();
    if (context == null || context.containsKey(STOPPED)) {
      return null;
    }
    return () -> context;
  }
}
