/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.content.internal;

import io.last9.genai.internal.ContentFormatter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Turns what an observed call takes or returns into messages: text is one message (the user's
 * input, the assistant's output); a message-shaped value (a map or a record with {@code role} and
 * {@code content}, or a map with {@code role} and {@code parts} in the conventions' shape), a list
 * of them, or a map holding them under {@code messages} become those messages; anything else is one
 * text part holding its JSON or {@code toString()} rendering.
 *
 * <p>A message map's {@code content} may be text or a list of parts ({@code {"type": "text",
 * "text": ...}} as in the OpenAI API); its {@code tool_calls} (OpenAI's shape) become tool-call
 * parts, and a {@code tool} message with a {@code tool_call_id} a tool-call response. A record is
 * read through its {@code role()} and {@code content()} accessors only, found once per class.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class ObservedContent {

  private static final ClassValue<MethodHandle[]> RECORD_ACCESSORS =
      new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
          return recordAccessors(type);
        }
      };

  private ObservedContent() {}

  /** The messages of an observed call's input; null when it could not be rendered. */
  public static List<Message> input(Object value, int renderBudget) {
    List<Message> messages = messages(value, false, null);
    if (messages != null) {
      return messages;
    }
    String text = render(value, renderBudget);
    return text == null ? null : List.of(Message.text("user", text));
  }

  /**
   * The messages of an observed call's output, finished for {@code finishReason} (or stop); null
   * when it could not be rendered.
   */
  public static List<Message> output(Object value, String finishReason, int renderBudget) {
    List<Message> messages = messages(value, true, finishReason);
    if (messages != null) {
      return messages;
    }
    String text = render(value, renderBudget);
    return text == null
        ? null
        : List.of(Message.output("assistant", List.of(Part.text(text)), finishReason));
  }

  private static String render(Object value, int budget) {
    return value instanceof CharSequence
        ? value.toString()
        : ContentFormatter.renderOrNull(value, budget);
  }

  /** The messages {@code value} holds, or null when it is not message-shaped. */
  private static List<Message> messages(Object value, boolean output, String finishReason) {
    if (value == null || value instanceof CharSequence) {
      return null;
    }
    Message one = message(value, output, finishReason);
    if (one != null) {
      return List.of(one);
    }
    Object list = value;
    if (value instanceof Map) {
      Object inner = ((Map<?, ?>) value).get("messages");
      if (!(inner instanceof Collection) || ((Map<?, ?>) value).size() > 3) {
        return null;
      }
      list = inner;
    }
    if (!(list instanceof Collection) || ((Collection<?>) list).isEmpty()) {
      return null;
    }
    List<Message> out = new ArrayList<>();
    for (Object e : (Collection<?>) list) {
      Message m = message(e, output, finishReason);
      if (m == null) {
        return null;
      }
      out.add(m);
      if (out.size() > ContentJson.MAX_MESSAGES * 4) {
        break;
      }
    }
    return out;
  }

  private static Message message(Object value, boolean output, String finishReason) {
    String role;
    Object content;
    Map<?, ?> map = null;
    if (value instanceof Map) {
      map = (Map<?, ?>) value;
      Object r = map.get("role");
      if (!(r instanceof CharSequence)
          || !(map.containsKey("content")
              || map.containsKey("parts")
              || map.containsKey("tool_calls"))) {
        return null;
      }
      role = r.toString();
      content = map.containsKey("parts") ? map.get("parts") : map.get("content");
    } else {
      MethodHandle[] accessors = RECORD_ACCESSORS.get(value.getClass());
      if (accessors == null) {
        return null;
      }
      try {
        Object r = accessors[0].invoke(value);
        if (!(r instanceof CharSequence)) {
          return null;
        }
        role = r.toString();
        content = accessors[1].invoke(value);
      } catch (Throwable t) {
        io.last9.genai.internal.Throwables.rethrowIfFatal(t);
        return null;
      }
    }
    List<Part> parts = new ArrayList<>();
    if (map != null && "tool".equals(role) && map.get("tool_call_id") instanceof CharSequence) {
      parts.add(Part.toolCallResponseJson(map.get("tool_call_id").toString(), text(content)));
    } else {
      addParts(parts, content);
    }
    if (map != null && map.get("tool_calls") instanceof Collection) {
      for (Object call : (Collection<?>) map.get("tool_calls")) {
        Part p = toolCall(call);
        if (p != null) {
          parts.add(p);
        }
      }
    }
    if (output) {
      Object fr = map == null ? null : map.get("finish_reason");
      return Message.output(role, parts, fr instanceof CharSequence ? fr.toString() : finishReason);
    }
    return Message.of(role, parts);
  }

  private static void addParts(List<Part> parts, Object content) {
    if (content == null) {
      return;
    }
    if (content instanceof Collection) {
      for (Object p : (Collection<?>) content) {
        if (p instanceof CharSequence) {
          parts.add(Part.text(p.toString()));
        } else if (p instanceof Map) {
          Map<?, ?> m = (Map<?, ?>) p;
          Object type = m.get("type");
          Object text = m.containsKey("content") ? m.get("content") : m.get("text");
          if (text instanceof CharSequence && (type == null || "text".equals(type))) {
            parts.add(Part.text(text.toString()));
          } else if (type instanceof CharSequence) {
            parts.add(Part.other(type.toString()));
          }
        }
      }
      return;
    }
    parts.add(Part.text(text(content)));
  }

  private static String text(Object content) {
    if (content == null) {
      return "";
    }
    if (content instanceof CharSequence) {
      return content.toString();
    }
    String s = ContentFormatter.renderOrNull(content, Integer.MAX_VALUE / 4);
    return s == null ? "" : s;
  }

  private static Part toolCall(Object call) {
    if (!(call instanceof Map)) {
      return null;
    }
    Map<?, ?> c = (Map<?, ?>) call;
    Object id = c.get("id");
    Object fn = c.get("function");
    Map<?, ?> f = fn instanceof Map ? (Map<?, ?>) fn : c;
    Object name = f.get("name");
    Object args = f.get("arguments");
    String idText = id instanceof CharSequence ? id.toString() : null;
    String nameText = name == null ? "" : name.toString();
    return args instanceof CharSequence
        ? Part.toolCallJson(idText, nameText, args.toString())
        : Part.toolCall(idText, nameText, args);
  }

  /** The accessors of {@code role} and {@code content} of a record class, or null. */
  private static MethodHandle[] recordAccessors(Class<?> type) {
    if (!type.isRecord()) {
      return null;
    }
    MethodHandle role = null;
    MethodHandle content = null;
    try {
      for (RecordComponent c : type.getRecordComponents()) {
        if (c.getName().equals("role") || c.getName().equals("content")) {
          Method accessor = c.getAccessor();
          // records are often package-private (nested in the caller's class); on the class path
          // their accessors can be opened, in a module that does not open the package they cannot
          if (!accessor.trySetAccessible()) {
            return null;
          }
          MethodHandle h = MethodHandles.lookup().unreflect(accessor);
          if (c.getName().equals("role")) {
            role = h;
          } else {
            content = h;
          }
        }
      }
    } catch (Throwable t) {
      io.last9.genai.internal.Throwables.rethrowIfFatal(t);
      return null; // not public, or not readable: not a message for us
    }
    return role == null || content == null ? null : new MethodHandle[] {role, content};
  }
}
