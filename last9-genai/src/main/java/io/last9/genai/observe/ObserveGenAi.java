/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe;

import io.last9.genai.GenAiSpanKind;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Observes every call of the annotated method, as {@link GenAiObservation} does for a lambda: a
 * span of the given kind and name, input, output and argument capture, token usage and cost read
 * from the return value, and the exception recorded once and rethrown unchanged.
 *
 * <pre>{@code
 * @ObserveGenAi(kind = GenAiSpanKind.TOOL, name = "retrieve_documents", tags = {"rag"})
 * List<String> retrieve(String query) { ... }
 * }</pre>
 *
 * <p>The annotation does nothing by itself: it is woven by the {@code
 * last9-genai-javaagent-extension} (under the OpenTelemetry Java agent, no code change) or by the
 * Spring Boot starter (Spring AOP, for Spring beans).
 *
 * <p>A method that returns a {@code CompletionStage}, a Reactor {@code Mono} or {@code Flux}, or a
 * {@code java.util.stream.Stream} ends its span when the work completes (the stage completes, the
 * publisher terminates or is cancelled, the stream is consumed or closed), not when the method
 * returns.
 *
 * <p>Arguments are captured as {@code function.arg.<name>} when the class was compiled with {@code
 * -parameters} (otherwise as {@code function.arg.arg0}, ...): numbers and booleans keep their type,
 * other values are written as text when shorter than 1,000 characters. Argument capture follows the
 * same switches and redaction as input capture.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ObserveGenAi {

  /** The span kind (default {@link GenAiSpanKind#LLM}, as the Python SDK's {@code as_type}). */
  GenAiSpanKind kind() default GenAiSpanKind.LLM;

  /** The span name (default: the method's name). */
  String name() default "";

  /** Whether the arguments are captured as the call's input (default true). */
  boolean captureInput() default true;

  /** Whether the return value is captured as the call's output (default true). */
  boolean captureOutput() default true;

  /**
   * Whether each argument is recorded as a {@code function.arg.<name>} attribute (default true).
   */
  boolean captureArguments() default true;

  /** Tags ({@code tags}, a string array). */
  String[] tags() default {};

  /**
   * Metadata entries as {@code key=value} strings ({@code metadata.<key>}); {@code category} is
   * mirrored to {@code user.category}.
   */
  String[] metadata() default {};

  /** The model the call requests ({@code gen_ai.request.model}), when it is fixed. */
  String model() default "";

  /** The provider ({@code gen_ai.provider.name}), when it is fixed. */
  String provider() default "";
}
