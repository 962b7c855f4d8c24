/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * What a fake server sends back for one request: a status, headers and a body, written whole or as
 * a stream of parts (server-sent events), optionally stalling part-way (a model still generating)
 * or never answering at all. Immutable: {@link #withHeader}, {@link #stallAfter} and {@link
 * #pauseAfter} return a changed copy (of a {@link #byRequest} reply, one that changes what it
 * makes).
 *
 * <p>{@link FakeOpenAI} and {@link FakeAnthropic} make these in their providers' wire formats; the
 * factories here are for anything else.
 */
public final class FakeReply {

  private static final int NO_STALL = -1;

  private final int status;
  private final String contentType;
  private final Map<String, String> headers;
  private final List<String> parts;
  private final boolean streamed;
  private final int stallAfter;
  private final boolean hang;
  private final Function<RecordedRequest, FakeReply> byRequest;

  /** How the parts become bytes: UTF-8 for text; ISO-8859-1, byte for char, for binary frames. */
  private final Charset charset;

  /** What ends the stall and sends the rest, or {@code null}: the stall lasts until the close. */
  private final CountDownLatch resume;

  private FakeReply(
      int status,
      String contentType,
      Map<String, String> headers,
      List<String> parts,
      boolean streamed,
      int stallAfter,
      boolean hang,
      Function<RecordedRequest, FakeReply> byRequest,
      Charset charset) {
    this(status, contentType, headers, parts, streamed, stallAfter, hang, byRequest, charset, null);
  }

  private FakeReply(
      int status,
      String contentType,
      Map<String, String> headers,
      List<String> parts,
      boolean streamed,
      int stallAfter,
      boolean hang,
      Function<RecordedRequest, FakeReply> byRequest,
      Charset charset,
      CountDownLatch resume) {
    this.resume = resume;
    this.charset = charset;
    this.status = status;
    this.contentType = contentType;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    this.parts = List.copyOf(parts);
    this.streamed = streamed;
    this.stallAfter = stallAfter;
    this.hang = hang;
    this.byRequest = byRequest;
  }

  /** A JSON body, written whole with its length. */
  public static FakeReply json(int status, String body) {
    return new FakeReply(
        status, "application/json", Map.of(), List.of(body), false, NO_STALL, false, null, UTF_8);
  }

  /**
   * A {@code text/event-stream} body of status 200: each element is one whole event as it goes on
   * the wire (for example {@code "data: {...}\n\n"}), written and flushed one by one.
   */
  public static FakeReply eventStream(List<String> events) {
    return new FakeReply(
        200,
        "text/event-stream; charset=utf-8",
        Map.of("Cache-Control", "no-cache"),
        events,
        true,
        NO_STALL,
        false,
        null,
        UTF_8);
  }

  /**
   * A stream of binary frames of status 200 (for example AWS's {@code
   * application/vnd.amazon.eventstream}), each element one whole frame, written and flushed one by
   * one.
   */
  public static FakeReply binaryStream(String contentType, List<byte[]> frames) {
    List<String> parts = new ArrayList<>(frames.size());
    for (byte[] f : frames) {
      parts.add(new String(f, ISO_8859_1));
    }
    return new FakeReply(
        200, contentType, Map.of(), parts, true, NO_STALL, false, null, ISO_8859_1);
  }

  /**
   * A reply that never comes: the server reads the request and sends nothing until it is closed, as
   * a provider that hangs does. For client timeouts.
   */
  public static FakeReply hang() {
    return new FakeReply(0, null, Map.of(), List.of(), false, NO_STALL, true, null, UTF_8);
  }

  /**
   * A reply made from the request when it arrives (to answer what was asked, or to route by path).
   */
  public static FakeReply byRequest(Function<RecordedRequest, FakeReply> reply) {
    Objects.requireNonNull(reply, "reply");
    return new FakeReply(0, null, Map.of(), List.of(), false, NO_STALL, false, reply, UTF_8);
  }

  /** A copy with one more response header. */
  public FakeReply withHeader(String name, String value) {
    if (byRequest != null) {
      return byRequest(request -> resolve(request).withHeader(name, value));
    }
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new FakeReply(
        status, contentType, h, parts, streamed, stallAfter, hang, null, charset, resume);
  }

  /**
   * A copy that sends its status, its headers and its first {@code parts} parts, then stalls until
   * the server is closed (a stream the model has not finished, which the client abandons).
   */
  public FakeReply stallAfter(int parts) {
    if (byRequest != null) {
      return byRequest(request -> resolve(request).stallAfter(parts));
    }
    if (parts < 0 || parts > this.parts.size()) {
      throw new IllegalArgumentException(
          "stallAfter(" + parts + ") of a reply with " + this.parts.size() + " parts");
    }
    return new FakeReply(
        status, contentType, headers, this.parts, true, parts, hang, null, charset);
  }

  /**
   * A copy that sends its status, its headers and its first {@code parts} parts, waits until {@code
   * resume} is counted down (or the server is closed), then sends the rest: a model that takes its
   * time over the end of an answer, for a test that must act while the stream is open.
   */
  public FakeReply pauseAfter(int parts, CountDownLatch resume) {
    Objects.requireNonNull(resume, "resume");
    if (byRequest != null) {
      return byRequest(request -> resolve(request).pauseAfter(parts, resume));
    }
    if (parts < 0 || parts >= this.parts.size()) {
      throw new IllegalArgumentException(
          "pauseAfter(" + parts + ") of a reply with " + this.parts.size() + " parts");
    }
    return new FakeReply(
        status, contentType, headers, this.parts, true, parts, hang, null, charset, resume);
  }

  /** The HTTP status (0 for a reply that never comes). */
  public int status() {
    return status;
  }

  /** The body's parts: one for a whole body, one per event for a stream. */
  public List<String> parts() {
    return parts;
  }

  /** The whole body. */
  public String body() {
    return String.join("", parts);
  }

  /** The body's parts as the bytes that go on the wire. */
  List<byte[]> bytes() {
    List<byte[]> out = new ArrayList<>(parts.size());
    for (String p : parts) {
      out.add(p.getBytes(charset));
    }
    return out;
  }

  String contentType() {
    return contentType;
  }

  Map<String, String> headers() {
    return headers;
  }

  boolean streamed() {
    return streamed;
  }

  /** The number of parts sent before the stall, or -1 for none. */
  int stallAfter() {
    return stallAfter;
  }

  /** What ends the stall, or {@code null} when only the server's close does. */
  CountDownLatch resume() {
    return resume;
  }

  boolean hangs() {
    return hang;
  }

  /** This reply for {@code request}: itself, or what {@link #byRequest} makes of the request. */
  FakeReply resolve(RecordedRequest request) {
    FakeReply r = this;
    while (r.byRequest != null) {
      r = Objects.requireNonNull(r.byRequest.apply(request), "a byRequest reply returned null");
    }
    return r;
  }

  @Override
  public String toString() {
    if (byRequest != null) {
      return "FakeReply{byRequest}";
    }
    if (hang) {
      return "FakeReply{hang}";
    }
    return "FakeReply{"
        + status
        + " "
        + contentType
        + (stallAfter >= 0 ? ", stall after " + stallAfter : "")
        + ", "
        + parts.size()
        + " part(s)}";
  }
}
