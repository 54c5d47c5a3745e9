package dev.secaudit.cli;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/** A server on loopback whose every page answers 200 "ok", with the headers a test gives it. */
final class LoopbackPages {
  private LoopbackPages() {}

  /** @param headers adds a page's response headers, given its path */
  static HttpServer start(BiConsumer<String, Headers> headers) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      headers.accept(ex.getRequestURI().getPath(), ex.getResponseHeaders());
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    return server;
  }
}
