/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.anthropic.internal;

import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.RawMessageStreamEvent;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A {@link StreamResponse} that feeds every event to a {@link StreamRecorder} and ends the span
 * when the stream is exhausted, fails, or is closed (early or not), whichever comes first.
 */
final class TracedStreamResponse implements StreamResponse<RawMessageStreamEvent> {

  private final StreamResponse<RawMessageStreamEvent> delegate;
  private final StreamRecorder recorder;
  private Iterator<RawMessageStreamEvent> iterator;

  TracedStreamResponse(StreamResponse<RawMessageStreamEvent> delegate, StreamRecorder recorder) {
    this.delegate = delegate;
    this.recorder = recorder;
  }

  @Override
  public Stream<RawMessageStreamEvent> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(this::close);
  }

  @Override
  public synchronized Iterator<RawMessageStreamEvent> iterator() {
    if (iterator == null) {
      iterator = new Recording(delegate.stream().iterator());
    }
    return iterator;
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      recorder.finish();
    }
  }

  private final class Recording implements Iterator<RawMessageStreamEvent> {
    private final Iterator<RawMessageStreamEvent> events;

    Recording(Iterator<RawMessageStreamEvent> events) {
      this.events = events;
    }

    @Override
    public boolean hasNext() {
      boolean more;
      try {
        more = events.hasNext();
      } catch (RuntimeException | Error e) {
        recorder.fail(e);
        throw e;
      }
      if (!more) {
        recorder.finish();
      }
      return more;
    }

    @Override
    public RawMessageStreamEvent next() {
      RawMessageStreamEvent event;
      try {
        event = events.next();
      } catch (NoSuchElementException e) {
        throw e;
      } catch (RuntimeException | Error e) {
        recorder.fail(e);
        throw e;
      }
      recorder.onEvent(event);
      return event;
    }
  }
}
