/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's package) on a free loopback port, without persistence,
 * started and stopped by the test, which can also kill, freeze and restart it. {@code REDIS_SERVER}
 * names the binary when it is not on the {@code PATH}. For one server per test class, see {@link
 * RedisServerExtension}.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *   RedisTurnStore store = RedisTurnStore.create(redis.uri());
 *   ...
 * }
 * }</pre>
 */
public final class RedisServer implements AutoCloseable {

  private final Path dir;
  private final int port;
  private Process process;

  private RedisServer(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /**
   * Starts a server on a free port; fails (never skips) when {@code redis-server} is not installed.
   */
  public static RedisServer start() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("last9-redis-it");
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      RedisServer server = new RedisServer(dir, freePort());
      try {
        server.launch();
        return server;
      } catch (IOException e) {
        // another process took the port between the probe and the launch: try another one
        last = e;
        server.kill();
      }
    }
    throw last;
  }

  /** The loopback port it listens on. */
  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Kills the server (SIGKILL): clients see their connections reset, and every key is lost. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      process = null;
    }
  }

  /** Starts the server again on the same port, empty. */
  public void restart() throws IOException, InterruptedException {
    kill();
    launch();
  }

  /**
   * Freezes the server (SIGSTOP): connections stay open and nothing answers, as when Redis hangs.
   */
  public void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** Lets a paused server go on (SIGCONT). */
  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  /**
   * Sends one command (inline protocol) and returns the first line of the answer, e.g. {@code :42}.
   */
  public String command(String command) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }
  }

  /** The number of keys ({@code DBSIZE}). */
  public long dbsize() throws IOException {
    String answer = command("DBSIZE");
    if (!answer.startsWith(":")) {
      throw new IOException("DBSIZE answered " + answer);
    }
    return Long.parseLong(answer.substring(1));
  }

  /** Kills the server; an interrupt while waiting for it to exit is kept for the caller. */
  @Override
  public void close() {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void launch() throws IOException, InterruptedException {
    Path log = dir.resolve("redis-" + port + ".log");
    process =
        new ProcessBuilder(
                List.of(
                    binary(),
                    "--port",
                    Integer.toString(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                    "--dir",
                    dir.toString(),
                    "--logfile",
                    log.toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis-" + port + ".out").toFile())
            .start();
    Process started = process;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        throw new IOException(
            "redis-server exited with "
                + started.exitValue()
                + ": "
                + (Files.exists(log) ? Files.readString(log) : "(no log)"));
      }
      try {
        if ("+PONG".equals(command("PING"))) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new IOException("redis-server did not answer PING on port " + port + " within 10 s");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + signal + " failed");
    }
  }

  private static String binary() {
    String configured = System.getenv("REDIS_SERVER");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/local/bin").split(":")) {
      Path candidate = Paths.get(dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(
        "redis-server is not installed: apt-get install -y redis-server (or set "
            + "REDIS_SERVER to its path); the Redis integration tests need a real server");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
