/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe.internal;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.GenAiSpanKind;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.List;
import java.util.Map;

/**
 * The attributes an observed call's span starts with, built once per observation: its kind and
 * operation, the request parameters fixed at build time, tags and metadata ({@code category}
 * mirrored to {@code user.category}).
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class StartAttributes {

  private StartAttributes() {}

  /**
   * The start attributes; every argument but {@code kind} and {@code name} may be null (or empty).
   * A tool span also carries {@code gen_ai.tool.name}, its name.
   */
  public static Attributes of(
      GenAiSpanKind kind,
      String name,
      String model,
      String provider,
      Double temperature,
      Long maxTokens,
      Double topP,
      List<String> tags,
      Map<String, String> metadata,
      Attributes extra) {
    AttributesBuilder a = Attributes.builder().put(GenAiAttributes.L9_SPAN_KIND, kind.value());
    if (kind.operationName() != null) {
      a.put(GenAiAttributes.OPERATION_NAME, kind.operationName());
    }
    if (kind == GenAiSpanKind.TOOL) {
      a.put(GenAiAttributes.TOOL_NAME, name);
    }
    if (model != null) {
      a.put(GenAiAttributes.REQUEST_MODEL, model);
    }
    if (provider != null) {
      a.put(GenAiAttributes.PROVIDER_NAME, provider);
    }
    if (temperature != null) {
      a.put(GenAiAttributes.REQUEST_TEMPERATURE, temperature);
    }
    if (maxTokens != null) {
      a.put(GenAiAttributes.REQUEST_MAX_TOKENS, maxTokens);
    }
    if (topP != null) {
      a.put(GenAiAttributes.REQUEST_TOP_P, topP);
    }
    if (tags != null && !tags.isEmpty()) {
      a.put(GenAiAttributes.TAGS, List.copyOf(tags));
    }
    if (metadata != null) {
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        a.put(AttributeKey.stringKey(GenAiAttributes.METADATA_PREFIX + e.getKey()), e.getValue());
        if (e.getKey().equals("category")) {
          a.put(GenAiAttributes.USER_CATEGORY, e.getValue());
        }
      }
    }
    if (extra != null) {
      a.putAll(extra);
    }
    return a.build();
  }
}
