package dev.secaudit.layers.before.check;

import java.io.FileInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** A check that does what checks must not: open sockets, files and HTTP, read the clock. */
public final class ImpureCheck {
  public String judge(String url) throws IOException {
    String host = URI.create(url).getHost();
    try (Socket s = new Socket(host, 443);
        FileInputStream in = new FileInputStream("/etc/hosts")) {
      okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
      return host + s.isConnected() + in.read() + Files.size(Path.of("/")) + http
          + Instant.now();
    }
  }
}
