/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import io.last9.genai.internal.Throwables;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@link OpenTelemetry} handed to OpenTelemetry's openai-java instrumentation: the user's own,
 * except that the spans it starts are {@link ClientSpan}s, which tell us when they end (so the
 * content bridge writes its events while the span can still take them and drops its per-span
 * state), and whose type marks the span as the instrumentation's client span (so cache and
 * reasoning counts go on that span and no other), and that its log records go to {@code
 * logsBridge}.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class HookedOpenTelemetry implements OpenTelemetry {

  private final OpenTelemetry delegate;
  private final LoggerProvider logsBridge;
  private final Consumer<ClientSpan> beforeEnd;

  /**
   * @param beforeEnd runs on the span just before it ends, on the thread that ends it
   */
  public HookedOpenTelemetry(
      OpenTelemetry delegate, LoggerProvider logsBridge, Consumer<ClientSpan> beforeEnd) {
    this.delegate = delegate;
    this.logsBridge = logsBridge;
    this.beforeEnd = beforeEnd;
  }

  @Override
  public TracerProvider getTracerProvider() {
    TracerProvider tp = delegate.getTracerProvider();
    return new TracerProvider() {
      @Override
      public Tracer get(String name) {
        return new HookedTracer(tp.get(name));
      }

      @Override
      public Tracer get(String name, String version) {
        return new HookedTracer(tp.get(name, version));
      }

      @Override
      public TracerBuilder tracerBuilder(String name) {
        TracerBuilder b = tp.tracerBuilder(name);
        return new TracerBuilder() {
          @Override
          public TracerBuilder setSchemaUrl(String schemaUrl) {
            b.setSchemaUrl(schemaUrl);
            return this;
          }

          @Override
          public TracerBuilder setInstrumentationVersion(String version) {
            b.setInstrumentationVersion(version);
            return this;
          }

          @Override
          public Tracer build() {
            return new HookedTracer(b.build());
          }
        };
      }
    };
  }

  @Override
  public MeterProvider getMeterProvider() {
    return delegate.getMeterProvider();
  }

  @Override
  public LoggerProvider getLogsBridge() {
    return logsBridge;
  }

  @Override
  public ContextPropagators getPropagators() {
    return delegate.getPropagators();
  }

  private final class HookedTracer implements Tracer {
    private final Tracer tracer;

    HookedTracer(Tracer tracer) {
      this.tracer = tracer;
    }

    @Override
    public boolean isEnabled() {
      return tracer.isEnabled();
    }

    @Override
    public SpanBuilder spanBuilder(String spanName) {
      SpanBuilder b = tracer.spanBuilder(spanName);
      return new SpanBuilder() {
        @Override
        public SpanBuilder setParent(Context context) {
          b.setParent(context);
          return this;
        }

        @Override
        public SpanBuilder setNoParent() {
          b.setNoParent();
          return this;
        }

        @Override
        public SpanBuilder addLink(SpanContext spanContext) {
          b.addLink(spanContext);
          return this;
        }

        @Override
        public SpanBuilder addLink(SpanContext spanContext, Attributes attributes) {
          b.addLink(spanContext, attributes);
          return this;
        }

        @Override
        public SpanBuilder setAttribute(String key, String value) {
          b.setAttribute(key, value);
          return this;
        }

        @Override
        public SpanBuilder setAttribute(String key, long value) {
          b.setAttribute(key, value);
          return this;
        }

        @Override
        public SpanBuilder setAttribute(String key, double value) {
          b.setAttribute(key, value);
          return this;
        }

        @Override
        public SpanBuilder setAttribute(String key, boolean value) {
          b.setAttribute(key, value);
          return this;
        }

        @Override
        public <T> SpanBuilder setAttribute(AttributeKey<T> key, T value) {
          b.setAttribute(key, value);
          return this;
        }

        @Override
        public SpanBuilder setAllAttributes(Attributes attributes) {
          b.setAllAttributes(attributes);
          return this;
        }

        @Override
        public SpanBuilder setSpanKind(SpanKind spanKind) {
          // every span of the openai-java instrumentation is a call to the OpenAI API; 2.31.1
          // leaves chat spans
          // INTERNAL, the semantic conventions say CLIENT
          b.setSpanKind(spanKind == SpanKind.INTERNAL ? SpanKind.CLIENT : spanKind);
          return this;
        }

        @Override
        public SpanBuilder setStartTimestamp(long startTimestamp, TimeUnit unit) {
          b.setStartTimestamp(startTimestamp, unit);
          return this;
        }

        @Override
        public Span startSpan() {
          Span span = b.startSpan();
          return span.isRecording() ? new ClientSpan(span, beforeEnd) : span;
        }
      };
    }
  }

  /**
   * A span of the openai-java instrumentation, seen through this wrapper: every call goes to the
   * real span; {@link #end()} first runs the hook.
   */
  public static final class ClientSpan implements Span {
    private final Span span;
    private final Consumer<ClientSpan> beforeEnd;
    private volatile boolean ended;

    ClientSpan(Span span, Consumer<ClientSpan> beforeEnd) {
      this.span = span;
      this.beforeEnd = beforeEnd;
    }

    /** The real span. */
    public Span delegate() {
      return span;
    }

    /** True once {@code end} was called. */
    public boolean hasEnded() {
      return ended;
    }

    @Override
    public <T> Span setAttribute(AttributeKey<T> key, T value) {
      span.setAttribute(key, value);
      return this;
    }

    @Override
    public Span addEvent(String name, Attributes attributes) {
      span.addEvent(name, attributes);
      return this;
    }

    @Override
    public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
      span.addEvent(name, attributes, timestamp, unit);
      return this;
    }

    @Override
    public Span setStatus(StatusCode statusCode, String description) {
      span.setStatus(statusCode, description);
      return this;
    }

    @Override
    public Span recordException(Throwable exception, Attributes additionalAttributes) {
      span.recordException(exception, additionalAttributes);
      return this;
    }

    @Override
    public Span updateName(String name) {
      span.updateName(name);
      return this;
    }

    @Override
    public Span addLink(SpanContext spanContext, Attributes attributes) {
      span.addLink(spanContext, attributes);
      return this;
    }

    @Override
    public void end() {
      if (beforeEndOnce()) {
        span.end();
      }
    }

    @Override
    public void end(long timestamp, TimeUnit unit) {
      if (beforeEndOnce()) {
        span.end(timestamp, unit);
      }
    }

    private boolean beforeEndOnce() {
      synchronized (this) {
        if (ended) {
          return false;
        }
        ended = true;
      }
      try {
        beforeEnd.accept(this);
      } catch (Throwable e) {
        Throwables.rethrowIfFatal(e);
        // never let our hook keep the span from ending
      }
      return true;
    }

    @Override
    public SpanContext getSpanContext() {
      return span.getSpanContext();
    }

    @Override
    public boolean isRecording() {
      return span.isRecording();
    }
  }
}
