package dev.secaudit.probe.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code openssl s_server} on 127.0.0.1. s_server cannot bind port 0, so a free port is found by
 * binding a ServerSocket to 0 and closing it; if another process takes it first, s_server fails to
 * bind and we try another. Ready means s_server printed ACCEPT, not that some time passed.
 */
public final class OpenSslServer implements AutoCloseable {
  private final Process process;
  public final int port;

  private OpenSslServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static boolean available() {
    try {
      Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Starts s_server with the chain and key in {@code pem} and the extra arguments. */
  public static OpenSslServer start(Path[] pem, String... args) throws Exception {
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept",
          "127.0.0.1:" + port, "-cert", pem[0].toString(), "-key", pem[1].toString(), "-www"));
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      BufferedReader out = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder seen = new StringBuilder();
      String line;
      while ((line = out.readLine()) != null) {
        seen.append(line).append('\n');
        if (line.startsWith("ACCEPT")) {
          drain(out);
          return new OpenSslServer(p, port);
        }
      }
      p.waitFor(10, TimeUnit.SECONDS);
      last = new IOException("openssl s_server did not start: " + seen);
      if (!seen.toString().contains("in use")) {
        break;
      }
    }
    throw last;
  }

  /** Keeps reading so that a chatty s_server never blocks on a full pipe. */
  private static void drain(BufferedReader out) {
    Thread t = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // discard
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "openssl-drain");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
