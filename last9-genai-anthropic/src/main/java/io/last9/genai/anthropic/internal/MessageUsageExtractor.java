/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.anthropic.internal;

import com.anthropic.models.messages.Message;
import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.observe.UsageExtractor;

/**
 * Reads an anthropic-java {@link Message} returned from observed code (registered through {@code
 * META-INF/services/io.last9.genai.observe.UsageExtractor}), with the same usage normalisation as
 * the client spans. When anthropic-java is not on the class path it matches nothing instead of
 * failing the registry.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class MessageUsageExtractor implements UsageExtractor {

  private static final Class<?> TYPE = messageClass();

  @Override
  public Class<?> responseType() {
    return TYPE;
  }

  @Override
  public ResponseInfo extract(Object response) {
    return MessageReader.read((Message) response);
  }

  private static Class<?> messageClass() {
    try {
      return Message.class;
    } catch (LinkageError e) {
      return Absent.class;
    }
  }

  /** Stands in for {@code Message} when the client is absent; no response is ever of this type. */
  private static final class Absent {
    private Absent() {}
  }
}
