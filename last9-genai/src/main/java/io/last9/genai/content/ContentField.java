/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.content;

import java.util.Objects;

/**
 * Where a captured value sits, as a {@link ContentRedactor} sees it: the side of the call, the
 * message's role, the part's type and the field's name, in the spellings of the OpenTelemetry GenAI
 * semantic conventions' message schema. A user message's text is {@code (INPUT, "user", "text",
 * "content")}; the arguments of a tool call the model asked for are {@code (OUTPUT, "assistant",
 * "tool_call", "arguments")}; a tool span's result is {@code (OUTPUT, "tool", "tool_call_response",
 * "response")}; an exception message is {@code (ERROR, null, null, "exception.message")}.
 *
 * <p>Immutable; instances for the common places are constants, so a capture allocates none.
 */
public final class ContentField {

  /** Part type of text. */
  public static final String TEXT = "text";

  /** Part type of a tool call the model requested. */
  public static final String TOOL_CALL = "tool_call";

  /** Part type of a tool's result sent to the model. */
  public static final String TOOL_CALL_RESPONSE = "tool_call_response";

  /** Part type of reasoning (thinking) content. */
  public static final String REASONING = "reasoning";

  /** Field of a text or reasoning part. */
  public static final String CONTENT = "content";

  /** Field of a tool call's arguments (every string inside them). */
  public static final String ARGUMENTS = "arguments";

  /** Field of a tool call's response (every string inside it). */
  public static final String RESPONSE = "response";

  /** Field of an exception message. */
  public static final String EXCEPTION_MESSAGE = "exception.message";

  /** An exception message. */
  public static final ContentField ERROR_MESSAGE =
      new ContentField(ContentRedactor.Side.ERROR, null, null, EXCEPTION_MESSAGE);

  /** The arguments of a tool span ({@code gen_ai.tool.call.arguments}). */
  public static final ContentField TOOL_ARGUMENTS =
      new ContentField(ContentRedactor.Side.INPUT, "tool", TOOL_CALL, ARGUMENTS);

  /** The result of a tool span ({@code gen_ai.tool.call.result}). */
  public static final ContentField TOOL_RESULT =
      new ContentField(ContentRedactor.Side.OUTPUT, "tool", TOOL_CALL_RESPONSE, RESPONSE);

  private final ContentRedactor.Side side;
  private final String role;
  private final String partType;
  private final String name;

  private ContentField(ContentRedactor.Side side, String role, String partType, String name) {
    this.side = Objects.requireNonNull(side, "side");
    this.role = role;
    this.partType = partType;
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * A field; {@code role} and {@code partType} may be null (content outside a message, such as an
   * exception message or a function argument).
   */
  public static ContentField of(
      ContentRedactor.Side side, String role, String partType, String name) {
    return new ContentField(side, role, partType, name);
  }

  /** The side of the call the value comes from. */
  public ContentRedactor.Side side() {
    return side;
  }

  /**
   * The message's role ({@code system}, {@code user}, {@code assistant}, {@code tool}), or null.
   */
  public String role() {
    return role;
  }

  /** The part's type ({@code text}, {@code tool_call}, ...), or null. */
  public String partType() {
    return partType;
  }

  /** The field's name ({@code content}, {@code arguments}, {@code response}, ...). */
  public String name() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ContentField)) {
      return false;
    }
    ContentField f = (ContentField) o;
    return side == f.side
        && Objects.equals(role, f.role)
        && Objects.equals(partType, f.partType)
        && name.equals(f.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(side, role, partType, name);
  }

  @Override
  public String toString() {
    return side + "/" + role + "/" + partType + "/" + name;
  }
}
