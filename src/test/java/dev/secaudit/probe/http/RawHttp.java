package dev.secaudit.probe.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 by hand on a raw loopback socket, for servers that misbehave on purpose. */
public final class RawHttp {
  private RawHttp() {}

  /** Reads up to the blank line that ends a request head (or the end of the stream). */
  public static void readRequest(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        return;
      }
      state = (b == '\r' || b == '\n') ? state + 1 : 0;
    }
  }

  /** The request line's path, after reading the whole request head. */
  public static String requestPath(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      line.append((char) b);
    }
    readRequest(s);
    String[] parts = line.toString().split(" ");
    return parts.length > 1 ? parts[1] : "";
  }

  /** Writes {@code response} as bytes, as is. */
  public static void write(Socket s, String response) throws IOException {
    s.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
  }
}
