/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.pricing;

import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fetches genai-prices data from a URL at start-up and then periodically, and swaps it into a
 * catalog reference when it parses and validates as a whole. Anything else (network error, non-2xx
 * status, a response slower than the timeout, a body above {@value #MAX_BYTES} bytes, bad JSON, a
 * file without models, a price the parser rejects) leaves the reference as it was and is logged
 * once per kind of failure. The timeout bounds the whole exchange, the body included, so a server
 * that stalls mid-file does not stall the updater. Runs on one daemon thread; readers of the
 * reference never wait for it. Sends {@code If-None-Match}/{@code If-Modified-Since}, so an
 * unchanged file costs a 304.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class PriceUpdater implements AutoCloseable {

  /** The largest data file accepted (genai-prices' full file is about 400 KB). */
  static final int MAX_BYTES = 32 * 1024 * 1024;

  private static final Logger logger = Logger.getLogger(PriceUpdater.class.getName());

  /** This instance's own reports: another set-up in the same JVM never silences them. */
  private final OnceLogger warnings = new OnceLogger(logger);

  private final AtomicReference<PriceCatalog> target;
  private final URI url;
  private final Duration timeout;
  private final ExecutorService httpExecutor;
  private final HttpClient client;
  private final ScheduledExecutorService scheduler;
  private final AtomicLong attempts = new AtomicLong();
  private final AtomicLong swaps = new AtomicLong();
  private volatile String etag;
  private volatile String lastModified;
  private volatile String version;

  private PriceUpdater(AtomicReference<PriceCatalog> target, URI url, Duration timeout) {
    this.target = Objects.requireNonNull(target, "target");
    this.url = Objects.requireNonNull(url, "url");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.httpExecutor = Executors.newCachedThreadPool(daemon("last9-genai-price-updater-http"));
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .proxy(ProxySelector.getDefault())
            .executor(httpExecutor)
            .build();
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(daemon("last9-genai-price-updater"));
  }

  /**
   * Starts updating {@code target}: a first fetch right away (in the background), then one every
   * {@code interval}.
   */
  public static PriceUpdater start(
      AtomicReference<PriceCatalog> target, URI url, Duration interval, Duration timeout) {
    PriceUpdater updater = new PriceUpdater(target, url, timeout);
    updater.scheduler.scheduleWithFixedDelay(
        updater::update, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return updater;
  }

  /** Fetch attempts completed so far, successful or not. */
  public long attempts() {
    return attempts.get();
  }

  /** Catalogs swapped in so far. */
  public long swaps() {
    return swaps.get();
  }

  /** Stops the thread; an attempt in flight is interrupted and swaps nothing. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    httpExecutor.shutdownNow();
  }

  private void update() {
    try {
      fetchAndSwap();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closed while fetching
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warn("unexpected", "failed unexpectedly", t);
    } finally {
      attempts.incrementAndGet();
    }
  }

  private void fetchAndSwap() throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url).timeout(timeout).GET().header("Accept", "application/json");
    if (etag != null) {
      request.header("If-None-Match", etag);
    }
    if (lastModified != null) {
      request.header("If-Modified-Since", lastModified);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    CompletableFuture<HttpResponse<InputStream>> sent =
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    HttpResponse<InputStream> response;
    try {
      response = sent.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      sent.cancel(true);
      warn("timeout", "got no answer within " + timeout, null);
      return;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof HttpTimeoutException) {
        warn("timeout", "got no answer within " + timeout, null);
      } else {
        warn("io", "could not fetch it: " + cause, cause);
      }
      return;
    }
    byte[] body;
    InputStream in = response.body();
    try {
      if (response.statusCode() == 304) {
        return;
      }
      if (response.statusCode() / 100 != 2) {
        warn("http-status", "got HTTP " + response.statusCode(), null);
        return;
      }
      // the request timeout ends at the headers: the body must arrive within what is left of it too
      Future<byte[]> read = httpExecutor.submit(() -> in.readNBytes(MAX_BYTES + 1));
      try {
        body = read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        read.cancel(true);
        warn("timeout", "did not send the whole file within " + timeout, null);
        return;
      } catch (ExecutionException e) {
        warn("io", "could not read it: " + e.getCause(), e.getCause());
        return;
      }
    } finally {
      closeQuietly(in);
    }
    if (body.length > MAX_BYTES) {
      warn("too-large", "the file is larger than " + MAX_BYTES + " bytes", null);
      return;
    }
    if (scheduler.isShutdown()) {
      return;
    }
    String newVersion = sha256(body).substring(0, 12);
    if (newVersion.equals(version)) {
      remember(response);
      return;
    }
    PriceCatalog parsed;
    try {
      parsed =
          PriceCatalog.parse(
              new ByteArrayInputStream(body), url.toString(), "genai-prices@" + newVersion);
    } catch (IllegalArgumentException e) {
      warn("invalid", "the file is not valid genai-prices data: " + e.getMessage(), null);
      return;
    }
    if (parsed.modelCount() == 0) {
      warn("empty", "the file has no models", null);
      return;
    }
    if (scheduler.isShutdown()) {
      return; // closed while parsing: a closed processor's catalog is not changed any more
    }
    target.set(parsed);
    version = newVersion;
    remember(response);
    swaps.incrementAndGet();
    logger.log(
        Level.INFO,
        "last9-genai: price catalog updated to genai-prices@"
            + newVersion
            + " ("
            + parsed.modelCount()
            + " models) from "
            + url);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // nothing left to read from it
    }
  }

  private void remember(HttpResponse<?> response) {
    etag = response.headers().firstValue("ETag").orElse(null);
    lastModified = response.headers().firstValue("Last-Modified").orElse(null);
  }

  private void warn(String kind, String what, Throwable error) {
    warnings.warn(
        "price-update:" + kind,
        Level.WARNING,
        "last9-genai: price update from "
            + OnceLogger.shorten(url.toString())
            + " "
            + what
            + "; the prices in force stay",
        error);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
