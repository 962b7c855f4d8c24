/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import java.util.concurrent.TimeUnit;

/**
 * Re-emits every log record of the openai-java instrumentation to the user's own {@link
 * LoggerProvider}, so the instrumentation's log events still reach the user's log pipeline after
 * the content bridge has read them.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ForwardingLogRecordProcessor implements LogRecordProcessor {

  private final LoggerProvider target;

  /** Forwards to {@code target}. */
  public ForwardingLogRecordProcessor(LoggerProvider target) {
    this.target = target;
  }

  @Override
  public void onEmit(Context context, ReadWriteLogRecord record) {
    LogRecordBuilder b =
        target
            .get(record.getInstrumentationScopeInfo().getName())
            .logRecordBuilder()
            .setContext(context)
            .setAllAttributes(record.getAttributes());
    if (record.getTimestampEpochNanos() != 0) {
      b.setTimestamp(record.getTimestampEpochNanos(), TimeUnit.NANOSECONDS);
    }
    if (record.getObservedTimestampEpochNanos() != 0) {
      b.setObservedTimestamp(record.getObservedTimestampEpochNanos(), TimeUnit.NANOSECONDS);
    }
    if (record.getSeverity() != null
        && record.getSeverity() != Severity.UNDEFINED_SEVERITY_NUMBER) {
      b.setSeverity(record.getSeverity());
    }
    if (record.getSeverityText() != null) {
      b.setSeverityText(record.getSeverityText());
    }
    Value<?> body = record.getBodyValue();
    if (body != null) {
      b.setBody(body);
    }
    if (record.getEventName() != null) {
      b.setEventName(record.getEventName());
    }
    b.emit();
  }
}
