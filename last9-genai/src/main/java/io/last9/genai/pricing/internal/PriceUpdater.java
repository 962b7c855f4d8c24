/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import io.last9.genai.pricing.PriceUpdates;
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
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
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
 * catalog reference when it parses, validates as a whole and is not a downgrade of what the
 * reference holds. Anything else (network error, non-2xx status, a redirect to another origin or
 * more than {@value PriceUpdates#MAX_REDIRECTS} redirects, a response slower than the timeout, a
 * body above {@value #MAX_BYTES} bytes, bad JSON, a file without models, a price the parser
 * rejects, data older than the data in force or lacking some of its models) leaves the reference as
 * it was and is logged once per kind of failure. The timeout bounds the whole exchange, redirects
 * and body included, so a server that stalls mid-file does not stall the updater. Runs on one
 * daemon thread; readers of the reference never wait for it. Sends {@code If-None-Match}/{@code
 * If-Modified-Since}, so an unchanged file costs a 304.
 *
 * <p>A reference that holds nothing (the bundled catalog is off) takes the first valid file.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class PriceUpdater implements AutoCloseable {

  /** The largest data file accepted (genai-prices' full file is about 400 KB). */
  static final int MAX_BYTES = 32 * 1024 * 1024;

  /** How many missing models a refusal names. */
  private static final int MISSING_MODELS_NAMED = 5;

  private static final Logger logger = Logger.getLogger(PriceUpdater.class.getName());

  /** This instance's own reports: another set-up in the same JVM never silences them. */
  private final OnceLogger warnings = new OnceLogger(logger);

  private final AtomicReference<PriceCatalog> target;
  private final URI url;
  private final Duration timeout;
  private final boolean allowDowngrade;
  private final ExecutorService httpExecutor;
  private final HttpClient client;
  private final ScheduledExecutorService scheduler;
  private final AtomicLong attempts = new AtomicLong();
  private final AtomicLong swaps = new AtomicLong();
  private volatile String etag;
  private volatile String lastModified;
  private volatile String version;

  /**
   * The last file refused for lacking models, and why: its content decides that, so it is not
   * parsed again.
   */
  private volatile String refusedVersion;

  private volatile String refusedKind;
  private volatile String refusal;

  private PriceUpdater(AtomicReference<PriceCatalog> target, PriceUpdates settings) {
    this.target = Objects.requireNonNull(target, "target");
    this.url = settings.url();
    this.timeout = settings.timeout();
    this.allowDowngrade = settings.allowDowngrade();
    this.httpExecutor = Executors.newCachedThreadPool(daemon("last9-genai-price-updater-http"));
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            // redirects are followed here, only within the configured origin
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(ProxySelector.getDefault())
            .executor(httpExecutor)
            .build();
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(daemon("last9-genai-price-updater"));
  }

  /**
   * Starts updating {@code target}: a first fetch right away (in the background), then one every
   * {@link PriceUpdates#interval()}.
   *
   * @param target the catalog in force; it may hold null, and then takes the first valid file
   */
  public static PriceUpdater start(AtomicReference<PriceCatalog> target, PriceUpdates settings) {
    return start(target, settings, settings.interval());
  }

  /**
   * As {@link #start(AtomicReference, PriceUpdates)}, with any interval (tests use milliseconds).
   */
  static PriceUpdater start(
      AtomicReference<PriceCatalog> target, PriceUpdates settings, Duration interval) {
    Objects.requireNonNull(settings, "settings");
    PriceUpdater updater = new PriceUpdater(target, settings);
    updater.scheduler.scheduleWithFixedDelay(
        updater::update, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
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
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpResponse<InputStream> response = fetch(deadline);
    if (response == null) {
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
    if (newVersion.equals(refusedVersion)) {
      remember(response);
      warn(refusedKind, refusal, null); // the same file again: refused again, without parsing it
      return;
    }
    Instant fetched = Instant.now();
    Instant dataTime = lastModified(response);
    if (dataTime == null || dataTime.isAfter(fetched)) {
      // no date, or one in the future, which is not believed: it would make every later file older
      dataTime = fetched;
    }
    PriceCatalog parsed;
    try {
      parsed =
          PriceCatalog.parse(
              new ByteArrayInputStream(body), url.toString(), "genai-prices", dataTime);
    } catch (IllegalArgumentException e) {
      warn("invalid", "the file is not valid genai-prices data: " + e.getMessage(), null);
      return;
    }
    if (parsed.modelCount() == 0) {
      warn("empty", "the file has no models", null);
      return;
    }
    PriceCatalog current = target.get();
    if (current != null && !allowDowngrade && refusedAsDowngrade(current, parsed, newVersion)) {
      remember(response);
      return;
    }
    if (scheduler.isShutdown()) {
      return; // closed while parsing: a closed processor's catalog is not changed any more
    }
    if (!target.compareAndSet(current, parsed)) {
      return; // the catalog in force changed under us: the next attempt compares with it
    }
    version = newVersion;
    remember(response);
    swaps.incrementAndGet();
    logger.log(
        Level.INFO,
        "last9-genai: price catalog updated from "
            + url
            + ": genai-prices data of "
            + parsed.dataDate()
            + " ("
            + parsed.modelCount()
            + " models, SHA-256 "
            + newVersion
            + "...)");
  }

  /**
   * Sends the request, following redirects within the configured origin; null (after a warning)
   * when there is no response to use.
   */
  private HttpResponse<InputStream> fetch(long deadline) throws InterruptedException {
    URI at = url;
    for (int redirects = 0; ; redirects++) {
      HttpResponse<InputStream> response = send(at, deadline);
      if (response == null || !isRedirect(response.statusCode())) {
        return response;
      }
      closeQuietly(response.body());
      String location = response.headers().firstValue("Location").orElse(null);
      URI next = null;
      try {
        next = location == null ? null : at.resolve(location.trim());
      } catch (IllegalArgumentException e) {
        // not a URI: reported below
      }
      if (next == null || next.getHost() == null) {
        warn("redirect", "got HTTP " + response.statusCode() + " without a usable Location", null);
        return null;
      }
      if (!sameOrigin(url, next)) {
        warn(
            "redirect-elsewhere",
            "was redirected to another origin ("
                + origin(next)
                + "), which is not followed: set the URL to that location if you trust it",
            null);
        return null;
      }
      if (redirects == PriceUpdates.MAX_REDIRECTS) {
        warn("redirect", "was redirected more than " + PriceUpdates.MAX_REDIRECTS + " times", null);
        return null;
      }
      at = next;
    }
  }

  private HttpResponse<InputStream> send(URI at, long deadline) throws InterruptedException {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      warn("timeout", "got no answer within " + timeout, null);
      return null;
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(at)
            .timeout(Duration.ofNanos(remaining))
            .GET()
            .header("Accept", "application/json");
    if (etag != null) {
      request.header("If-None-Match", etag);
    }
    if (lastModified != null) {
      request.header("If-Modified-Since", lastModified);
    }
    CompletableFuture<HttpResponse<InputStream>> sent =
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    try {
      return sent.get(remaining, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      sent.cancel(true);
      warn("timeout", "got no answer within " + timeout, null);
      return null;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof HttpTimeoutException) {
        warn("timeout", "got no answer within " + timeout, null);
      } else {
        warn("io", "could not fetch it: " + cause, cause);
      }
      return null;
    }
  }

  /**
   * True, after a warning, when installing {@code parsed} over {@code current} would be a
   * downgrade: older data, or models the current catalog prices and the new one does not.
   */
  private boolean refusedAsDowngrade(PriceCatalog current, PriceCatalog parsed, String newVersion) {
    String kind = null;
    String why = null;
    if (current.dataTime() != null && parsed.dataTime().isBefore(current.dataTime())) {
      kind = "older";
      why =
          "serves data of "
              + parsed.dataTime()
              + " (its Last-Modified), older than the data in force ("
              + current.dataTime()
              + ")";
    } else {
      List<String> missing = current.modelsMissingFrom(parsed);
      if (!missing.isEmpty()) {
        kind = "missing-models";
        why =
            "serves a file that lacks "
                + missing.size()
                + " of the "
                + current.modelCount()
                + " models in force ("
                + String.join(
                    ", ", missing.subList(0, Math.min(MISSING_MODELS_NAMED, missing.size())))
                + (missing.size() > MISSING_MODELS_NAMED ? ", ..." : "")
                + "), which would be unpriced";
      }
    }
    if (kind == null) {
      return false;
    }
    why +=
        "; to install such a file anyway, set otel.last9.genai.pricing.updates.allow-downgrade=true"
            + " (PriceUpdates.builder().allowDowngrade(true))";
    if (kind.equals("missing-models")) {
      refusedKind = kind;
      refusal = why;
      refusedVersion = newVersion; // written last: the fast path reads it first
    }
    warn(kind, why, null);
    return true;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return scheme(a).equals(scheme(b))
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static String origin(URI u) {
    return scheme(u) + "://" + u.getHost() + ":" + port(u);
  }

  private static String scheme(URI u) {
    return u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
  }

  private static int port(URI u) {
    if (u.getPort() >= 0) {
      return u.getPort();
    }
    return "https".equals(scheme(u)) ? 443 : 80;
  }

  /** The response's Last-Modified, or null when it has none or it does not parse. */
  private static Instant lastModified(HttpResponse<?> response) {
    String value = response.headers().firstValue("Last-Modified").orElse(null);
    if (value == null) {
      return null;
    }
    try {
      return DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim(), Instant::from);
    } catch (DateTimeException e) {
      return null;
    }
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
