/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How an {@link Explorer} runs: where it listens, where it keeps spans and for how long, who may
 * talk to it. Immutable; {@link #builder()} starts from the defaults, {@link #parse} reads the
 * command line.
 */
public final class ExplorerOptions {

  /** The usage text {@link Explorer#main} prints for {@code --help} or a bad flag. */
  public static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar last9-genai-explorer.jar [flags]",
          "  --host <address>      address to listen on (default 127.0.0.1; any other needs --token)",
          "  --port <port>         the UI, the JSON API and OTLP/HTTP (default 4318; 0 picks one)",
          "  --grpc-port <port>    OTLP/gRPC (default 4317; 0 picks one; -1 turns it off)",
          "  --db <file>           keep spans in this DuckDB file (default: in memory)",
          "  --retention <age>     drop spans older than this: 30m, 12h, 7d (default 7d)",
          "  --max-spans <n>       keep at most n spans, the oldest dropped first (default 1000000)",
          "  --max-body <bytes>    largest OTLP request body, also once decompressed (default 16777216)",
          "  --token <token>       require this token (also LAST9_EXPLORER_TOKEN)");

  private final String host;
  private final int port;
  private final int grpcPort;
  private final Path database;
  private final Duration retention;
  private final long maxSpans;
  private final int maxBodyBytes;
  private final String token;

  private ExplorerOptions(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.grpcPort = b.grpcPort;
    this.database = b.database;
    this.retention = b.retention;
    this.maxSpans = b.maxSpans;
    this.maxBodyBytes = b.maxBodyBytes;
    this.token = b.token;
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads command-line flags ({@link #USAGE}); the token may also come from {@code
   * LAST9_EXPLORER_TOKEN}.
   *
   * @throws IllegalArgumentException naming the flag that is wrong
   */
  public static ExplorerOptions parse(String[] args, String tokenFromEnvironment) {
    Builder b = builder();
    if (tokenFromEnvironment != null && !tokenFromEnvironment.isBlank()) {
      b.token(tokenFromEnvironment.strip());
    }
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String value;
      int eq = flag.indexOf('=');
      if (eq > 0) {
        value = flag.substring(eq + 1);
        flag = flag.substring(0, eq);
      } else {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        value = args[++i];
      }
      try {
        switch (flag) {
          case "--host":
            b.host(value);
            break;
          case "--port":
            b.port(Integer.parseInt(value));
            break;
          case "--grpc-port":
            b.grpcPort(Integer.parseInt(value));
            break;
          case "--db":
            b.database(Path.of(value));
            break;
          case "--retention":
            b.retention(duration(value));
            break;
          case "--max-spans":
            b.maxSpans(Long.parseLong(value));
            break;
          case "--max-body":
            b.maxBodyBytes(Integer.parseInt(value));
            break;
          case "--token":
            b.token(value);
            break;
          default:
            throw new IllegalArgumentException("unknown flag " + flag);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " must be a whole number, got " + value);
      }
    }
    return b.build();
  }

  /** {@code 30m}, {@code 12h}, {@code 7d}, or an ISO-8601 duration ({@code PT12H}). */
  static Duration duration(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("p")) {
        return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      switch (v.charAt(v.length() - 1)) {
        case 's':
          return Duration.ofSeconds(n);
        case 'm':
          return Duration.ofMinutes(n);
        case 'h':
          return Duration.ofHours(n);
        case 'd':
          return Duration.ofDays(n);
        default:
          break;
      }
    } catch (RuntimeException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--retention must be a duration such as 30m, 12h or 7d, got " + value);
  }

  /** The address to listen on. */
  public String host() {
    return host;
  }

  /** The port of the UI, the JSON API and OTLP/HTTP; 0 picks a free one. */
  public int port() {
    return port;
  }

  /** The OTLP/gRPC port; 0 picks a free one, -1 means no gRPC receiver. */
  public int grpcPort() {
    return grpcPort;
  }

  /** The DuckDB file, or {@code null} to keep everything in memory. */
  public Path database() {
    return database;
  }

  /** Spans older than this are dropped. */
  public Duration retention() {
    return retention;
  }

  /** At most this many spans are kept. */
  public long maxSpans() {
    return maxSpans;
  }

  /** The largest OTLP request body, before and after decompression. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** The token every request must carry, or {@code null}. */
  public String token() {
    return token;
  }

  /** Builds {@link ExplorerOptions}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 4318;
    private int grpcPort = 4317;
    private Path database;
    private Duration retention = Duration.ofDays(7);
    private long maxSpans = 1_000_000;
    private int maxBodyBytes = 16 * 1024 * 1024;
    private String token;

    private Builder() {}

    /** The address to listen on (default {@code 127.0.0.1}). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port (default 4318, OTLP/HTTP's); 0 picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port must be 0 to 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** The OTLP/gRPC port (default 4317); 0 picks a free one, -1 turns gRPC off. */
    public Builder grpcPort(int port) {
      if (port < -1 || port > 65535) {
        throw new IllegalArgumentException("--grpc-port must be -1 to 65535, got " + port);
      }
      this.grpcPort = port;
      return this;
    }

    /** Keeps spans in this DuckDB file, so they survive a restart (default: in memory). */
    public Builder database(Path file) {
      this.database = file;
      return this;
    }

    /** Drops spans that ended longer ago than this (default 7 days). */
    public Builder retention(Duration age) {
      if (age.isNegative() || age.isZero()) {
        throw new IllegalArgumentException("--retention must be positive, got " + age);
      }
      this.retention = age;
      return this;
    }

    /** Keeps at most this many spans, dropping the oldest first (default 1,000,000). */
    public Builder maxSpans(long maxSpans) {
      if (maxSpans < 1) {
        throw new IllegalArgumentException("--max-spans must be at least 1, got " + maxSpans);
      }
      this.maxSpans = maxSpans;
      return this;
    }

    /** The largest OTLP request body, also once decompressed (default 16 MiB). */
    public Builder maxBodyBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("--max-body must be at least 1024, got " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /** The token every request must carry ({@code null} for none on loopback). */
    public Builder token(String token) {
      this.token = token == null || token.isBlank() ? null : token;
      return this;
    }

    /** The options. */
    public ExplorerOptions build() {
      return new ExplorerOptions(this);
    }
  }
}
